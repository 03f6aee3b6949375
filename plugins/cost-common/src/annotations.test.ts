import { parseBudgetAnnotation, parseCostTagsAnnotation } from './annotations';

describe('annotations', () => {
  it('parses budgets', () => {
    expect(parseBudgetAnnotation('500 USD')).toEqual({
      amount: 500,
      currency: 'USD',
    });
    expect(parseBudgetAnnotation(' 1,200.5 eur ')).toEqual({
      amount: 1200.5,
      currency: 'EUR',
    });
    expect(parseBudgetAnnotation('lots')).toBeUndefined();
    expect(parseBudgetAnnotation('0 USD')).toBeUndefined();
    expect(parseBudgetAnnotation(undefined)).toBeUndefined();
  });

  it('parses cost tags with normalised keys', () => {
    expect(
      parseCostTagsAnnotation(
        ' Application = BrightPathMatrix, env=prod,broken',
      ),
    ).toEqual({
      application: 'BrightPathMatrix',
      env: 'prod',
    });
    expect(parseCostTagsAnnotation(undefined)).toEqual({});
  });
});

import { pushFactsRequestSchema } from './api';
import { factValueLimitProblem, platformContractLimits } from './limits';

describe('fact value limits', () => {
  const push = (value: unknown) =>
    pushFactsRequestSchema.safeParse({
      facts: [{ entityRef: 'component:default/a', name: 'build.ok', value }],
    });

  it('reports a missing value as an issue instead of failing', () => {
    const result = push(undefined);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(
      'the value is not JSON',
    );
  });

  it('bounds depth and size', () => {
    let deep: unknown = 1;
    for (let i = 0; i <= platformContractLimits.factValueDepth; i++) {
      deep = [deep];
    }
    expect(factValueLimitProblem(deep as never)).toMatch(/levels deep/);
    expect(
      factValueLimitProblem(
        'x'.repeat(platformContractLimits.factValueJsonChars + 1),
      ),
    ).toMatch(/characters as JSON/);
    expect(push({ passed: 3 }).success).toBe(true);
  });
});

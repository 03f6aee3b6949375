import {
  parseBudgetAnnotation,
  parseCostTagsAnnotation,
  parseKubernetesLabelSelectorAnnotation,
  parseKubernetesNamespaceAnnotation,
} from './annotations';

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

describe('kubernetes annotations', () => {
  it('parses namespace lists and refuses what is not a namespace', () => {
    expect(
      parseKubernetesNamespaceAnnotation(
        ' kube-system, ingress-nginx,kube-system',
      ),
    ).toEqual({ namespaces: ['kube-system', 'ingress-nginx'], invalid: [] });
    expect(
      parseKubernetesNamespaceAnnotation(
        'http://evil.example/allocation, brightpath, ../etc, Prod, a_b',
      ),
    ).toEqual({
      namespaces: ['brightpath'],
      invalid: ['http://evil.example/allocation', '../etc', 'Prod', 'a_b'],
    });
    expect(parseKubernetesNamespaceAnnotation(undefined)).toEqual({
      namespaces: [],
      invalid: [],
    });
    expect(
      parseKubernetesNamespaceAnnotation(`${'a'.repeat(64)}`).namespaces,
    ).toEqual([]);
  });

  it('parses one label selector and refuses URLs', () => {
    expect(
      parseKubernetesLabelSelectorAnnotation(
        ' app.kubernetes.io/part-of = zoommap ',
      ),
    ).toEqual({ key: 'app.kubernetes.io/part-of', value: 'zoommap' });
    expect(parseKubernetesLabelSelectorAnnotation('team=tempe-ai')).toEqual({
      key: 'team',
      value: 'tempe-ai',
    });
    for (const bad of [
      'https://opencost.evil.example/?x=1',
      'http://x=y',
      'app=zoommap,team=tempe',
      'app=',
      '=zoommap',
      'app',
      'app=a b',
      undefined,
    ]) {
      expect(parseKubernetesLabelSelectorAnnotation(bad)).toBeUndefined();
    }
  });
});

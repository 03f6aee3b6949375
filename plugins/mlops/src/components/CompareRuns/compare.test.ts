import { RunDetail } from '@groundwork/plugin-mlops-common';
import { differingParams, makeAxis } from './compare';

const detail = (params: Record<string, string>): RunDetail =>
  ({
    params,
    metrics: {},
    run: { runId: JSON.stringify(params) },
  } as unknown as RunDetail);

describe('compare helpers', () => {
  it('keeps only params that differ, counting absence as a difference', () => {
    expect(
      differingParams([
        detail({ lr: '0.1', seed: '7', depth: '4' }),
        detail({ lr: '0.05', seed: '7' }),
      ]),
    ).toEqual(['depth', 'lr']);
  });

  it('builds numeric and categorical axes', () => {
    const numeric = makeAxis('lr', ['0.1', '0.3', undefined]);
    expect(numeric.kind).toBe('numeric');
    expect(numeric.position('0.2')).toBeCloseTo(0.5);
    expect(numeric.position(undefined)).toBeUndefined();
    const cat = makeAxis('model', ['xgb', 'lgbm', 'ridge']);
    expect(cat.kind).toBe('categorical');
    expect(cat.ticks.map(t => t.label)).toEqual(['lgbm', 'ridge', 'xgb']);
    expect(cat.position('xgb')).toBe(1);
  });
});

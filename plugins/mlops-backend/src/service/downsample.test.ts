import { downsample, MetricHistory, SeriesPoint } from './downsample';

const points = (values: number[]): SeriesPoint[] =>
  values.map((value, step) => ({ step, timestamp: 1000 + step, value }));
const series = (values: number[]) => MetricHistory.of(points(values));

describe('downsample', () => {
  it('returns short series whole', () => {
    expect(downsample(series([3, 2, 1]), 10)).toEqual(points([3, 2, 1]));
  });

  it('keeps first, last, global min and max within the budget', () => {
    const values = Array.from(
      { length: 10000 },
      (_, i) => Math.sin(i / 50) * Math.exp(-i / 3000),
    );
    values[4321] = -5; // a spike down
    values[777] = 9; // a spike up
    const s = points(values);
    const out = downsample(MetricHistory.of(s), 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out.length).toBeGreaterThan(400);
    expect(out[0]).toEqual(s[0]);
    expect(out[out.length - 1]).toEqual(s[9999]);
    expect(out).toContainEqual(s[4321]);
    expect(out).toContainEqual(s[777]);
    const steps = out.map(p => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('keeps NaN and Infinity so divergence stays visible', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1 / (i + 1));
    values[600] = Infinity;
    values[601] = NaN;
    const out = downsample(series(values), 20);
    expect(out.map(p => p.value)).toContain(Infinity);
    expect(out.some(p => Number.isNaN(p.value))).toBe(true);
  });

  it('orders a history by step, then time, whatever order its pages came in', () => {
    const history = new MetricHistory();
    history.append([
      { step: 2, timestamp: 5, value: 0.2 },
      { step: 0, timestamp: 9, value: 1 },
    ]);
    history.append([
      { step: 1, timestamp: 7, value: 0.5 },
      { step: 0, timestamp: 3, value: 2 },
    ]);
    history.sortByStep();
    expect(downsample(history, 10)).toEqual([
      { step: 0, timestamp: 3, value: 2 },
      { step: 0, timestamp: 9, value: 1 },
      { step: 1, timestamp: 7, value: 0.5 },
      { step: 2, timestamp: 5, value: 0.2 },
    ]);
  });

  it('grows across many pages', () => {
    const history = new MetricHistory();
    for (let page = 0; page < 5; page++) {
      history.append(
        points(Array.from({ length: 1000 }, (_, i) => page * 1000 + i)).map(
          p => ({ ...p, step: p.value }),
        ),
      );
    }
    expect(history.length).toBe(5000);
    expect(history.at(4999)).toEqual({
      step: 4999,
      timestamp: 1999,
      value: 4999,
    });
  });

  it('refuses absurd budgets', () => {
    expect(() => downsample(series([1, 2, 3, 4, 5, 6]), 4)).toThrow(RangeError);
  });
});

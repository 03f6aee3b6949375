import { downsample, SeriesPoint } from './downsample';

const series = (values: number[]): SeriesPoint[] =>
  values.map((value, step) => ({ step, timestamp: 1000 + step, value }));

describe('downsample', () => {
  it('returns short series untouched', () => {
    const s = series([3, 2, 1]);
    expect(downsample(s, 10)).toBe(s);
  });

  it('keeps first, last, global min and max within the budget', () => {
    const values = Array.from(
      { length: 10000 },
      (_, i) => Math.sin(i / 50) * Math.exp(-i / 3000),
    );
    values[4321] = -5; // a spike down
    values[777] = 9; // a spike up
    const s = series(values);
    const out = downsample(s, 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out.length).toBeGreaterThan(400);
    expect(out[0]).toBe(s[0]);
    expect(out[out.length - 1]).toBe(s[9999]);
    expect(out).toContain(s[4321]);
    expect(out).toContain(s[777]);
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

  it('refuses absurd budgets', () => {
    expect(() => downsample(series([1, 2, 3, 4, 5, 6]), 4)).toThrow(RangeError);
  });
});

import { MetricSeries } from '@groundwork/plugin-mlops-common';
import { smooth, toChartLines } from './chartData';

const series: MetricSeries = {
  runId: 'r1',
  key: 'loss',
  totalPoints: 4,
  points: [
    { step: 0, timestamp: 10_000, value: 2 },
    { step: 1, timestamp: 12_000, value: 1 },
    { step: 2, timestamp: 15_000, value: 'Infinity' },
    { step: 3, timestamp: 20_000, value: 'NaN' },
  ],
};

describe('smooth', () => {
  it('is the identity without smoothing and debiased with it', () => {
    expect(smooth([1, 2, 3], 0)).toEqual([1, 2, 3]);
    const s = smooth([4, 4, 4], 0.9);
    s.forEach(v => expect(v).toBeCloseTo(4));
    const noisy = smooth([0, 10, 0, 10], 0.6);
    expect(Math.max(...noisy) - Math.min(...noisy)).toBeLessThan(10);
  });
});

describe('toChartLines', () => {
  it('maps the x axis modes', () => {
    const xs = (xAxis: 'step' | 'wall' | 'relative') =>
      toChartLines([series], {
        xAxis,
        smoothing: 0,
        logScale: false,
      })[0].points.map(p => p.x);
    expect(xs('step')).toEqual([0, 1, 2, 3]);
    expect(xs('wall')).toEqual([10_000, 12_000, 15_000, 20_000]);
    expect(xs('relative')).toEqual([0, 2, 5, 10]);
  });

  it('leaves gaps for values that cannot be drawn', () => {
    const [line] = toChartLines([series], {
      xAxis: 'step',
      smoothing: 0,
      logScale: false,
    });
    expect(line.points.map(p => p.y)).toEqual([2, 1, null, null]);
    expect(line.points[3].raw).toBeNaN();
    const log = toChartLines(
      [
        {
          ...series,
          points: [
            { step: 0, timestamp: 0, value: 0 },
            { step: 1, timestamp: 1, value: 0.1 },
          ],
        },
      ],
      { xAxis: 'step', smoothing: 0, logScale: true },
    );
    expect(log[0].points.map(p => p.y)).toEqual([null, 0.1]);
  });
});

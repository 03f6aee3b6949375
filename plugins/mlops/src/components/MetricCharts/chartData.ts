import { MetricSeries, metricToNumber } from '@groundwork/plugin-mlops-common';

export type XAxisMode = 'step' | 'wall' | 'relative';

export interface ChartLine {
  runId: string;
  key: string;
  /** `y` is null where the value cannot be drawn (NaN, ±Infinity, ≤ 0 on a log scale). */
  points: Array<{ x: number; y: number | null; raw: number }>;
}

/**
 * Exponential moving average with TensorBoard's debiasing, so the first
 * points are not dragged towards zero. Non-finite values are passed through
 * and do not disturb the average.
 */
export function smooth(values: number[], weight: number): number[] {
  if (weight <= 0) return values;
  let last = 0;
  let debias = 0;
  return values.map(v => {
    if (!Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    debias = debias * weight + (1 - weight);
    return last / debias;
  });
}

/** Turns API series into drawable lines. */
export function toChartLines(
  series: MetricSeries[],
  options: { xAxis: XAxisMode; smoothing: number; logScale: boolean },
): ChartLine[] {
  return series.map(s => {
    const raw = s.points.map(p => metricToNumber(p.value));
    const smoothed = smooth(raw, options.smoothing);
    const t0 = s.points[0]?.timestamp ?? 0;
    return {
      runId: s.runId,
      key: s.key,
      points: s.points.map((p, i) => {
        let x = p.step;
        if (options.xAxis === 'wall') x = p.timestamp;
        if (options.xAxis === 'relative') x = (p.timestamp - t0) / 1000;
        const y = smoothed[i];
        const drawable = Number.isFinite(y) && (!options.logScale || y > 0);
        return { x, y: drawable ? y : null, raw: raw[i] };
      }),
    };
  });
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Says which series the backend downsampled, e.g. "Showing 2,000 of 100,000
 * points (min/max kept)"; undefined when every series is whole.
 */
export function samplingNote(
  series: MetricSeries[],
  names: Record<string, string>,
): string | undefined {
  const sampled = series.filter(s => s.sampled);
  if (sampled.length === 0) return undefined;
  const shown = (s: MetricSeries) =>
    `${count(s.points.length)} of ${count(s.totalPoints)} points`;
  if (series.length === 1) return `Showing ${shown(sampled[0])} (min/max kept)`;
  return `Showing ${sampled
    .map(s => `${shown(s)} of ${names[s.runId] ?? s.runId}`)
    .join(', ')} (min/max kept)`;
}

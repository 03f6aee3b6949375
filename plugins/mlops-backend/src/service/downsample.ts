/** A point of a metric history. */
export interface SeriesPoint {
  step: number;
  timestamp: number;
  value: number;
}

/**
 * Reduces a series to at most `maxPoints` points with min/max bucketing: the
 * first and last points are always kept, and each bucket in between keeps its
 * minimum and its maximum, plus its first NaN if it has one (so divergence
 * stays visible; ±Infinity are ordinary extremes). Order is preserved.
 */
export function downsample(
  points: SeriesPoint[],
  maxPoints: number,
): SeriesPoint[] {
  if (points.length <= maxPoints) {
    return points;
  }
  if (maxPoints < 5) {
    throw new RangeError('maxPoints must be at least 5');
  }
  const inner = points.length - 2;
  const hasNaN = points.some(p => Number.isNaN(p.value));
  const buckets = Math.floor((maxPoints - 2) / (hasNaN ? 3 : 2));
  const kept: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    let min = -1;
    let max = -1;
    let nan = -1;
    for (let i = start; i < end; i++) {
      const v = points[i].value;
      if (Number.isNaN(v)) {
        if (nan < 0) nan = i;
        continue;
      }
      if (min < 0 || v < points[min].value) min = i;
      if (max < 0 || v > points[max].value) max = i;
    }
    kept.push(
      ...[...new Set([min, max, nan])]
        .filter(i => i >= 0)
        .sort((x, y) => x - y),
    );
  }
  kept.push(points.length - 1);
  return kept.map(i => points[i]);
}

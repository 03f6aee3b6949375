/** A point of a metric history. */
export interface SeriesPoint {
  step: number;
  timestamp: number;
  value: number;
}

/**
 * A metric history as three columns of numbers, filled page by page. A
 * history can hold 100,000s of points: kept as objects, they would survive
 * every garbage collection of a read, which then costs more than parsing
 * them. Here each page's objects die as soon as they are copied in.
 */
export class MetricHistory {
  private steps = new Float64Array(1024);
  private timestamps = new Float64Array(1024);
  private values = new Float64Array(1024);
  private size = 0;

  get length(): number {
    return this.size;
  }

  static of(points: readonly SeriesPoint[]): MetricHistory {
    const history = new MetricHistory();
    history.append(points);
    return history;
  }

  append(points: readonly SeriesPoint[]): void {
    const needed = this.size + points.length;
    if (needed > this.steps.length) {
      const capacity = Math.max(needed, this.steps.length * 2);
      const grow = (column: Float64Array) => {
        const grown = new Float64Array(capacity);
        grown.set(column.subarray(0, this.size));
        return grown;
      };
      this.steps = grow(this.steps);
      this.timestamps = grow(this.timestamps);
      this.values = grow(this.values);
    }
    for (const p of points) {
      this.steps[this.size] = p.step;
      this.timestamps[this.size] = p.timestamp;
      this.values[this.size] = p.value;
      this.size += 1;
    }
  }

  value(i: number): number {
    return this.values[i];
  }

  at(i: number): SeriesPoint {
    return {
      step: this.steps[i],
      timestamp: this.timestamps[i],
      value: this.values[i],
    };
  }

  /** Puts the points in step order, then time order (MLflow sends them by time). */
  sortByStep(): void {
    const before = (i: number, j: number) =>
      this.steps[i] - this.steps[j] || this.timestamps[i] - this.timestamps[j];
    let sorted = true;
    for (let i = 1; i < this.size && sorted; i++)
      sorted = before(i - 1, i) <= 0;
    if (sorted) return;
    const order = Array.from({ length: this.size }, (_, i) => i).sort(before);
    const permute = (column: Float64Array) =>
      Float64Array.from(order, i => column[i]);
    this.steps = permute(this.steps);
    this.timestamps = permute(this.timestamps);
    this.values = permute(this.values);
  }
}

/**
 * Reduces a history to at most `maxPoints` points with min/max bucketing: the
 * first and last points are always kept, and each bucket in between keeps its
 * minimum and its maximum, plus its first NaN if it has one (so divergence
 * stays visible; ±Infinity are ordinary extremes). Order is preserved; a
 * history of at most `maxPoints` points is returned whole.
 */
export function downsample(
  history: MetricHistory,
  maxPoints: number,
): SeriesPoint[] {
  const n = history.length;
  if (n <= maxPoints) {
    return Array.from({ length: n }, (_, i) => history.at(i));
  }
  if (maxPoints < 5) {
    throw new RangeError('maxPoints must be at least 5');
  }
  const inner = n - 2;
  let hasNaN = false;
  for (let i = 0; i < n && !hasNaN; i++)
    hasNaN = Number.isNaN(history.value(i));
  const buckets = Math.floor((maxPoints - 2) / (hasNaN ? 3 : 2));
  const kept: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    let min = -1;
    let max = -1;
    let nan = -1;
    for (let i = start; i < end; i++) {
      const v = history.value(i);
      if (Number.isNaN(v)) {
        if (nan < 0) nan = i;
        continue;
      }
      if (min < 0 || v < history.value(min)) min = i;
      if (max < 0 || v > history.value(max)) max = i;
    }
    kept.push(
      ...[...new Set([min, max, nan])]
        .filter(i => i >= 0)
        .sort((x, y) => x - y),
    );
  }
  kept.push(n - 1);
  return kept.map(i => history.at(i));
}

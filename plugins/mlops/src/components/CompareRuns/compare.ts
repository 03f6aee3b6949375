import { metricToNumber, RunDetail } from '@groundwork/plugin-mlops-common';

/** Param keys whose values are not the same in every run (absent counts as a value). */
export function differingParams(runs: RunDetail[]): string[] {
  const keys = [...new Set(runs.flatMap(r => Object.keys(r.params)))].sort();
  return keys.filter(k => new Set(runs.map(r => r.params[k])).size > 1);
}

export interface Axis {
  key: string;
  kind: 'numeric' | 'categorical';
  /** Position in [0, 1] of a run's value on this axis; undefined when missing. */
  position(value: string | number | undefined): number | undefined;
  ticks: Array<{ label: string; position: number }>;
}

/** An axis for values of a param or metric across runs. */
export function makeAxis(
  key: string,
  values: Array<string | number | undefined>,
): Axis {
  const present = values.filter((v): v is string | number => v !== undefined);
  const numbers = present.map(Number);
  if (present.length && numbers.every(Number.isFinite)) {
    const min = Math.min(...numbers);
    const max = Math.max(...numbers);
    const span = max - min || 1;
    return {
      key,
      kind: 'numeric',
      position: v =>
        v === undefined || !Number.isFinite(Number(v))
          ? undefined
          : (Number(v) - min) / span,
      ticks: [
        { label: String(min), position: 0 },
        ...(max !== min ? [{ label: String(max), position: 1 }] : []),
      ],
    };
  }
  const categories = [...new Set(present.map(String))].sort();
  const step = categories.length > 1 ? 1 / (categories.length - 1) : 0;
  return {
    key,
    kind: 'categorical',
    position: v => {
      const i = v === undefined ? -1 : categories.indexOf(String(v));
      if (i < 0) return undefined;
      return categories.length > 1 ? i * step : 0.5;
    },
    ticks: categories.map((c, i) => ({
      label: c,
      position: categories.length > 1 ? i * step : 0.5,
    })),
  };
}

/** Metric value of a run as a plain number (NaN when absent or non-finite). */
export function metricOf(run: RunDetail, key: string): number | undefined {
  const m = run.metrics[key];
  return m === undefined ? undefined : metricToNumber(m.value);
}

import { MetricValue } from '@groundwork/plugin-mlops-common';

/** Formats a metric value; non-finite values are shown as such. */
export function formatMetric(value: MetricValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6)
    ? value.toExponential(3)
    : value.toPrecision(4);
}

export function formatTime(ms: number | undefined): string {
  return ms === undefined
    ? ''
    : new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
}

export function formatDuration(start?: number, end?: number): string {
  if (start === undefined || end === undefined) return '';
  const s = Math.round((end - start) / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/**
 * OpenCost's window grammar, after `parseWindow` in
 * opencost/opencost core/pkg/opencost/window.go, evaluated in UTC.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export interface Window {
  start: Date;
  end: Date;
}

export class WindowError extends Error {}

const unitMs: Record<string, number> = { m: MINUTE, h: HOUR, d: DAY, w: WEEK };

const durationRegex = /^(\d+)([mhdw])$/;
const durationOffsetRegex = /^(\d+)([mhdw]) offset (\d+)([mhdw])$/;
const timestampPairRegex = /^(\d+)[,-](\d+)$/;
const rfc3339 =
  '(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2}))';
const rfcRegex = new RegExp(`^${rfc3339},${rfc3339}$`);

function startOfDay(t: number) {
  return Math.floor(t / DAY) * DAY;
}

/** Parses a window (`7d`, `today`, `lastweek`, RFC3339 or unix pairs) relative to now. */
export function parseWindow(window: string, now: Date): Window {
  const n = now.getTime();
  const today = startOfDay(n);
  const win = (start: number, end: number) => ({
    start: new Date(start),
    end: new Date(end),
  });
  switch (window) {
    case 'today':
      return win(today, today + DAY);
    case 'yesterday':
      return win(today - DAY, today);
    case 'week': {
      const sunday = today - new Date(today).getUTCDay() * DAY;
      return win(sunday, n);
    }
    case 'lastweek': {
      const sunday = today - new Date(today).getUTCDay() * DAY;
      return win(sunday - WEEK, sunday);
    }
    case 'month': {
      const d = new Date(today);
      return win(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), n);
    }
    case 'lastmonth': {
      const d = new Date(today);
      return win(
        Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1),
        Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
      );
    }
    default:
  }
  let match = durationRegex.exec(window);
  if (match) {
    const dur = Number(match[1]) * unitMs[match[2]];
    let end = n;
    let start = n - dur;
    // "The past X days" is today plus the X-1 whole days before it, midnight
    // to midnight UTC: both ends round forward to the next midnight.
    if (match[2] === 'd' || match[2] === 'w') {
      end = startOfDay(end) + DAY;
      start = startOfDay(start) + DAY;
    }
    return win(start, end);
  }
  match = durationOffsetRegex.exec(window);
  if (match) {
    const end = n - Number(match[3]) * unitMs[match[4]];
    return win(end - Number(match[1]) * unitMs[match[2]], end);
  }
  match = timestampPairRegex.exec(window);
  if (match) {
    return win(Number(match[1]) * 1000, Number(match[2]) * 1000);
  }
  match = rfcRegex.exec(window);
  if (match) {
    const start = Date.parse(match[1]);
    const end = Date.parse(match[2]);
    if (!Number.isNaN(start) && !Number.isNaN(end)) {
      return win(start, end);
    }
  }
  throw new WindowError(`illegal window: ${window}`);
}

/**
 * A step: `hour`, `day`, `week` or a duration like `30m`, `6h`, `1d`
 * (OpenCost's timeutil.ParseDuration accepts `d` besides Go's units).
 */
export function parseStep(step: string): number {
  const raw = step.trim().toLowerCase();
  const words: Record<string, number> = { hour: HOUR, day: DAY, week: WEEK };
  if (words[raw]) return words[raw];
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/.exec(raw);
  if (!match) {
    throw new WindowError(
      `invalid step "${raw}": must be a Go duration or one of hour, day, week, month, quarter`,
    );
  }
  const ms = Number(match[1]) * (match[2] === 's' ? 1000 : unitMs[match[2]]);
  if (ms <= 0) {
    throw new WindowError(`invalid step "${raw}": must be positive`);
  }
  return ms;
}

/** RFC3339 without fractional seconds, as Go's time.RFC3339 prints UTC. */
export function formatTime(date: Date | number): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const DURATIONS = { MINUTE, HOUR, DAY, WEEK };

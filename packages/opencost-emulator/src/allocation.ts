import {
  addQuantities,
  idleQuantities,
  namespaceQuantities,
  Quantities,
  sanitizeLabelName,
  toAllocationJson,
} from './model';
import { AllocationJson, EmulatorFixtures } from './types';
import { parseStep, parseWindow, Window, WindowError } from './window';

/** An error answered the way OpenCost answers it. */
export class OpenCostHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** `text`: Go's http.Error (plain text); `json`: protocol.WriteError. */
    readonly format: 'text' | 'json',
  ) {
    super(message);
  }
}

/** Most step sets one request may produce (an emulator guard, not OpenCost's). */
const MAX_SETS = 2000;

export interface AllocationQuery {
  window?: string;
  aggregate?: string;
  accumulate?: string;
  step?: string;
  includeIdle?: string;
  idle?: string;
  shareIdle?: string;
}

/** Go's strconv.ParseBool, as OpenCost's QueryParams.GetBool uses it. */
function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return fallback;
}

const SUPPORTED_AGGREGATES = ['cluster', 'namespace'];

function aggregationKey(q: Quantities, aggregateBy: string[]): string {
  return aggregateBy
    .map(agg => {
      if (agg === 'cluster') return q.cluster;
      if (agg === 'namespace') return q.namespace ?? '__unallocated__';
      // label:<name> keys are `<sanitised name>=<value>` (Allocation.generateKey).
      const name = sanitizeLabelName(agg.slice('label:'.length));
      const value = q.labels?.[name];
      return value === undefined ? '__unallocated__' : `${name}=${value}`;
    })
    .join('/');
}

/** Answers `GET /allocation` for the given query parameters. */
export function queryAllocation(
  fixtures: EmulatorFixtures,
  query: AllocationQuery,
  now: Date,
): Record<string, AllocationJson>[] {
  let window: Window;
  try {
    window = parseWindow(query.window ?? '', now);
  } catch (e) {
    throw new OpenCostHttpError(
      400,
      `Invalid 'window' parameter: ${(e as Error).message}`,
      'text',
    );
  }

  const aggregateBy = (query.aggregate ?? '')
    .split(',')
    .map(a => a.trim())
    .filter(Boolean);
  if (aggregateBy.length === 0) {
    throw new OpenCostHttpError(
      400,
      "Emulator: 'aggregate' is required here (cluster, namespace or label:<name>); the emulator has no pod or container level data",
      'json',
    );
  }
  for (const agg of aggregateBy) {
    if (!SUPPORTED_AGGREGATES.includes(agg) && !/^label:.+/.test(agg)) {
      throw new OpenCostHttpError(
        400,
        `Emulator: unsupported aggregate '${agg}' (supported: cluster, namespace, label:<name>)`,
        'json',
      );
    }
  }

  const accumulateRaw = (query.accumulate ?? '').trim();
  let accumulate: boolean;
  if (accumulateRaw.toLowerCase() === 'all') accumulate = true;
  else if (
    ['', ...'1 t T TRUE true True 0 f F FALSE false False'.split(' ')].includes(
      accumulateRaw,
    )
  )
    accumulate = bool(accumulateRaw, false);
  else
    throw new OpenCostHttpError(
      400,
      `Emulator: accumulate='${accumulateRaw}' is not emulated (use true, false or all)`,
      'json',
    );

  const windowMs = window.end.getTime() - window.start.getTime();
  let stepMs = windowMs;
  if (query.step) {
    try {
      stepMs = parseStep(query.step);
    } catch (e) {
      throw new OpenCostHttpError(
        400,
        `Invalid step parameter: ${(e as WindowError).message}`,
        'json',
      );
    }
  }
  if (windowMs <= 0 || stepMs <= 0) return [];
  if (Math.ceil(windowMs / stepMs) > MAX_SETS) {
    throw new OpenCostHttpError(
      400,
      `Emulator: the window and step give more than ${MAX_SETS} sets`,
      'json',
    );
  }

  const includeIdle = bool(query.includeIdle, bool(query.idle, false));
  const shareIdle = bool(query.shareIdle, false);

  const steps: Window[] = [];
  for (let s = window.start.getTime(); s < window.end.getTime(); s += stepMs) {
    steps.push({
      start: new Date(s),
      end: new Date(Math.min(s + stepMs, window.end.getTime())),
    });
  }
  const ranges = accumulate ? [window] : steps;

  return ranges.map(range => {
    // Accumulating adds up the step sets; sums of hours and costs are the
    // same as computing the whole range at once.
    const raw = namespaceQuantities(
      fixtures,
      { start: range.start.getTime(), end: range.end.getTime() },
      now.getTime(),
    );
    const idle = idleQuantities(fixtures, raw);
    if (shareIdle && idle) {
      // Share idle by cost weight, resource by resource (ShareWeighted).
      const cpuTotal = raw.reduce((t, q) => t + q.cpuCost, 0);
      const ramTotal = raw.reduce((t, q) => t + q.ramCost, 0);
      for (const q of raw) {
        const cpuShare =
          cpuTotal > 0 ? (idle.cpuCost * q.cpuCost) / cpuTotal : 0;
        const ramShare =
          ramTotal > 0 ? (idle.ramCost * q.ramCost) / ramTotal : 0;
        q.cpuCostIdle = cpuShare;
        q.ramCostIdle = ramShare;
        q.cpuCost += cpuShare;
        q.ramCost += ramShare;
      }
    }
    const groups = new Map<string, Quantities[]>();
    for (const q of raw) {
      const key = aggregationKey(q, aggregateBy);
      groups.set(key, [...(groups.get(key) ?? []), q]);
    }
    const set: Record<string, AllocationJson> = {};
    for (const [key, parts] of [...groups].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      set[key] = toAllocationJson(addQuantities(key, parts), range);
    }
    if (includeIdle && !shareIdle && idle) {
      set.__idle__ = toAllocationJson(idle, range);
    }
    return set;
  });
}

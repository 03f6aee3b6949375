import { AllocationJson, EmulatorFixtures, FixtureNamespace } from './types';
import { DURATIONS, formatTime, Window } from './window';

const GIB = 1024 ** 3;
const { MINUTE, HOUR, DAY } = DURATIONS;

/** Raw quantities of one allocation, summed over time (hours and costs). */
export interface Quantities {
  name: string;
  cluster: string;
  namespace?: string;
  labels?: Record<string, string>;
  start: number;
  end: number;
  cpuCoreHours: number;
  cpuRequestCoreHours: number;
  cpuUsageCoreHours: number;
  ramByteHours: number;
  ramRequestByteHours: number;
  ramUsageByteHours: number;
  pvByteHours: number;
  pvBytes: number;
  pvName?: string;
  cpuCost: number;
  ramCost: number;
  pvCost: number;
  networkCost: number;
  cpuCostIdle: number;
  ramCostIdle: number;
  idle?: boolean;
}

/** A deterministic wobble in [-1, 1] per namespace and day. */
function noise(name: string, day: number) {
  let h = 2166136261;
  for (const c of `${name}:${day}`) {
    h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  }
  return ((h >>> 0) % 2001) / 1000 - 1;
}

/** Usage of a namespace on a UTC day relative to its fixture weekday usage. */
export function usageFactor(ns: FixtureNamespace, day: number) {
  const weekday = new Date(day * DAY).getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? ns.weekendFactor ?? 1 : 1;
  return Math.max(0.05, weekend * (1 + 0.08 * noise(ns.name, day)));
}

/**
 * Labels as OpenCost reports and matches them: Prometheus-sanitised names
 * (`app.kubernetes.io/part-of` → `app_kubernetes_io_part_of`).
 */
export function sanitizeLabelName(name: string) {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/**
 * What each namespace consumed over [start, end), clipped to the data the
 * emulated OpenCost has (retention .. now). Namespaces without data in the
 * range are left out, as OpenCost leaves them out.
 */
export function namespaceQuantities(
  fixtures: EmulatorFixtures,
  range: { start: number; end: number },
  now: number,
): Quantities[] {
  const start = Math.max(range.start, now - fixtures.retentionDays * DAY);
  const end = Math.min(range.end, now);
  if (end <= start) return [];
  const { prices } = fixtures;
  return fixtures.namespaces.map(ns => {
    const q: Quantities = {
      name: ns.name,
      cluster: fixtures.cluster,
      namespace: ns.name,
      labels: Object.fromEntries(
        Object.entries(ns.labels ?? {}).map(([k, v]) => [
          sanitizeLabelName(k),
          v,
        ]),
      ),
      start,
      end,
      cpuCoreHours: 0,
      cpuRequestCoreHours: 0,
      cpuUsageCoreHours: 0,
      ramByteHours: 0,
      ramRequestByteHours: 0,
      ramUsageByteHours: 0,
      pvByteHours: 0,
      pvBytes: (ns.pvGiB ?? 0) * GIB,
      pvName: ns.pvGiB ? `pvc-${ns.name}-data` : undefined,
      cpuCost: 0,
      ramCost: 0,
      pvCost: 0,
      networkCost: 0,
      cpuCostIdle: 0,
      ramCostIdle: 0,
    };
    for (let day = Math.floor(start / DAY); day * DAY < end; day++) {
      const from = Math.max(start, day * DAY);
      const to = Math.min(end, (day + 1) * DAY);
      const hours = (to - from) / HOUR;
      const f = usageFactor(ns, day);
      const cpuUse = ns.cpu.usage * f;
      const ramUse = ns.ramGiB.usage * f * GIB;
      const ramReq = ns.ramGiB.request * GIB;
      // OpenCost allocates max(request, usage) of each resource.
      const cpuAlloc = Math.max(ns.cpu.request, cpuUse) * hours;
      const ramAlloc = Math.max(ramReq, ramUse) * hours;
      q.cpuCoreHours += cpuAlloc;
      q.cpuRequestCoreHours += ns.cpu.request * hours;
      q.cpuUsageCoreHours += cpuUse * hours;
      q.ramByteHours += ramAlloc;
      q.ramRequestByteHours += ramReq * hours;
      q.ramUsageByteHours += ramUse * hours;
      q.pvByteHours += q.pvBytes * hours;
      q.cpuCost += cpuAlloc * prices.cpuCoreHour;
      q.ramCost += (ramAlloc / GIB) * prices.ramGiBHour;
      q.pvCost += (ns.pvGiB ?? 0) * hours * prices.pvGiBHour;
      q.networkCost += ((ns.networkCostPerDay ?? 0) * (to - from)) / DAY;
    }
    return q;
  });
}

/** The cluster's unallocated capacity over the same range, as `__idle__`. */
export function idleQuantities(
  fixtures: EmulatorFixtures,
  allocations: Quantities[],
): Quantities | undefined {
  if (!allocations.length) return undefined;
  const start = Math.min(...allocations.map(a => a.start));
  const end = Math.max(...allocations.map(a => a.end));
  const hours = (end - start) / HOUR;
  const sum = (f: (q: Quantities) => number) =>
    allocations.reduce((total, q) => total + f(q), 0);
  const cpuCoreHours = Math.max(
    0,
    fixtures.capacity.cpuCores * hours - sum(q => q.cpuCoreHours),
  );
  const ramByteHours = Math.max(
    0,
    fixtures.capacity.ramGiB * GIB * hours - sum(q => q.ramByteHours),
  );
  return {
    name: '__idle__',
    cluster: fixtures.cluster,
    start,
    end,
    cpuCoreHours,
    cpuRequestCoreHours: 0,
    cpuUsageCoreHours: 0,
    ramByteHours,
    ramRequestByteHours: 0,
    ramUsageByteHours: 0,
    pvByteHours: 0,
    pvBytes: 0,
    cpuCost: cpuCoreHours * fixtures.prices.cpuCoreHour,
    ramCost: (ramByteHours / GIB) * fixtures.prices.ramGiBHour,
    pvCost: 0,
    networkCost: 0,
    cpuCostIdle: 0,
    ramCostIdle: 0,
    idle: true,
  };
}

/** Sums allocations that aggregate to the same key (OpenCost's Allocation.Add). */
export function addQuantities(name: string, parts: Quantities[]): Quantities {
  const [first] = parts;
  const same = <K extends 'cluster' | 'namespace'>(key: K) =>
    parts.every(p => p[key] === first[key]) ? first[key] : undefined;
  // Only labels every part shares survive aggregation.
  const labels = Object.fromEntries(
    Object.entries(first.labels ?? {}).filter(([k, v]) =>
      parts.every(p => p.labels?.[k] === v),
    ),
  );
  const out: Quantities = {
    ...first,
    name,
    cluster: same('cluster') ?? '',
    namespace: same('namespace'),
    labels,
    pvName: parts.length === 1 ? first.pvName : undefined,
    start: Math.min(...parts.map(p => p.start)),
    end: Math.max(...parts.map(p => p.end)),
  };
  const numeric: (keyof Quantities)[] = [
    'cpuCoreHours',
    'cpuRequestCoreHours',
    'cpuUsageCoreHours',
    'ramByteHours',
    'ramRequestByteHours',
    'ramUsageByteHours',
    'pvByteHours',
    'pvBytes',
    'cpuCost',
    'ramCost',
    'pvCost',
    'networkCost',
    'cpuCostIdle',
    'ramCostIdle',
  ];
  for (const key of numeric) {
    (out as any)[key] = parts.reduce((t, p) => t + (p[key] as number), 0);
  }
  return out;
}

/** Go's json + OpenCost's formatFloat64ForResponse: 5 decimals, NaN/Inf → null. */
export function round(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  return Math.round(value * 100000) / 100000;
}

/**
 * CPU/RAM efficiency as OpenCost's Allocation.CPUEfficiency/RAMEfficiency:
 * usage over request; with no request, 1 if there is usage and cost, else 0.
 */
export function efficiency(usage: number, request: number, cost: number) {
  if (request > 0) return usage / request;
  if (usage === 0 || cost === 0) return 0;
  return 1;
}

/** The JSON OpenCost sends for one allocation. */
export function toAllocationJson(
  q: Quantities,
  window: Window,
): AllocationJson {
  const hours = (q.end - q.start) / HOUR;
  const perHour = (v: number) => (hours > 0 ? v / hours : 0);
  const cpuEfficiency = efficiency(
    q.cpuUsageCoreHours,
    q.cpuRequestCoreHours,
    q.cpuCost,
  );
  const ramEfficiency = efficiency(
    q.ramUsageByteHours,
    q.ramRequestByteHours,
    q.ramCost,
  );
  const totalEfficiency =
    q.cpuCost + q.ramCost > 0
      ? (cpuEfficiency * q.cpuCost + ramEfficiency * q.ramCost) /
        (q.cpuCost + q.ramCost)
      : 0;
  const totalCost = q.cpuCost + q.ramCost + q.pvCost + q.networkCost;
  const properties: AllocationJson['properties'] = { cluster: q.cluster };
  if (q.namespace) properties.namespace = q.namespace;
  if (q.labels && Object.keys(q.labels).length) properties.labels = q.labels;
  return {
    name: q.name,
    properties,
    window: {
      start: formatTime(window.start),
      end: formatTime(window.end),
    },
    start: formatTime(q.start),
    end: formatTime(q.end),
    minutes: round((q.end - q.start) / MINUTE),
    cpuCores: round(perHour(q.cpuCoreHours)),
    cpuCoreRequestAverage: round(perHour(q.cpuRequestCoreHours)),
    cpuCoreLimitAverage: 0,
    cpuCoreUsageAverage: round(perHour(q.cpuUsageCoreHours)),
    cpuCoreHours: round(q.cpuCoreHours),
    cpuCost: round(q.cpuCost),
    cpuCostAdjustment: 0,
    cpuCostIdle: round(q.cpuCostIdle),
    cpuEfficiency: round(cpuEfficiency),
    gpuCount: 0,
    gpuHours: 0,
    gpuCost: 0,
    gpuCostAdjustment: 0,
    gpuCostIdle: 0,
    gpuEfficiency: 0,
    networkTransferBytes: 0,
    networkReceiveBytes: 0,
    networkCost: round(q.networkCost),
    networkCrossZoneCost: 0,
    networkCrossRegionCost: 0,
    networkInternetCost: round(q.networkCost),
    networkCostAdjustment: 0,
    loadBalancerCost: 0,
    loadBalancerCostAdjustment: 0,
    pvBytes: round(perHour(q.pvByteHours)),
    pvByteHours: round(q.pvByteHours),
    pvCost: round(q.pvCost),
    pvs:
      q.pvName && q.pvCost > 0
        ? {
            [`cluster=${q.cluster}:name=${q.pvName}`]: {
              byteHours: round(q.pvByteHours)!,
              cost: round(q.pvCost)!,
              providerID: '',
              adjustment: 0,
            },
          }
        : null,
    pvCostAdjustment: 0,
    ramBytes: round(perHour(q.ramByteHours)),
    ramByteRequestAverage: round(perHour(q.ramRequestByteHours)),
    ramByteLimitAverage: 0,
    ramByteUsageAverage: round(perHour(q.ramUsageByteHours)),
    ramByteHours: round(q.ramByteHours),
    ramCost: round(q.ramCost),
    ramCostAdjustment: 0,
    ramCostIdle: round(q.ramCostIdle),
    ramEfficiency: round(ramEfficiency),
    externalCost: 0,
    sharedCost: 0,
    totalCost: round(totalCost),
    totalEfficiency: round(totalEfficiency),
    proportionalAssetResourceCosts: {},
    lbAllocations: null,
    sharedCostBreakdown: {},
    gpuAllocation: null,
  };
}

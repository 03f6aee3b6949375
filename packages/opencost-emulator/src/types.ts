/** A namespace the emulated cluster runs, with its steady-state footprint. */
export interface FixtureNamespace {
  name: string;
  /** Kubernetes labels as written on the workloads, e.g. `app.kubernetes.io/part-of`. */
  labels?: Record<string, string>;
  /** CPU cores: what the pods request and what they use on an average weekday. */
  cpu: { request: number; usage: number };
  /** Memory in GiB: requested and used on an average weekday. */
  ramGiB: { request: number; usage: number };
  /** Persistent volume size in GiB (0 or absent: none). */
  pvGiB?: number;
  /** Network egress cost per day. */
  networkCostPerDay?: number;
  /**
   * Usage on Saturdays and Sundays relative to weekdays (default 1). Requests
   * stay the same, so weekend efficiency drops, as it does in real clusters.
   */
  weekendFactor?: number;
}

/** What the emulator serves. */
export interface EmulatorFixtures {
  cluster: string;
  /** Days of history the emulated OpenCost keeps (older windows are empty). */
  retentionDays: number;
  /** On-demand prices, like OpenCost's default pricing model. */
  prices: { cpuCoreHour: number; ramGiBHour: number; pvGiBHour: number };
  /** Cluster capacity; what the namespaces do not request is idle. */
  capacity: { cpuCores: number; ramGiB: number };
  namespaces: FixtureNamespace[];
}

/** An OpenCost window as it appears in JSON. */
export interface WindowJson {
  start: string;
  end: string;
}

/**
 * One allocation as OpenCost's `AllocationJSON` serialises it
 * (core/pkg/opencost/allocation_json.go). Non-finite numbers are `null`.
 */
export interface AllocationJson {
  name: string;
  properties: {
    cluster?: string;
    namespace?: string;
    labels?: Record<string, string>;
  } | null;
  window: WindowJson;
  start: string;
  end: string;
  minutes: number | null;
  cpuCores: number | null;
  cpuCoreRequestAverage: number | null;
  cpuCoreLimitAverage: number | null;
  cpuCoreUsageAverage: number | null;
  cpuCoreHours: number | null;
  cpuCost: number | null;
  cpuCostAdjustment: number | null;
  cpuCostIdle: number | null;
  cpuEfficiency: number | null;
  gpuCount: number | null;
  gpuHours: number | null;
  gpuCost: number | null;
  gpuCostAdjustment: number | null;
  gpuCostIdle: number | null;
  gpuEfficiency: number | null;
  networkTransferBytes: number | null;
  networkReceiveBytes: number | null;
  networkCost: number | null;
  networkCrossZoneCost: number | null;
  networkCrossRegionCost: number | null;
  networkInternetCost: number | null;
  networkCostAdjustment: number | null;
  loadBalancerCost: number | null;
  loadBalancerCostAdjustment: number | null;
  pvBytes: number | null;
  pvByteHours: number | null;
  pvCost: number | null;
  pvs: Record<
    string,
    { byteHours: number; cost: number; providerID: string; adjustment: number }
  > | null;
  pvCostAdjustment: number | null;
  ramBytes: number | null;
  ramByteRequestAverage: number | null;
  ramByteLimitAverage: number | null;
  ramByteUsageAverage: number | null;
  ramByteHours: number | null;
  ramCost: number | null;
  ramCostAdjustment: number | null;
  ramCostIdle: number | null;
  ramEfficiency: number | null;
  externalCost: number | null;
  sharedCost: number | null;
  totalCost: number | null;
  totalEfficiency: number | null;
  proportionalAssetResourceCosts: Record<string, unknown>;
  lbAllocations: null;
  sharedCostBreakdown: Record<string, unknown>;
  gpuAllocation: null;
}

/** `GET /allocation`'s body: one allocation set (a map by name) per step. */
export interface AllocationResponse {
  code: number;
  data: Record<string, AllocationJson>[];
  message?: string;
  warning?: string;
}

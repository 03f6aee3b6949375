/**
 * Dimensions a cost can be broken down by.
 *
 * @public
 */
export type CostDimension =
  | 'serviceCategory'
  | 'serviceName'
  | 'provider'
  | 'chargeCategory';

/** @public */
export interface CostPoint {
  /** `YYYY-MM-DD` for daily series, `YYYY-MM` for monthly series. */
  period: string;
  /** Effective cost per value of the requested dimension (`total` when ungrouped). */
  values: Record<string, number>;
  total: number;
}

/** @public */
export interface CostSeries {
  entityRef: string;
  currency: string;
  granularity: 'day' | 'month';
  groupBy?: CostDimension;
  from: string;
  to: string;
  points: CostPoint[];
}

/** @public */
export interface CostBreakdownItem {
  key: string;
  cost: number;
  previousCost: number;
}

/** @public */
export interface CostBreakdown {
  entityRef: string;
  currency: string;
  by: CostDimension;
  from: string;
  to: string;
  items: CostBreakdownItem[];
}

/**
 * The most expensive resources over the months a range touches (resource
 * costs are kept per month).
 *
 * @public
 */
export interface TopResources {
  entityRef: string;
  currency: string;
  from: string;
  to: string;
  items: {
    resourceId: string;
    resourceName: string | null;
    serviceName: string;
    cost: number;
  }[];
}

/** @public */
export interface CostComparison {
  entityRef: string;
  currency: string;
  current: { from: string; to: string; cost: number };
  previous: { from: string; to: string; cost: number };
  /** Absolute change. */
  change: number;
  /** Relative change in percent, null when the previous period had no cost. */
  changePercent: number | null;
}

/** @public */
export interface Budget {
  entityRef: string;
  /** Monthly amount. */
  amount: number;
  currency: string;
  /** `api` when set through the API, `annotation` when read from the catalog. */
  source: 'api' | 'annotation';
  updatedBy?: string;
  updatedAt: string;
}

/** @public */
export interface CostForecast {
  entityRef: string;
  currency: string;
  /** `YYYY-MM`. */
  month: string;
  monthToDate: number;
  /** Last day with billing data in the month, `YYYY-MM-DD`, or null. */
  lastDataDay: string | null;
  /** Mean daily cost used for the projection. */
  runRate: number;
  forecast: number;
  /** Human readable method, shown next to the number. */
  method: string;
  budget?: Budget;
  /** Percent of budget spent so far, when there is a budget. */
  budgetUsedPercent?: number;
  forecastOverBudget?: boolean;
}

/** @public */
export interface CostSummary {
  entityRef: string;
  currency: string;
  forecast: CostForecast;
  comparison: CostComparison;
  /** Daily cost over the last 30 days. */
  sparkline: { day: string; cost: number }[];
  /** True when no billing data has been attributed to the entity at all. */
  empty: boolean;
}

/** @public */
export interface CostMover {
  entityRef: string;
  current: number;
  previous: number;
  change: number;
  changePercent: number | null;
}

/** @public */
export interface TeamCost {
  entityRef: string;
  monthToDate: number;
  forecast: number;
  budget?: Budget;
}

/** @public */
export interface CostOverview {
  /**
   * True when the caller may see all costs. Otherwise `total`, `unattributed`
   * and `unattributedPercent` are zero and only the caller's teams are listed.
   */
  complete: boolean;
  currency: string;
  month: string;
  total: number;
  unattributed: number;
  /** Unattributed share of the total in percent. */
  unattributedPercent: number;
  teams: TeamCost[];
  movers: CostMover[];
}

/** @public */
export interface UnattributedCost {
  currency: string;
  from: string;
  to: string;
  total: number;
  topTags: { label: string; cost: number }[];
  topAccounts: { label: string; cost: number }[];
}

/** @public */
export interface IngestStatus {
  source: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt?: string;
  rowsRead?: number;
  rollupRows?: number;
  billingPeriods?: string[];
  /** Errors naming file, row and column. */
  errors?: string[];
}

/**
 * Cost facts of one entity for the current (UTC) month, in the entity's budget
 * currency (or the default currency without a budget).
 *
 * @public
 */
export interface EntityCostFacts {
  entityRef: string;
  currency: string;
  /** Monthly budget (API or annotation), null without one. */
  monthlyBudget: number | null;
  monthToDate: number;
  forecast: number;
  /** monthToDate / monthlyBudget, null without a budget. */
  monthToDateVsBudget: number | null;
  /** forecast / monthlyBudget, null without a budget. */
  forecastVsBudget: number | null;
}

/**
 * Answer of `POST /api/cost/facts`.
 *
 * @public
 */
export interface CostFactsResponse {
  month: string;
  /** Entities the caller may read the cost of, in request order. */
  items: EntityCostFacts[];
  /**
   * Organisation-wide share (0..1) of this month's cost in the default
   * currency that no catalog entity is attributed; null without cost this
   * month or when the caller may not see all costs.
   */
  unattributedShare: number | null;
}

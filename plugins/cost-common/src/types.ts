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

/**
 * Cost in a currency that has no configured rate: left out of a converted
 * answer, never converted or dropped silently.
 *
 * @public
 */
export interface ExcludedCurrency {
  currency: string;
  /** Unconverted effective cost in `currency` over the answer's scope and range. */
  cost: number;
}

/**
 * How the amounts of an answer were converted. Without a `currency` in the
 * request, answers are in the reporting currency (`cost.currency.reporting`)
 * and include every currency with a rate in `cost.currency.rates`; with one,
 * only cost billed natively in that currency, unconverted.
 *
 * @public
 */
export interface CurrencyConversion {
  /** Currency of every amount in the answer (except budgets, which keep theirs). */
  currency: string;
  /** Rates applied: 1 unit of each key is `value` units of `currency`. */
  conversionRates: Record<string, number>;
  /** Cost in currencies without a rate, not included; empty for one native currency. */
  excludedCurrencies: ExcludedCurrency[];
}

/** @public */
export interface CostPoint {
  /** `YYYY-MM-DD` for daily series, `YYYY-MM` for monthly series. */
  period: string;
  /** Effective cost per value of the requested dimension (`total` when ungrouped). */
  values: Record<string, number>;
  total: number;
}

/** @public */
export interface CostSeries extends CurrencyConversion {
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
export interface CostBreakdown extends CurrencyConversion {
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
export interface TopResources extends CurrencyConversion {
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
export interface CostComparison extends CurrencyConversion {
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
export interface CostForecast extends CurrencyConversion {
  entityRef: string;
  currency: string;
  /** `YYYY-MM`. */
  month: string;
  /**
   * True when `month` is the previous month: billing exports arrive a day or
   * more late, so until the calendar month has data the views show the
   * month that ended.
   */
  monthEnded: boolean;
  monthToDate: number;
  /** Last day with billing data in the month, `YYYY-MM-DD`, or null. */
  lastDataDay: string | null;
  /** Mean daily cost used for the projection. */
  runRate: number;
  forecast: number;
  /** Human readable method, shown next to the number. */
  method: string;
  /** The entity's budget, in its own currency. */
  budget?: Budget;
  /**
   * The budget amount in `currency`, converted with the configured rates when
   * the budget is in another currency; absent when it cannot be converted.
   */
  budgetInCurrency?: number;
  /** Why the budget cannot be compared (no rate for its currency). */
  budgetNotComparable?: string;
  /** Percent of budget spent so far, when there is a comparable budget. */
  budgetUsedPercent?: number;
  forecastOverBudget?: boolean;
}

/** @public */
export interface CostSummary extends CurrencyConversion {
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
  /** In its own currency. */
  budget?: Budget;
  /** The budget in the overview's currency; absent when it cannot be converted. */
  budgetInCurrency?: number;
}

/** @public */
export interface CostOverview extends CurrencyConversion {
  /**
   * True when the caller may see all costs. Otherwise `total`, `unattributed`
   * and `unattributedPercent` are zero and only the caller's teams are listed.
   */
  complete: boolean;
  currency: string;
  /** `YYYY-MM`. */
  month: string;
  /** As in {@link CostForecast.monthEnded}. */
  monthEnded: boolean;
  total: number;
  unattributed: number;
  /** Unattributed share of the total in percent. */
  unattributedPercent: number;
  teams: TeamCost[];
  movers: CostMover[];
}

/** @public */
export interface UnattributedCost extends CurrencyConversion {
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
 * Cost facts of one entity for the current (UTC) month: spend in the
 * reporting currency (other currencies converted with the configured rates),
 * ratios against the budget converted into it.
 *
 * @public
 */
export interface EntityCostFacts {
  entityRef: string;
  /** Currency of monthToDate and forecast (the reporting currency). */
  currency: string;
  /** Monthly budget (API or annotation) in `budgetCurrency`, null without one. */
  monthlyBudget: number | null;
  budgetCurrency: string | null;
  monthToDate: number;
  forecast: number;
  /** monthToDate / monthlyBudget (converted), null without a budget or a rate for its currency. */
  monthToDateVsBudget: number | null;
  /** forecast / monthlyBudget (converted), null without a budget or a rate for its currency. */
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
   * Organisation-wide share (0..1) of this month's cost in the reporting
   * currency (with converted currencies) that no catalog entity is attributed; null without cost this
   * month or when the caller may not see all costs.
   */
  unattributedShare: number | null;
}

/**
 * Kubernetes efficiency figures from OpenCost over a window.
 *
 * @public
 */
export interface EfficiencyFigures {
  /** CPU usage over requests (0..1, above 1 when usage exceeds requests). */
  cpuEfficiency: number;
  /** Memory usage over requests. */
  ramEfficiency: number;
  /** CPU and RAM efficiency weighted by their cost, as OpenCost computes it. */
  totalEfficiency: number;
  /** Allocated cost in the window (CPU, RAM, GPU, volumes, network, load balancers, shared, external). */
  totalCost: number;
  /** Cost of requested but unused CPU and memory in the window. */
  idleCost: number;
}

/**
 * Answer of the efficiency endpoints when `cost.opencost` is not configured.
 *
 * @public
 */
export interface EfficiencyNotConfigured {
  configured: false;
  /** How to configure it. */
  message: string;
}

/**
 * An entity's Kubernetes efficiency (`GET /api/cost/efficiency`): its own
 * annotated namespaces or label selector plus those of everything that rolls
 * up to it.
 *
 * @public
 */
export interface EntityEfficiency extends EfficiencyFigures {
  configured: true;
  entityRef: string;
  /** The OpenCost window, e.g. `30d`. */
  window: string;
  /** Currency of OpenCost's prices. */
  currency: string;
  /** What data there was: start and end of the allocations, null without any. */
  start: string | null;
  end: string | null;
  /** Namespaces and label selectors (`key=value`) counted. */
  sources: string[];
  /** Annotated namespaces or selectors OpenCost has no allocation for in the window. */
  missing: string[];
}

/** @public */
export interface TeamEfficiency extends EfficiencyFigures {
  entityRef: string;
  /** Display name from the catalog, when it has one. */
  title?: string;
  /** Annotated entities counted for the team. */
  entityCount: number;
}

/**
 * Efficiency per team (`GET /api/cost/efficiency/organisation`).
 *
 * @public
 */
export interface OrganisationEfficiency {
  configured: true;
  window: string;
  currency: string;
  start: string | null;
  end: string | null;
  /** Teams owning annotated entities that the caller may see, by cost. */
  teams: TeamEfficiency[];
  /**
   * True when the caller may see all costs; only then is the cluster's idle
   * (unallocated capacity) cost given.
   */
  complete: boolean;
  clusterIdleCost?: number;
}

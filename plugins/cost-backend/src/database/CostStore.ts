import {
  Budget,
  CostDimension,
  IngestStatus,
} from '@groundwork/plugin-cost-common';
import {
  CostRollup,
  ResourceRollup,
  UnattributedRollup,
} from '../attribution/attribute';
import { CommitmentRollup } from '../commitments/attributeCommitments';

/** Selects cost: one entity with everything rolled up to it, or unattributed cost. */
export type CostScope =
  | { entityRef: string }
  | { unattributed: true }
  | { all: true };

export interface CostQuery {
  scope: CostScope;
  /** Currency of the answer. */
  currency: string;
  /**
   * Source currency to multiplier into `currency` (a CurrencyView's
   * factors): rows in these currencies count, converted. Without it only rows
   * natively in `currency` count.
   */
  factors?: Record<string, number>;
  /** Inclusive `YYYY-MM-DD`. */
  from: string;
  /** Inclusive `YYYY-MM-DD`. */
  to: string;
}

export type BudgetPeriod = 'month' | 'year';

/** Storage of roll-ups, budgets, alerts and ingest status. */
export interface CostStore {
  /**
   * Replaces everything a source stored for the given billing periods, in one
   * transaction: re-ingest never double counts, failure keeps the old data.
   */
  replaceBillingPeriods(options: {
    source: string;
    billingPeriods: string[];
    rollups: CostRollup[];
    unattributed: UnattributedRollup[];
    resources: ResourceRollup[];
    /** Pricing category and commitment discount roll-ups (none when the file has no such columns). */
    commitments?: CommitmentRollup[];
  }): Promise<void>;
  replaceEntityClosure(
    pairs: { entityRef: string; ancestorRef: string }[],
  ): Promise<void>;
  /** Entities in the stored roll-up hierarchy (those with an ancestor), as the last ingest read the catalog. */
  countHierarchyEntities(): Promise<number>;

  /**
   * Daily (or, with `granularity: 'month'`, monthly: `day` is then `YYYY-MM`)
   * effective cost, optionally per value of a dimension, aggregated in SQL.
   */
  dailyCost(
    query: CostQuery & {
      groupBy?: CostDimension;
      granularity?: 'day' | 'month';
    },
  ): Promise<{ day: string; key: string; cost: number }[]>;
  /**
   * Unconverted effective cost per currency that is not in `included`, for
   * the scope and days (cost left out of a converted answer).
   */
  excludedCurrencies(
    query: Omit<CostQuery, 'currency' | 'factors'> & { included: string[] },
  ): Promise<{ currency: string; cost: number }[]>;
  /** Effective cost rolled up to each entity of a kind (e.g. every group). */
  costByEntity(
    query: Omit<CostQuery, 'scope'> & { kind: string },
  ): Promise<{ entityRef: string; cost: number }[]>;
  unattributedDetails(
    query: Omit<CostQuery, 'scope'> & {
      dimension: 'tag' | 'account';
      limit: number;
    },
  ): Promise<{ label: string; cost: number }[]>;
  /** Most expensive resources over the months `from`..`to` touch. */
  topResources(query: CostQuery & { limit: number }): Promise<
    {
      resourceId: string;
      resourceName: string | null;
      serviceName: string;
      cost: number;
    }[]
  >;
  /**
   * Commitment roll-ups of the scope summed per month and every other key
   * but the entity, in their own currencies (a few rows per commitment and
   * month, converted by the caller).
   */
  commitmentRollups(query: {
    scope: CostScope;
    /** Inclusive `YYYY-MM`. */
    fromMonth: string;
    /** Inclusive `YYYY-MM`. */
    toMonth: string;
  }): Promise<Omit<CommitmentRollup, 'billingPeriod' | 'entityRef'>[]>;
  /** Latest day with any billing data, in any currency. */
  latestDay(): Promise<string | undefined>;
  /**
   * Which of the given `tag=value` labels unattributed cost was recorded
   * under, compared case-insensitively; returned lower-cased.
   */
  unattributedTagLabels(labels: string[]): Promise<Set<string>>;

  listBudgets(): Promise<Budget[]>;
  /** `period: 'year'` reads and writes annual (fiscal year) budgets; monthly by default. */
  getBudget(
    entityRef: string,
    period?: BudgetPeriod,
  ): Promise<Budget | undefined>;
  setBudget(
    budget: Omit<Budget, 'updatedAt' | 'source'>,
    period?: BudgetPeriod,
  ): Promise<Budget>;
  deleteBudget(entityRef: string, period?: BudgetPeriod): Promise<boolean>;
  /** Replaces budgets read from annotations; budgets set through the API win. */
  replaceAnnotationBudgets(
    budgets: { entityRef: string; amount: number; currency: string }[],
    period?: BudgetPeriod,
  ): Promise<void>;

  /** Records an alert; false if it was already sent (dedup). */
  recordAlert(alert: {
    entityRef: string;
    month: string;
    kind: string;
  }): Promise<boolean>;

  setIngestStatus(status: IngestStatus): Promise<void>;
  listIngestStatus(): Promise<IngestStatus[]>;
}

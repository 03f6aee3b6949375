import {
  EntityFacts,
  EntityResultRow,
  HeatmapCell,
  FactValue,
  Rollup,
  RollupType,
  RuleFailureSummary,
  StoredRuleResult,
  Waiver,
  WaiverEvent,
  WaiverStatus,
} from '@groundwork/plugin-platform-contract-common';

/** A fact as stored, within one entity's facts from one provider. */
export interface StoredFact {
  value: FactValue;
  observedAt: string;
  source: string;
}

// Evaluation (in -common, shared with the CLI) produces the rows stored here.
export type { EntityFacts, EntityResultRow, StoredRuleResult };

/** Where an evaluated entity sits in the organisation. */
export interface EntityPlacement {
  owner?: string;
  system?: string;
}

/** The catalog structure roll-ups walk. */
export interface Organization {
  /** Parent group of each group. */
  parentOf: Map<string, string>;
  /** Domain of each system. */
  domainOf: Map<string, string>;
}

/** A stored result with where its entity sat when evaluated; no placement for rows stored before placements were. */
export interface PlacedResultRow extends EntityResultRow {
  placement?: EntityPlacement;
}

/** One entity's facts from one provider as stored, still encoded; cheap to hand to a worker thread. */
export interface StoredFactsRow {
  entityRef: string;
  provider: string;
  /** Encoded facts; see `factRows.ts`. */
  facts: string;
  updatedAt: string;
  stale: boolean;
}

export interface ProviderFactsRow {
  entityRef: string;
  facts: Record<string, StoredFact>;
}

export interface EntityHistoryRow {
  contract: string;
  day: string;
  score: number;
  level: string | null;
  groundRulesMet: boolean;
}

/** A roll-up with the breakdowns behind the rules and heatmap views. */
export interface StoredRollup {
  rollup: Rollup;
  rules: RuleFailureSummary[];
  categories: Record<string, HeatmapCell>;
}

export interface RollupHistoryRow {
  day: string;
  score: number;
  entityCount: number;
  groundRulesMetCount: number;
}

/** A waiver as stored; `active` is derived from status and expiry. */
export type StoredWaiver = Omit<Waiver, 'active'> & {
  expiryNotifiedAt?: string;
};

export interface WaiverFilter {
  entityRef?: string;
  contract?: string;
  status?: WaiverStatus;
}

export interface PlatformContractStore {
  /** Replaces the given entities' facts from one provider. */
  writeProviderFacts(
    provider: string,
    rows: ProviderFactsRow[],
    now: string,
  ): Promise<void>;
  /** Keeps the provider's last facts for these entities but flags them stale. */
  markProviderFactsStale(provider: string, entityRefs: string[]): Promise<void>;
  /**
   * Stores facts pushed through the API, one per entity and name (a later
   * push of a name replaces it); concurrent pushes for one entity all stay.
   */
  pushFacts(
    facts: Array<{ entityRef: string; name: string; fact: StoredFact }>,
    now: string,
  ): Promise<void>;
  /**
   * Deletes collected (not pushed) facts of entities outside `entityRefs`,
   * e.g. removed from the catalog; returns how many rows.
   */
  deleteCollectedFactsExcept(entityRefs: Set<string>): Promise<number>;
  /**
   * Deletes pushed facts of entities outside `entityRefs` (the catalog) last
   * pushed before `pushedBefore`; returns how many facts.
   */
  prunePushedFacts(
    entityRefs: Set<string>,
    pushedBefore: string,
  ): Promise<number>;
  /**
   * Each entity's facts by name (all entities when no refs are given); a
   * collected fact wins over a pushed one of the same name.
   */
  readFacts(entityRefs?: string[]): Promise<Map<string, EntityFacts>>;
  /** The stored fact rows of these entities, still encoded. */
  readFactRows(entityRefs: string[]): Promise<StoredFactsRow[]>;

  /**
   * Stores the results of a full evaluation made at `evaluatedAt`: batches
   * are stored as they arrive (so storing overlaps the evaluation of later
   * batches), each without a transaction around the run, so that entities
   * evaluated on their own meanwhile are not held up; a stored result
   * evaluated later than the run is kept. Then drops results the run did not
   * write (entities no longer evaluated), sets `historyDay`'s history to the
   * stored results and records the full evaluation. Returns how many results
   * newer than the run were kept.
   */
  replaceAllResults(
    batches: AsyncIterable<EntityResultRow[]>,
    historyDay: string,
    evaluatedAt: string,
    placements: Map<string, EntityPlacement>,
  ): Promise<{ newerKept: number }>;
  /** The history day of the last full evaluation stored; undefined before the first. */
  lastFullEvaluationDay(): Promise<string | undefined>;
  /** Replaces one entity's results evaluated at `evaluatedAt`, unless newer ones were stored meanwhile. */
  replaceEntityResults(
    entityRef: string,
    rows: EntityResultRow[],
    evaluatedAt: string,
    placement: EntityPlacement,
  ): Promise<void>;
  readEntityResults(entityRef: string): Promise<EntityResultRow[]>;
  /** How many entities have stored results. */
  countEvaluatedEntities(): Promise<number>;
  /** Every stored result, e.g. to recompute roll-ups. */
  readAllResults(): Promise<PlacedResultRow[]>;
  /** Replaces the organisation, as a full evaluation read it. */
  replaceOrganization(organization: Organization): Promise<void>;

  /** One row per entity, contract and day: re-evaluating the same day overwrites it. */
  upsertEntityHistory(day: string, rows: EntityResultRow[]): Promise<void>;
  readEntityHistory(entityRef: string): Promise<EntityHistoryRow[]>;
  /** Replaces the roll-ups and upserts their history for `day`. */
  replaceRollups(rollups: StoredRollup[], day: string): Promise<void>;
  /**
   * Recomputes roll-ups from every stored result and the organisation, and
   * stores them as `replaceRollups` does, unless `compute` returns nothing.
   * One replica at a time, each reading what the last stored, so an older
   * reading never overwrites a newer one.
   */
  recomputeRollups(
    compute: (
      rows: PlacedResultRow[],
      organization: Organization,
    ) => StoredRollup[] | undefined,
    day: string,
  ): Promise<void>;
  listRollups(type: RollupType): Promise<StoredRollup[]>;
  getRollup(type: RollupType, ref: string): Promise<StoredRollup | undefined>;
  upsertRollupHistory(day: string, rollups: Rollup[]): Promise<void>;
  readRollupHistory(type: RollupType, ref: string): Promise<RollupHistoryRow[]>;
  /** Deletes history rows of days before `day`; returns how many. */
  pruneHistory(beforeDay: string): Promise<number>;

  insertWaiver(waiver: StoredWaiver, event: WaiverEvent): Promise<void>;
  getWaiver(id: string): Promise<StoredWaiver | undefined>;
  getWaivers(ids: string[]): Promise<StoredWaiver[]>;
  listWaivers(filter: WaiverFilter): Promise<StoredWaiver[]>;
  /** Approved waivers expiring after `now`. */
  listActiveWaivers(now: string, entityRef?: string): Promise<StoredWaiver[]>;
  /**
   * Applies a change if the waiver is still in `fromStatus`, recording the
   * event in the same transaction; returns false when it was not.
   */
  updateWaiver(
    id: string,
    fromStatus: WaiverStatus,
    patch: Partial<StoredWaiver>,
    event: WaiverEvent,
  ): Promise<boolean>;
  listWaiverEvents(id: string): Promise<WaiverEvent[]>;
}

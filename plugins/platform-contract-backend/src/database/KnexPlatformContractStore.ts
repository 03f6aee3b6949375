import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  Rollup,
  RuleStatus,
  StatusCounts,
  RollupType,
  WaiverEvent,
  WaiverStatus,
} from '@groundwork/plugin-platform-contract-common';
import { Knex } from 'knex';
import { migratedClient } from './migratedClient';
import { insertRows } from './insertRows';
import { lockTransaction } from './transactionLock';
import { encodeFacts, entityFactsOf, PUSH_PROVIDER } from './factRows';
import {
  EntityHistoryRow,
  EntityPlacement,
  EntityResultRow,
  Organization,
  PlacedResultRow,
  PlatformContractStore,
  ProviderFactsRow,
  RollupHistoryRow,
  StoredFact,
  StoredFactsRow,
  StoredRollup,
  StoredRuleResult,
  StoredWaiver,
  WaiverFilter,
} from './PlatformContractStore';

// SQLite upserts become compound SELECTs, limited to 500 terms.
const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/** Rule results are stored as tuples, `[ruleId, status, waiverId?]`, to keep rows small. */
type EncodedRule = [string, RuleStatus, string?];

/**
 * JSON of unwaived rule results by rule id and status. A full run encodes
 * one per entity × rule, and building a tuple to stringify for each took a
 * good share of storing them; ids and statuses repeat.
 */
const encodedRules = new Map<string, Partial<Record<RuleStatus, string>>>();
const ENCODED_RULES_KEPT = 10_000;

function encodeRule({ ruleId, status, waiverId }: StoredRuleResult): string {
  if (waiverId) return JSON.stringify([ruleId, status, waiverId]);
  let byStatus = encodedRules.get(ruleId);
  if (!byStatus) {
    if (encodedRules.size >= ENCODED_RULES_KEPT) encodedRules.clear();
    encodedRules.set(ruleId, (byStatus = {}));
  }
  return (byStatus[status] ??= JSON.stringify([ruleId, status]));
}

/** The `results` column: `{"c": counts, "s": [EncodedRule, …]}`. */
function encodeResults(row: EntityResultRow): string {
  let rules = '';
  for (const rule of row.rules) {
    rules += rules ? `,${encodeRule(rule)}` : encodeRule(rule);
  }
  return `{"c":${JSON.stringify(row.counts)},"s":[${rules}]}`;
}

function decodeResultRow(row: any): EntityResultRow {
  const { c: counts, s }: { c: StatusCounts; s: EncodedRule[] } = JSON.parse(
    row.results,
  );
  return {
    contract: row.contract,
    entityRef: row.entity_ref,
    score: Number(row.score),
    level: row.level,
    groundRulesMet: Boolean(row.ground_rules_met),
    counts,
    rules: s.map(([ruleId, status, waiverId]) =>
      waiverId ? { ruleId, status, waiverId } : { ruleId, status },
    ),
    evaluatedAt: row.evaluated_at,
  };
}

const resultRecord = (row: EntityResultRow, placement: EntityPlacement) => ({
  contract: row.contract,
  entity_ref: row.entityRef,
  score: row.score,
  level: row.level,
  ground_rules_met: row.groundRulesMet,
  results: encodeResults(row),
  evaluated_at: row.evaluatedAt,
  placement: JSON.stringify(placement),
});

const factsRow = (row: any): StoredFactsRow => ({
  entityRef: row.entity_ref,
  provider: row.provider,
  facts: row.facts,
  updatedAt: row.updated_at,
  stale: Boolean(row.stale),
});

/** Each entity's pushed facts as one encoded row of the `push` provider. */
function pushedFactsRows(rows: any[]): StoredFactsRow[] {
  const byEntity = new Map<
    string,
    { facts: Record<string, StoredFact>; updatedAt: string }
  >();
  for (const row of rows) {
    const entity = byEntity.get(row.entity_ref) ?? {
      facts: {} as Record<string, StoredFact>,
      updatedAt: row.pushed_at as string,
    };
    entity.facts[row.name] = {
      value: JSON.parse(row.value),
      observedAt: row.observed_at,
      source: row.source,
    };
    if (row.pushed_at > entity.updatedAt) entity.updatedAt = row.pushed_at;
    byEntity.set(row.entity_ref, entity);
  }
  return [...byEntity].map(([entityRef, { facts, updatedAt }]) => ({
    entityRef,
    provider: PUSH_PROVIDER,
    facts: encodeFacts(facts, PUSH_PROVIDER, updatedAt),
    updatedAt,
    stale: false,
  }));
}

const RESULT_KEY = ['contract', 'entity_ref'];
const HISTORY_KEY = ['entity_ref', 'contract', 'day'];

const historyRecord = (day: string, row: EntityResultRow) => ({
  contract: row.contract,
  entity_ref: row.entityRef,
  day,
  score: row.score,
  level: row.level,
  ground_rules_met: row.groundRulesMet,
});

function toStoredRollup(row: any): StoredRollup {
  return { rollup: JSON.parse(row.rollup), ...JSON.parse(row.details) };
}

function toWaiver(row: any): StoredWaiver {
  return {
    id: row.id,
    contract: row.contract,
    entityRef: row.entity_ref,
    ruleId: row.rule_id,
    reason: row.reason,
    conditions: row.conditions,
    expiresAt: row.expires_at,
    status: row.status,
    contractOwner: row.contract_owner,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.decided_at ? { decidedAt: row.decided_at } : {}),
    ...(row.decision_comment ? { decisionComment: row.decision_comment } : {}),
    ...(row.expiry_notified_at
      ? { expiryNotifiedAt: row.expiry_notified_at }
      : {}),
  };
}

const waiverColumns: Record<string, string> = {
  contract: 'contract',
  entityRef: 'entity_ref',
  ruleId: 'rule_id',
  reason: 'reason',
  conditions: 'conditions',
  expiresAt: 'expires_at',
  status: 'status',
  contractOwner: 'contract_owner',
  requestedBy: 'requested_by',
  requestedAt: 'requested_at',
  decidedBy: 'decided_by',
  decidedAt: 'decided_at',
  decisionComment: 'decision_comment',
  expiryNotifiedAt: 'expiry_notified_at',
};

function waiverRecord(patch: Partial<StoredWaiver>) {
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'id') record.id = value;
    else if (waiverColumns[key]) record[waiverColumns[key]] = value;
  }
  return record;
}

const eventRecord = (waiverId: string, event: WaiverEvent) => ({
  waiver_id: waiverId,
  at: event.at,
  actor: event.actor,
  action: event.action,
  comment: event.comment ?? null,
});

export class KnexPlatformContractStore implements PlatformContractStore {
  static async create(
    database: DatabaseService,
  ): Promise<KnexPlatformContractStore> {
    return new KnexPlatformContractStore(await migratedClient(database));
  }

  private constructor(private readonly db: Knex) {}

  async writeProviderFacts(
    provider: string,
    rows: ProviderFactsRow[],
    now: string,
  ) {
    await insertRows(
      this.db,
      'pc_facts',
      rows.map(row => ({
        entity_ref: row.entityRef,
        provider,
        facts: encodeFacts(row.facts, provider, now),
        stale: false,
        updated_at: now,
      })),
      ['entity_ref', 'provider'],
    );
  }

  async markProviderFactsStale(provider: string, entityRefs: string[]) {
    for (const chunk of chunks(entityRefs)) {
      await this.db('pc_facts')
        .where({ provider })
        .whereIn('entity_ref', chunk)
        .update({ stale: true });
    }
  }

  async pushFacts(
    facts: Array<{ entityRef: string; name: string; fact: StoredFact }>,
    now: string,
  ) {
    // One row per fact, upserted: nothing is read, so concurrent pushes for
    // one entity both stay. The last of a name within one push wins.
    const rows = new Map<string, Record<string, unknown>>();
    for (const { entityRef, name, fact } of facts) {
      rows.set(JSON.stringify([entityRef, name]), {
        entity_ref: entityRef,
        name,
        value: JSON.stringify(fact.value),
        observed_at: fact.observedAt,
        source: fact.source,
        pushed_at: now,
      });
    }
    await insertRows(
      this.db,
      'pc_pushed_facts',
      [...rows.values()],
      ['entity_ref', 'name'],
    );
  }

  async deleteCollectedFactsExcept(entityRefs: Set<string>) {
    const stored: Array<{ entity_ref: string }> = await this.db(
      'pc_facts',
    ).distinct('entity_ref');
    const gone = stored
      .map(r => r.entity_ref)
      .filter(ref => !entityRefs.has(ref));
    let deleted = 0;
    for (const chunk of chunks(gone)) {
      deleted += await this.db('pc_facts')
        .whereIn('entity_ref', chunk)
        .delete();
    }
    return deleted;
  }

  async prunePushedFacts(entityRefs: Set<string>, pushedBefore: string) {
    const stored: Array<{ entity_ref: string }> = await this.db(
      'pc_pushed_facts',
    )
      .distinct('entity_ref')
      .where('pushed_at', '<', pushedBefore);
    const gone = stored
      .map(r => r.entity_ref)
      .filter(ref => !entityRefs.has(ref));
    let deleted = 0;
    for (const chunk of chunks(gone)) {
      deleted += await this.db('pc_pushed_facts')
        .whereIn('entity_ref', chunk)
        .where('pushed_at', '<', pushedBefore)
        .delete();
    }
    return deleted;
  }

  async readFacts(entityRefs?: string[]) {
    if (entityRefs) return entityFactsOf(await this.readFactRows(entityRefs));
    return entityFactsOf([
      ...(await this.db('pc_facts')).map(factsRow),
      ...pushedFactsRows(await this.db('pc_pushed_facts')),
    ]);
  }

  async readFactRows(entityRefs: string[]) {
    const rows: StoredFactsRow[] = [];
    for (const chunk of chunks(entityRefs)) {
      for (const row of await this.db('pc_facts').whereIn('entity_ref', chunk))
        rows.push(factsRow(row));
      rows.push(
        ...pushedFactsRows(
          await this.db('pc_pushed_facts').whereIn('entity_ref', chunk),
        ),
      );
    }
    return rows;
  }

  async replaceAllResults(
    batches: AsyncIterable<EntityResultRow[]>,
    historyDay: string,
    evaluatedAt: string,
    placements: Map<string, EntityPlacement>,
  ) {
    // No transaction around the run: entities evaluated on their own
    // meanwhile write their rows at once, and the newer row wins.
    for await (const rows of batches) {
      await insertRows(
        this.db,
        'pc_results',
        rows.map(row => resultRecord(row, placements.get(row.entityRef) ?? {})),
        RESULT_KEY,
        { unlessNewer: 'evaluated_at' },
      );
    }
    // Rows this run neither wrote nor found newer: entities gone from the
    // catalog, contracts that no longer apply.
    await this.db('pc_results')
      .where('evaluated_at', '<', evaluatedAt)
      .delete();
    await this.db.raw(
      `INSERT INTO pc_entity_history (contract, entity_ref, day, score, level, ground_rules_met)
       SELECT contract, entity_ref, ?, score, level, ground_rules_met FROM pc_results WHERE true
       ON CONFLICT (entity_ref, contract, day) DO UPDATE SET
         score = excluded.score, level = excluded.level, ground_rules_met = excluded.ground_rules_met`,
      [historyDay],
    );
    await insertRows(
      this.db,
      'pc_full_evaluations',
      [{ id: 1, history_day: historyDay }],
      ['id'],
    );
    const [{ count }] = await this.db('pc_results')
      .where('evaluated_at', '>', evaluatedAt)
      .count({ count: '*' });
    return { newerKept: Number(count) };
  }

  async lastFullEvaluationDay(): Promise<string | undefined> {
    const row = await this.db('pc_full_evaluations').where({ id: 1 }).first();
    return row?.history_day;
  }

  async replaceEntityResults(
    entityRef: string,
    rows: EntityResultRow[],
    evaluatedAt: string,
    placement: EntityPlacement,
  ) {
    await this.db.transaction(async tx => {
      await insertRows(
        tx,
        'pc_results',
        rows.map(row => resultRecord(row, placement)),
        RESULT_KEY,
        { unlessNewer: 'evaluated_at' },
      );
      // Contracts that no longer apply to the entity.
      await tx('pc_results')
        .where({ entity_ref: entityRef })
        .where('evaluated_at', '<', evaluatedAt)
        .delete();
    });
  }

  async readEntityResults(entityRef: string): Promise<EntityResultRow[]> {
    const rows = await this.db('pc_results')
      .where({ entity_ref: entityRef })
      .orderBy('contract');
    return rows.map(decodeResultRow);
  }

  async countEvaluatedEntities() {
    const [{ count }] = await this.db('pc_results').countDistinct({
      count: 'entity_ref',
    });
    return Number(count);
  }

  async readAllResults(): Promise<PlacedResultRow[]> {
    return this.readResults(this.db);
  }

  private async readResults(db: Knex | Knex.Transaction) {
    const rows = await db('pc_results').select(
      'contract',
      'entity_ref',
      'score',
      'level',
      'ground_rules_met',
      'results',
      'evaluated_at',
      'placement',
    );
    return rows.map(
      (row): PlacedResultRow => ({
        ...decodeResultRow(row),
        ...(row.placement ? { placement: JSON.parse(row.placement) } : {}),
      }),
    );
  }

  async replaceOrganization({ parentOf, domainOf }: Organization) {
    await this.db.transaction(async tx => {
      await tx('pc_organization').delete();
      await insertRows(
        tx,
        'pc_organization',
        [...parentOf, ...domainOf].map(([ref, parent]) => ({ ref, parent })),
      );
    });
  }

  async upsertEntityHistory(day: string, rows: EntityResultRow[]) {
    await insertRows(
      this.db,
      'pc_entity_history',
      rows.map(row => historyRecord(day, row)),
      HISTORY_KEY,
    );
  }

  async readEntityHistory(entityRef: string): Promise<EntityHistoryRow[]> {
    const rows = await this.db('pc_entity_history')
      .where({ entity_ref: entityRef })
      .orderBy(['contract', 'day']);
    return rows.map(row => ({
      contract: row.contract,
      day: row.day,
      score: Number(row.score),
      level: row.level,
      groundRulesMet: Boolean(row.ground_rules_met),
    }));
  }

  async replaceRollups(rollups: StoredRollup[], day: string) {
    await this.db.transaction(async tx => {
      await lockTransaction(tx, 'pc_rollups');
      await this.writeRollups(tx, rollups, day);
    });
  }

  async recomputeRollups(
    compute: (
      rows: PlacedResultRow[],
      organization: Organization,
    ) => StoredRollup[] | undefined,
    day: string,
  ) {
    await this.db.transaction(async tx => {
      // Read after the lock: a refresh waiting on another reads what it stored.
      await lockTransaction(tx, 'pc_rollups');
      const organization: Organization = {
        parentOf: new Map(),
        domainOf: new Map(),
      };
      for (const { ref, parent } of await tx('pc_organization')) {
        (ref.startsWith('system:')
          ? organization.domainOf
          : organization.parentOf
        ).set(ref, parent);
      }
      const rollups = compute(await this.readResults(tx), organization);
      if (rollups) await this.writeRollups(tx, rollups, day);
    });
  }

  private async writeRollups(
    tx: Knex.Transaction,
    rollups: StoredRollup[],
    day: string,
  ) {
    await tx('pc_rollups').delete();
    await insertRows(
      tx,
      'pc_rollups',
      rollups.map(({ rollup, rules, categories }) => ({
        type: rollup.type,
        ref: rollup.ref,
        rollup: JSON.stringify(rollup),
        details: JSON.stringify({ rules, categories }),
      })),
    );
    await this.upsertRollupHistory(
      day,
      rollups.map(r => r.rollup),
      tx,
    );
  }

  async listRollups(type: RollupType): Promise<StoredRollup[]> {
    const rows = await this.db('pc_rollups').where({ type }).orderBy('ref');
    return rows.map(toStoredRollup);
  }

  async getRollup(type: RollupType, ref: string) {
    const row = await this.db('pc_rollups').where({ type, ref }).first();
    return row ? toStoredRollup(row) : undefined;
  }

  async upsertRollupHistory(
    day: string,
    rollups: Rollup[],
    db: Knex | Knex.Transaction = this.db,
  ) {
    await insertRows(
      db,
      'pc_rollup_history',
      rollups.map(r => ({
        type: r.type,
        ref: r.ref,
        day,
        score: r.score,
        entity_count: r.entityCount,
        ground_rules_met_count: r.groundRulesMetCount,
      })),
      ['type', 'ref', 'day'],
    );
  }

  async readRollupHistory(
    type: RollupType,
    ref: string,
  ): Promise<RollupHistoryRow[]> {
    const rows = await this.db('pc_rollup_history')
      .where({ type, ref })
      .orderBy('day');
    return rows.map(row => ({
      day: row.day,
      score: Number(row.score),
      entityCount: Number(row.entity_count),
      groundRulesMetCount: Number(row.ground_rules_met_count),
    }));
  }

  async pruneHistory(beforeDay: string) {
    const entities = await this.db('pc_entity_history')
      .where('day', '<', beforeDay)
      .delete();
    const rollups = await this.db('pc_rollup_history')
      .where('day', '<', beforeDay)
      .delete();
    return entities + rollups;
  }

  async insertWaiver(waiver: StoredWaiver, event: WaiverEvent) {
    await this.db.transaction(async tx => {
      await tx('pc_waivers').insert(waiverRecord(waiver));
      await tx('pc_waiver_events').insert(eventRecord(waiver.id, event));
    });
  }

  async getWaiver(id: string) {
    const row = await this.db('pc_waivers').where({ id }).first();
    return row ? toWaiver(row) : undefined;
  }

  async getWaivers(ids: string[]) {
    const rows = await this.db('pc_waivers').whereIn('id', ids);
    return rows.map(toWaiver);
  }

  async listWaivers(filter: WaiverFilter) {
    const query = this.db('pc_waivers').orderBy('requested_at', 'desc');
    if (filter.entityRef) query.where({ entity_ref: filter.entityRef });
    if (filter.contract) query.where({ contract: filter.contract });
    if (filter.status) query.where({ status: filter.status });
    return (await query).map(toWaiver);
  }

  async listActiveWaivers(now: string, entityRef?: string) {
    const query = this.db('pc_waivers')
      .where({ status: 'approved' })
      .where('expires_at', '>', now);
    if (entityRef) query.where({ entity_ref: entityRef });
    return (await query).map(toWaiver);
  }

  async updateWaiver(
    id: string,
    fromStatus: WaiverStatus,
    patch: Partial<StoredWaiver>,
    event: WaiverEvent,
  ) {
    return this.db.transaction(async tx => {
      const updated = await tx('pc_waivers')
        .where({ id, status: fromStatus })
        .update(waiverRecord(patch));
      if (!updated) return false;
      await tx('pc_waiver_events').insert(eventRecord(id, event));
      return true;
    });
  }

  async listWaiverEvents(id: string): Promise<WaiverEvent[]> {
    const rows = await this.db('pc_waiver_events')
      .where({ waiver_id: id })
      .orderBy('id');
    return rows.map(row => ({
      at: row.at,
      actor: row.actor,
      action: row.action,
      ...(row.comment ? { comment: row.comment } : {}),
    }));
  }
}

import { DatabaseService } from '@backstage/backend-plugin-api';
import { Campaign } from '@groundwork/plugin-platform-contract-common';
import { Knex } from 'knex';
import { migratedClient } from './migratedClient';
import { insertRows } from './insertRows';
import { lockTransaction } from './transactionLock';
import {
  CampaignProgressInput,
  CampaignProgressRow,
  CampaignStateCount,
  CampaignStore,
  StoredCampaign,
} from './CampaignStore';

const campaignRecord = (c: Campaign) => ({
  id: c.id,
  title: c.title,
  description: c.description,
  contract: c.contract,
  rule_id: c.ruleId ?? null,
  level: c.level ?? null,
  applies_to: c.appliesTo === undefined ? null : JSON.stringify(c.appliesTo),
  deadline: c.deadline,
  owner: c.owner,
  created_by: c.createdBy,
  created_at: c.createdAt,
  source: c.source,
  retired_at: null,
});

/** What a YAML declaration sets on an existing campaign: not `created_at`, nor progress. */
const DECLARED_COLUMNS = [
  'title',
  'description',
  'contract',
  'rule_id',
  'level',
  'applies_to',
  'deadline',
  'owner',
  'created_by',
  'retired_at',
];

function toCampaign(row: any): StoredCampaign {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    contract: row.contract,
    ...(row.rule_id ? { ruleId: row.rule_id } : {}),
    ...(row.level ? { level: row.level } : {}),
    ...(row.applies_to ? { appliesTo: JSON.parse(row.applies_to) } : {}),
    deadline: row.deadline,
    owner: row.owner,
    createdBy: row.created_by,
    createdAt: row.created_at,
    source: row.source,
    ...(row.progress_updated_at
      ? { progressUpdatedAt: row.progress_updated_at }
      : {}),
  };
}

export class KnexCampaignStore implements CampaignStore {
  static async create(database: DatabaseService): Promise<KnexCampaignStore> {
    return new KnexCampaignStore(await migratedClient(database));
  }

  private constructor(private readonly db: Knex) {}

  /** Campaigns not retired: a retired one is hidden until its YAML declares it again. */
  private active() {
    return this.db('pc_campaigns').whereNull('retired_at');
  }

  async listCampaigns() {
    const rows = await this.active().orderBy(['deadline', 'id']);
    return rows.map(toCampaign);
  }

  async getCampaign(id: string) {
    const row = await this.active().where({ id }).first();
    return row ? toCampaign(row) : undefined;
  }

  async insertCampaign(campaign: Campaign) {
    return this.db.transaction(async tx => {
      // A retired campaign keeps its id: its YAML may declare it again.
      if (await tx('pc_campaigns').where({ id: campaign.id }).first()) {
        return false;
      }
      await tx('pc_campaigns').insert(campaignRecord(campaign));
      return true;
    });
  }

  async syncContractCampaigns(campaigns: Campaign[], now: string) {
    return this.db.transaction(async tx => {
      // Replicas starting together would otherwise interleave their upserts
      // and retirements and deadlock.
      await lockTransaction(tx, 'pc_campaigns:sync');
      for (const campaign of campaigns) {
        await tx('pc_campaigns')
          .insert(campaignRecord(campaign))
          .onConflict('id')
          .merge(DECLARED_COLUMNS)
          .where('pc_campaigns.source', 'contract');
      }
      const declared = campaigns.map(c => c.id);
      const skipped = (
        await tx('pc_campaigns')
          .whereIn('id', declared)
          .where({ source: 'api' })
          .orderBy('id')
          .select('id')
      ).map(r => r.id as string);
      const retiring = tx('pc_campaigns')
        .where({ source: 'contract' })
        .whereNull('retired_at')
        .whereNotIn('id', declared);
      const retired = (await retiring.clone().orderBy('id').select('id')).map(
        r => r.id as string,
      );
      await retiring.update({ retired_at: now });
      return { skipped, retired };
    });
  }

  async deleteCampaign(id: string) {
    return this.db.transaction(
      async tx => (await this.deleteWith(tx, [id])) > 0,
    );
  }

  /** Deletes children explicitly: SQLite does not enforce foreign keys unless told to. */
  private async deleteWith(tx: Knex.Transaction, ids: string[]) {
    if (!ids.length) return 0;
    await tx('pc_campaign_entity_progress')
      .whereIn('campaign_id', ids)
      .delete();
    await tx('pc_campaign_reminders').whereIn('campaign_id', ids).delete();
    return tx('pc_campaigns').whereIn('id', ids).delete();
  }

  async replaceProgress(
    campaignId: string,
    rows: CampaignProgressInput[],
    now: string,
    entityRef?: string,
  ) {
    const scope = entityRef
      ? { campaign_id: campaignId, entity_ref: entityRef }
      : { campaign_id: campaignId };
    await this.db.transaction(async tx => {
      // A full refresh and an entity's (another replica's) would otherwise
      // both insert what neither saw deleted.
      await lockTransaction(tx, `pc_campaign_progress:${campaignId}`);
      const doneBefore = new Map<string, string>(
        (
          await tx('pc_campaign_entity_progress')
            .where({ ...scope, state: 'done' })
            .select('entity_ref', 'done_at')
        ).map(r => [r.entity_ref, r.done_at]),
      );
      await tx('pc_campaign_entity_progress').where(scope).delete();
      await insertRows(
        tx,
        'pc_campaign_entity_progress',
        rows.map(row => ({
          campaign_id: campaignId,
          entity_ref: row.entityRef,
          owner: row.owner,
          state: row.state,
          done_at:
            row.state === 'done' ? doneBefore.get(row.entityRef) ?? now : null,
        })),
      );
      await tx('pc_campaigns')
        .where({ id: campaignId })
        .update({ progress_updated_at: now });
    });
  }

  async countProgress(campaignIds?: string[]): Promise<CampaignStateCount[]> {
    const query = this.db('pc_campaign_entity_progress')
      .select('campaign_id', 'owner', 'state')
      .count({ count: '*' })
      .groupBy('campaign_id', 'owner', 'state');
    if (campaignIds) query.whereIn('campaign_id', campaignIds);
    return (await query).map((r: any) => ({
      campaignId: r.campaign_id,
      owner: r.owner ?? null,
      state: r.state,
      count: Number(r.count),
    }));
  }

  async listProgress(
    campaignId: string,
    page: { limit: number; offset: number },
  ) {
    const where = { campaign_id: campaignId };
    const [{ total }] = await this.db('pc_campaign_entity_progress')
      .where(where)
      .count({ total: '*' });
    const rows = await this.db('pc_campaign_entity_progress')
      .where(where)
      .orderByRaw(
        "CASE state WHEN 'open' THEN 0 WHEN 'unknown' THEN 1 ELSE 2 END, COALESCE(owner, ''), entity_ref",
      )
      .limit(page.limit)
      .offset(page.offset);
    return {
      total: Number(total),
      items: rows.map(
        (r): CampaignProgressRow => ({
          entityRef: r.entity_ref,
          owner: r.owner ?? null,
          state: r.state,
          ...(r.done_at ? { doneAt: r.done_at } : {}),
        }),
      ),
    };
  }

  async claimReminder(campaignId: string, reminder: string, sentAt: string) {
    const key = { campaign_id: campaignId, reminder };
    try {
      await this.db('pc_campaign_reminders').insert({
        ...key,
        sent_at: sentAt,
      });
      return true;
    } catch (e) {
      // Another replica (or an earlier run) claimed it first.
      if (await this.db('pc_campaign_reminders').where(key).first()) {
        return false;
      }
      throw e;
    }
  }
}

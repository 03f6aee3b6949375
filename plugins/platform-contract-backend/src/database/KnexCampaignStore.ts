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
});

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

  async listCampaigns() {
    const rows = await this.db('pc_campaigns').orderBy(['deadline', 'id']);
    return rows.map(toCampaign);
  }

  async getCampaign(id: string) {
    const row = await this.db('pc_campaigns').where({ id }).first();
    return row ? toCampaign(row) : undefined;
  }

  async insertCampaign(campaign: Campaign) {
    return this.db.transaction(async tx => {
      if (await tx('pc_campaigns').where({ id: campaign.id }).first()) {
        return false;
      }
      await tx('pc_campaigns').insert(campaignRecord(campaign));
      return true;
    });
  }

  async syncContractCampaigns(campaigns: Campaign[]) {
    return this.db.transaction(async tx => {
      const existing = new Map<string, string>(
        (await tx('pc_campaigns').select('id', 'source')).map(r => [
          r.id,
          r.source,
        ]),
      );
      const skipped: string[] = [];
      for (const campaign of campaigns) {
        const source = existing.get(campaign.id);
        if (source === 'api') {
          skipped.push(campaign.id);
        } else if (source === 'contract') {
          const { created_at, ...record } = campaignRecord(campaign);
          await tx('pc_campaigns').where({ id: campaign.id }).update(record);
        } else {
          await tx('pc_campaigns').insert(campaignRecord(campaign));
        }
      }
      const declared = new Set(campaigns.map(c => c.id));
      const removed = [...existing]
        .filter(([id, source]) => source === 'contract' && !declared.has(id))
        .map(([id]) => id);
      await this.deleteWith(tx, removed);
      return { skipped };
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

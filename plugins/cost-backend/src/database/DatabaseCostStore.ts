import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  Budget,
  CostDimension,
  IngestStatus,
} from '@groundwork/plugin-cost-common';
import { Knex } from 'knex';
import { CostQuery, CostScope, CostStore } from './CostStore';

const migrationsDir = resolvePackagePath(
  '@groundwork/plugin-cost-backend',
  'migrations',
);

const DIMENSION_COLUMNS: Record<CostDimension, string> = {
  serviceCategory: 'service_category',
  serviceName: 'service_name',
  provider: 'provider',
  chargeCategory: 'charge_category',
};

/** Rows per insert statement; keeps PostgreSQL below its bind parameter limit. */
const CHUNK = 500;

/** Inserts in chunks on the given transaction (knex's batchInsert opens its own). */
async function insertChunked(
  tx: Knex.Transaction,
  table: string,
  rows: object[],
  chunkSize: number,
) {
  for (let i = 0; i < rows.length; i += chunkSize) {
    await tx(table).insert(rows.slice(i, i + chunkSize));
  }
}

type BudgetRow = {
  entity_ref: string;
  amount: number;
  currency: string;
  source: 'api' | 'annotation';
  updated_by: string | null;
  updated_at: string;
};

function toBudget(row: BudgetRow): Budget {
  return {
    entityRef: row.entity_ref,
    amount: Number(row.amount),
    currency: row.currency,
    source: row.source,
    updatedBy: row.updated_by ?? undefined,
    updatedAt: row.updated_at,
  };
}

export class DatabaseCostStore implements CostStore {
  static async create(database: DatabaseService): Promise<DatabaseCostStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseCostStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async replaceBillingPeriods(
    options: Parameters<CostStore['replaceBillingPeriods']>[0],
  ) {
    const { source, billingPeriods, rollups, unattributed, resources } =
      options;
    await this.db.transaction(async tx => {
      for (const table of [
        'cost_daily',
        'cost_unattributed',
        'cost_resource_monthly',
      ]) {
        await tx(table)
          .where({ source })
          .whereIn('billing_period', billingPeriods)
          .delete();
      }
      await insertChunked(
        tx,
        'cost_daily',
        rollups.map(r => ({
          source,
          billing_period: r.billingPeriod,
          entity_ref: r.entityRef,
          day: r.day,
          service_category: r.serviceCategory,
          service_name: r.serviceName,
          provider: r.provider,
          charge_category: r.chargeCategory,
          charge_class: r.chargeClass,
          currency: r.currency,
          effective_cost: r.effectiveCost,
          billed_cost: r.billedCost,
          list_cost: r.listCost,
        })),
        CHUNK,
      );
      await insertChunked(
        tx,
        'cost_unattributed',
        unattributed.map(u => ({
          source,
          billing_period: u.billingPeriod,
          day: u.day,
          dimension: u.dimension,
          label: u.label,
          currency: u.currency,
          effective_cost: u.effectiveCost,
        })),
        CHUNK,
      );
      await insertChunked(
        tx,
        'cost_resource_monthly',
        resources.map(r => ({
          source,
          billing_period: r.billingPeriod,
          entity_ref: r.entityRef,
          month: r.month,
          resource_id: r.resourceId,
          resource_name: r.resourceName,
          service_name: r.serviceName,
          currency: r.currency,
          effective_cost: r.effectiveCost,
        })),
        CHUNK,
      );
    });
  }

  async replaceEntityClosure(
    pairs: { entityRef: string; ancestorRef: string }[],
  ) {
    await this.db.transaction(async tx => {
      await tx('cost_entity_closure').delete();
      await insertChunked(
        tx,
        'cost_entity_closure',
        pairs.map(p => ({
          entity_ref: p.entityRef,
          ancestor_ref: p.ancestorRef,
        })),
        CHUNK,
      );
    });
  }

  private scoped(query: Knex.QueryBuilder, scope: CostScope) {
    if ('entityRef' in scope) {
      query.where(q =>
        q
          .where('entity_ref', scope.entityRef)
          .orWhereIn(
            'entity_ref',
            this.db('cost_entity_closure')
              .select('entity_ref')
              .where('ancestor_ref', scope.entityRef),
          ),
      );
    } else if ('unattributed' in scope) {
      query.whereNull('entity_ref');
    }
    return query;
  }

  async dailyCost(query: CostQuery & { groupBy?: CostDimension }) {
    const key = query.groupBy ? DIMENSION_COLUMNS[query.groupBy] : undefined;
    const builder = this.db('cost_daily')
      .select('day', this.db.raw(`${key ? key : "'total'"} as key`))
      .sum({ cost: 'effective_cost' })
      .where('currency', query.currency)
      .whereBetween('day', [query.from, query.to])
      .groupBy(key ? ['day', key] : ['day'])
      .orderBy('day');
    const rows = await this.scoped(builder, query.scope);
    return rows.map((row: any) => ({
      day: row.day,
      key: String(row.key),
      cost: Number(row.cost),
    }));
  }

  async costByEntity(query: Omit<CostQuery, 'scope'> & { kind: string }) {
    const prefix = `${query.kind.toLowerCase()}:%`;
    const attributed = this.db('cost_daily')
      .select('entity_ref', 'effective_cost')
      .where('currency', query.currency)
      .whereBetween('day', [query.from, query.to])
      .whereNotNull('entity_ref');
    // Each entity's own cost plus its descendants' (closure has no self rows).
    const rows = await this.db
      .from(
        this.db
          .select('a.entity_ref as target', 'a.effective_cost')
          .from(attributed.clone().as('a'))
          .where('a.entity_ref', 'like', prefix)
          .unionAll(qb =>
            qb
              .select('c.ancestor_ref as target', 'a.effective_cost')
              .from(attributed.clone().as('a'))
              .join('cost_entity_closure as c', 'c.entity_ref', 'a.entity_ref')
              .where('c.ancestor_ref', 'like', prefix),
          )
          .as('u'),
      )
      .select('target')
      .sum({ cost: 'effective_cost' })
      .groupBy('target');
    return rows.map((row: any) => ({
      entityRef: row.target,
      cost: Number(row.cost),
    }));
  }

  async unattributedDetails(
    query: Omit<CostQuery, 'scope'> & {
      dimension: 'tag' | 'account';
      limit: number;
    },
  ) {
    const rows = await this.db('cost_unattributed')
      .select('label')
      .sum({ cost: 'effective_cost' })
      .where({ currency: query.currency, dimension: query.dimension })
      .whereBetween('day', [query.from, query.to])
      .groupBy('label')
      .orderBy([{ column: 'cost', order: 'desc' }, 'label'])
      .limit(query.limit);
    return rows.map((row: any) => ({
      label: row.label,
      cost: Number(row.cost),
    }));
  }

  async topResources(query: CostQuery & { limit: number }) {
    const builder = this.db('cost_resource_monthly')
      .select('resource_id', 'service_name')
      .max({ resource_name: 'resource_name' })
      .sum({ cost: 'effective_cost' })
      .where('currency', query.currency)
      .whereBetween('month', [query.from.slice(0, 7), query.to.slice(0, 7)])
      .groupBy('resource_id', 'service_name')
      .orderBy([{ column: 'cost', order: 'desc' }, 'resource_id'])
      .limit(query.limit);
    const rows = await this.scoped(builder, query.scope);
    return rows.map((row: any) => ({
      resourceId: row.resource_id,
      resourceName: row.resource_name ?? null,
      serviceName: row.service_name,
      cost: Number(row.cost),
    }));
  }

  async latestDay(currency: string) {
    const row = await this.db('cost_daily')
      .max({ day: 'day' })
      .where({ currency })
      .first();
    return row?.day ?? undefined;
  }

  async listBudgets() {
    const rows = await this.db<BudgetRow>('cost_budgets').orderBy('entity_ref');
    return rows.map(toBudget);
  }

  async getBudget(entityRef: string) {
    const row = await this.db<BudgetRow>('cost_budgets')
      .where({ entity_ref: entityRef })
      .first();
    return row ? toBudget(row) : undefined;
  }

  async setBudget(budget: Omit<Budget, 'updatedAt' | 'source'>) {
    const row: BudgetRow = {
      entity_ref: budget.entityRef,
      amount: budget.amount,
      currency: budget.currency,
      source: 'api',
      updated_by: budget.updatedBy ?? null,
      updated_at: new Date().toISOString(),
    };
    await this.db('cost_budgets').insert(row).onConflict('entity_ref').merge();
    return toBudget(row);
  }

  async deleteBudget(entityRef: string) {
    return (
      (await this.db('cost_budgets')
        .where({ entity_ref: entityRef })
        .delete()) > 0
    );
  }

  async replaceAnnotationBudgets(
    budgets: { entityRef: string; amount: number; currency: string }[],
  ) {
    await this.db.transaction(async tx => {
      await tx('cost_budgets').where({ source: 'annotation' }).delete();
      const apiRefs = new Set(
        (await tx('cost_budgets').select('entity_ref')).map(
          (row: { entity_ref: string }) => row.entity_ref,
        ),
      );
      const now = new Date().toISOString();
      await insertChunked(
        tx,
        'cost_budgets',
        budgets
          .filter(b => !apiRefs.has(b.entityRef))
          .map(b => ({
            entity_ref: b.entityRef,
            amount: b.amount,
            currency: b.currency,
            source: 'annotation',
            updated_by: null,
            updated_at: now,
          })),
        CHUNK,
      );
    });
  }

  async recordAlert(alert: { entityRef: string; month: string; kind: string }) {
    const inserted = await this.db('cost_alerts_sent')
      .insert({
        entity_ref: alert.entityRef,
        month: alert.month,
        kind: alert.kind,
        sent_at: new Date().toISOString(),
      })
      .onConflict(['entity_ref', 'month', 'kind'])
      .ignore()
      .returning('entity_ref');
    return inserted.length > 0;
  }

  async setIngestStatus(status: IngestStatus) {
    await this.db('cost_ingest_status')
      .insert({
        source: status.source,
        status: status.status,
        started_at: status.startedAt,
        finished_at: status.finishedAt ?? null,
        rows_read: status.rowsRead ?? null,
        rollup_rows: status.rollupRows ?? null,
        billing_periods: status.billingPeriods
          ? JSON.stringify(status.billingPeriods)
          : null,
        errors: status.errors ? JSON.stringify(status.errors) : null,
      })
      .onConflict('source')
      .merge();
  }

  async listIngestStatus(): Promise<IngestStatus[]> {
    const rows = await this.db('cost_ingest_status').orderBy('source');
    return rows.map((row: any) => ({
      source: row.source,
      status: row.status,
      startedAt: row.started_at,
      finishedAt: row.finished_at ?? undefined,
      rowsRead: row.rows_read ?? undefined,
      rollupRows: row.rollup_rows ?? undefined,
      billingPeriods: row.billing_periods
        ? JSON.parse(row.billing_periods)
        : undefined,
      errors: row.errors ? JSON.parse(row.errors) : undefined,
    }));
  }
}

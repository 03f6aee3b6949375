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
import { CommitmentRollup } from '../commitments/attributeCommitments';
import { BudgetPeriod, CostQuery, CostScope, CostStore } from './CostStore';

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

/** The month after (`+1`) or before (`-1`) a `YYYY-MM` month. */
function addMonth(month: string, delta: 1 | -1) {
  const date = new Date(`${month}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + delta);
  return date.toISOString().slice(0, 7);
}

/** Last day (`YYYY-MM-DD`) of a `YYYY-MM` month. */
function lastDayOf(month: string) {
  return new Date(Date.parse(`${addMonth(month, 1)}-01T00:00:00Z`) - 86_400_000)
    .toISOString()
    .slice(0, 10);
}

/**
 * Splits an inclusive day range into the whole months it covers (read from
 * cost_monthly) and the days before and after them (read from cost_daily).
 */
export function splitRange(from: string, to: string) {
  const first = from.endsWith('-01')
    ? from.slice(0, 7)
    : addMonth(from.slice(0, 7), 1);
  const last =
    to === lastDayOf(to.slice(0, 7))
      ? to.slice(0, 7)
      : addMonth(to.slice(0, 7), -1);
  if (first > last) {
    return { months: undefined, days: [{ from, to }] };
  }
  const days: { from: string; to: string }[] = [];
  if (from < `${first}-01`) {
    days.push({ from, to: lastDayOf(addMonth(first, -1)) });
  }
  if (to > lastDayOf(last)) days.push({ from: `${addMonth(last, 1)}-01`, to });
  return { months: { from: first, to: last }, days };
}

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

/** Rows per JSON insert: few statements, and a bounded parameter size. */
const JSON_CHUNK = 10_000;

/**
 * Inserts rows with one statement per {@link JSON_CHUNK} rows and one JSON
 * parameter (rows as arrays, the least to parse): far faster than multi-row
 * inserts. Other databases get chunked inserts.
 */
async function insertJson(
  tx: Knex.Transaction,
  table: string,
  columns: Record<string, 'text' | 'double precision'>,
  rows: Record<string, string | number | null>[],
) {
  const names = Object.keys(columns);
  const into = `INSERT INTO ?? (${names.map(() => '??').join(', ')})`;
  let sql: string;
  switch (tx.client.dialect) {
    case 'sqlite3':
      sql = `${into} SELECT ${names
        .map((_, i) => `value ->> ${i}`)
        .join(', ')} FROM json_each(?)`;
      break;
    case 'postgresql':
      sql = `${into} SELECT ${Object.values(columns)
        .map((type, i) => `CAST(value ->> ${i} AS ${type})`)
        .join(', ')} FROM json_array_elements(?::json) AS r(value)`;
      break;
    default:
      await insertChunked(tx, table, rows, CHUNK);
      return;
  }
  for (let i = 0; i < rows.length; i += JSON_CHUNK) {
    const json = JSON.stringify(
      rows.slice(i, i + JSON_CHUNK).map(row => names.map(name => row[name])),
    );
    await tx.raw(sql, [table, ...names, json]);
  }
}

/**
 * Serialises replacements of one source until the transaction ends, so that
 * a second one deletes what the first wrote instead of adding to it (under
 * READ COMMITTED both deletes would otherwise find nothing). SQLite allows one
 * writer at a time anyway.
 */
async function lockSource(tx: Knex.Transaction, source: string) {
  if (tx.client.dialect === 'postgresql') {
    await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
      `cost_daily:${source}`,
    ]);
  }
}

/** Columns of cost_commitment_monthly and their types, `source` first. */
const COMMITMENT_COLUMNS: Record<string, 'text' | 'double precision'> = {
  source: 'text',
  billing_period: 'text',
  entity_ref: 'text',
  month: 'text',
  provider: 'text',
  service_category: 'text',
  charge_category: 'text',
  pricing_category: 'text',
  commitment_discount_id: 'text',
  commitment_discount_name: 'text',
  commitment_discount_category: 'text',
  commitment_discount_type: 'text',
  commitment_discount_status: 'text',
  commitment_discount_unit: 'text',
  currency: 'text',
  effective_cost: 'double precision',
  billed_cost: 'double precision',
  list_cost: 'double precision',
  commitment_discount_quantity: 'double precision',
};

/** Each cost_commitment_monthly column but `source` and its roll-up field. */
const COMMITMENT_FIELDS: Record<string, keyof CommitmentRollup> = {
  billing_period: 'billingPeriod',
  entity_ref: 'entityRef',
  month: 'month',
  provider: 'provider',
  service_category: 'serviceCategory',
  charge_category: 'chargeCategory',
  pricing_category: 'pricingCategory',
  commitment_discount_id: 'commitmentDiscountId',
  commitment_discount_name: 'commitmentDiscountName',
  commitment_discount_category: 'commitmentDiscountCategory',
  commitment_discount_type: 'commitmentDiscountType',
  commitment_discount_status: 'commitmentDiscountStatus',
  commitment_discount_unit: 'commitmentDiscountUnit',
  currency: 'currency',
  effective_cost: 'effectiveCost',
  billed_cost: 'billedCost',
  list_cost: 'listCost',
  commitment_discount_quantity: 'commitmentDiscountQuantity',
};

const BUDGET_TABLES: Record<BudgetPeriod, string> = {
  month: 'cost_budgets',
  year: 'cost_annual_budgets',
};

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
    const commitments = options.commitments ?? [];
    await this.db.transaction(async tx => {
      await lockSource(tx, source);
      for (const table of [
        'cost_daily',
        'cost_monthly',
        'cost_unattributed',
        'cost_resource_monthly',
        'cost_commitment_monthly',
      ]) {
        await tx(table)
          .where({ source })
          .whereIn('billing_period', billingPeriods)
          .delete();
      }
      await insertJson(
        tx,
        'cost_daily',
        {
          source: 'text',
          billing_period: 'text',
          entity_ref: 'text',
          day: 'text',
          service_category: 'text',
          service_name: 'text',
          provider: 'text',
          charge_category: 'text',
          charge_class: 'text',
          currency: 'text',
          effective_cost: 'double precision',
          billed_cost: 'double precision',
          list_cost: 'double precision',
        },
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
      );
      // Monthly roll-ups from the daily ones just written, in the database.
      if (rollups.length) {
        await tx.raw(
          `INSERT INTO cost_monthly (source, billing_period, entity_ref, month,
           service_category, service_name, provider, charge_category, currency,
           effective_cost)
         SELECT source, billing_period, entity_ref, substr(day, 1, 7),
           service_category, service_name, provider, charge_category, currency,
           sum(effective_cost)
         FROM cost_daily
         WHERE source = ? AND billing_period IN (${billingPeriods
           .map(() => '?')
           .join(', ')})
         GROUP BY source, billing_period, entity_ref, substr(day, 1, 7),
           service_category, service_name, provider, charge_category, currency`,
          [source, ...billingPeriods],
        );
      }
      await insertJson(
        tx,
        'cost_unattributed',
        {
          source: 'text',
          billing_period: 'text',
          day: 'text',
          dimension: 'text',
          label: 'text',
          currency: 'text',
          effective_cost: 'double precision',
        },
        unattributed.map(u => ({
          source,
          billing_period: u.billingPeriod,
          day: u.day,
          dimension: u.dimension,
          label: u.label,
          currency: u.currency,
          effective_cost: u.effectiveCost,
        })),
      );
      await insertJson(
        tx,
        'cost_resource_monthly',
        {
          source: 'text',
          billing_period: 'text',
          entity_ref: 'text',
          month: 'text',
          resource_id: 'text',
          resource_name: 'text',
          service_name: 'text',
          currency: 'text',
          effective_cost: 'double precision',
        },
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
      );
      await insertJson(
        tx,
        'cost_commitment_monthly',
        COMMITMENT_COLUMNS,
        commitments.map(c => ({
          source,
          ...Object.fromEntries(
            Object.entries(COMMITMENT_FIELDS).map(([column, field]) => [
              column,
              c[field],
            ]),
          ),
        })),
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

  async countHierarchyEntities() {
    const [{ count }] = await this.db('cost_entity_closure').countDistinct({
      count: 'entity_ref',
    });
    return Number(count);
  }

  /**
   * The one conversion of every cost query: keeps rows in the query's
   * currencies and sums `column` converted into `query.currency`, in SQL.
   * Factors are finite positive numbers from validated configuration, so they
   * are written as literals (PostgreSQL cannot type a bound CASE result).
   */
  private convertedSum(
    builder: Knex.QueryBuilder,
    query: Pick<CostQuery, 'currency' | 'factors'>,
    column = 'effective_cost',
    alias = 'cost',
  ) {
    const factors = Object.entries(
      query.factors ?? { [query.currency]: 1 },
    ).filter(([, factor]) => factor !== 0);
    for (const [, factor] of factors) {
      if (!Number.isFinite(factor)) {
        throw new Error(`Invalid conversion factor ${factor}`);
      }
    }
    builder.whereIn(
      'currency',
      factors.map(([code]) => code),
    );
    if (factors.every(([, factor]) => factor === 1)) {
      return builder.sum({ [alias]: column });
    }
    const cases = factors
      .map(([, factor]) => `when ? then ${String(factor)}`)
      .join(' ');
    return builder.select(
      this.db.raw(`sum(?? * case ?? ${cases} end) as ??`, [
        column,
        'currency',
        ...factors.map(([code]) => code),
        alias,
      ]),
    );
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

  async dailyCost(
    query: CostQuery & {
      groupBy?: CostDimension;
      granularity?: 'day' | 'month';
    },
  ): Promise<{ day: string; key: string; cost: number }[]> {
    const key = query.groupBy ? DIMENSION_COLUMNS[query.groupBy] : undefined;
    const select = (
      table: string,
      period: string,
      range: { from: string; to: string },
      column: string,
    ) => {
      const builder = this.db(table)
        .select(
          this.db.raw(`${period} as period`),
          this.db.raw(`${key ? key : "'total'"} as key`),
        )
        .whereBetween(column, [range.from, range.to])
        .groupBy(key ? [this.db.raw(period), key] : [this.db.raw(period)])
        .orderBy('period');
      this.convertedSum(builder, query);
      return this.scoped(builder, query.scope);
    };
    const toRow = (row: any) => ({
      day: String(row.period),
      key: String(row.key),
      cost: Number(row.cost),
    });
    if (query.granularity !== 'month') {
      return (await select('cost_daily', 'day', query, 'day')).map(toRow);
    }
    // Whole months from cost_monthly, the days around them from cost_daily
    // (months are the `YYYY-MM` prefix of its `YYYY-MM-DD` day column).
    const { months, days } = splitRange(query.from, query.to);
    const parts = await Promise.all([
      ...(months ? [select('cost_monthly', 'month', months, 'month')] : []),
      ...days.map(range =>
        select('cost_daily', 'substr(day, 1, 7)', range, 'day'),
      ),
    ]);
    const merged = new Map<
      string,
      { day: string; key: string; cost: number }
    >();
    for (const row of parts.flat().map(toRow)) {
      const id = `${row.day}\u0000${row.key}`;
      const item = merged.get(id);
      if (item) item.cost += row.cost;
      else merged.set(id, row);
    }
    return [...merged.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  async excludedCurrencies(
    query: Omit<CostQuery, 'currency' | 'factors'> & { included: string[] },
  ): Promise<{ currency: string; cost: number }[]> {
    const select = (table: string, column: string, from: string, to: string) =>
      this.scoped(
        this.db(table)
          .select('currency')
          .sum({ cost: 'effective_cost' })
          .whereNotIn('currency', query.included)
          .whereBetween(column, [from, to])
          .groupBy('currency'),
        query.scope,
      );
    // Whole months from cost_monthly (the same sums), the rest from cost_daily.
    const { months, days } = splitRange(query.from, query.to);
    const parts = await Promise.all([
      ...(months
        ? [select('cost_monthly', 'month', months.from, months.to)]
        : []),
      ...days.map(range => select('cost_daily', 'day', range.from, range.to)),
    ]);
    const totals = new Map<string, number>();
    for (const row of parts.flat()) {
      totals.set(
        row.currency,
        (totals.get(row.currency) ?? 0) + Number(row.cost),
      );
    }
    return [...totals]
      .map(([currency, cost]) => ({ currency, cost }))
      .sort((a, b) => a.currency.localeCompare(b.currency));
  }

  async costByEntity(
    query: Omit<CostQuery, 'scope'> & { kind: string },
  ): Promise<{ entityRef: string; cost: number }[]> {
    const prefix = `${query.kind.toLowerCase()}:%`;
    const attributed = this.convertedSum(
      this.db('cost_daily')
        .select('entity_ref')
        .whereBetween('day', [query.from, query.to])
        .whereNotNull('entity_ref')
        .groupBy('entity_ref'),
      query,
      'effective_cost',
      'effective_cost',
    );
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
    const rows = await this.convertedSum(
      this.db('cost_unattributed')
        .select('label')
        .where({ dimension: query.dimension })
        .whereBetween('day', [query.from, query.to])
        .groupBy('label')
        .orderBy([{ column: 'cost', order: 'desc' }, 'label'])
        .limit(query.limit),
      query,
    );
    return rows.map((row: any) => ({
      label: row.label,
      cost: Number(row.cost),
    }));
  }

  async topResources(
    query: CostQuery & { limit: number },
  ): ReturnType<CostStore['topResources']> {
    const builder = this.convertedSum(
      this.db('cost_resource_monthly')
        .select('resource_id', 'service_name')
        .max({ resource_name: 'resource_name' })
        .whereBetween('month', [query.from.slice(0, 7), query.to.slice(0, 7)])
        .groupBy('resource_id', 'service_name')
        .orderBy([{ column: 'cost', order: 'desc' }, 'resource_id'])
        .limit(query.limit),
      query,
    );
    const rows = await this.scoped(builder, query.scope);
    return rows.map((row: any) => ({
      resourceId: row.resource_id,
      resourceName: row.resource_name ?? null,
      serviceName: row.service_name,
      cost: Number(row.cost),
    }));
  }

  async commitmentRollups(
    query: Parameters<CostStore['commitmentRollups']>[0],
  ): ReturnType<CostStore['commitmentRollups']> {
    const keys = Object.entries(COMMITMENT_FIELDS).filter(
      ([column]) =>
        !['billing_period', 'entity_ref'].includes(column) &&
        COMMITMENT_COLUMNS[column] === 'text',
    );
    const builder = this.db('cost_commitment_monthly')
      .select(keys.map(([column]) => column))
      .sum({
        effective_cost: 'effective_cost',
        billed_cost: 'billed_cost',
        list_cost: 'list_cost',
        quantity: 'commitment_discount_quantity',
      })
      .whereBetween('month', [query.fromMonth, query.toMonth])
      .groupBy(keys.map(([column]) => column));
    const rows = await this.scoped(builder, query.scope);
    return rows.map((row: any) => ({
      ...(Object.fromEntries(
        keys.map(([column, field]) => [field, row[column] ?? null]),
      ) as any),
      effectiveCost: Number(row.effective_cost),
      billedCost: Number(row.billed_cost),
      listCost: Number(row.list_cost),
      commitmentDiscountQuantity:
        row.quantity === null ? null : Number(row.quantity),
    }));
  }

  async latestDay() {
    const row = await this.db('cost_daily').max({ day: 'day' }).first();
    return row?.day ?? undefined;
  }

  async unattributedTagLabels(labels: string[]) {
    if (labels.length === 0) return new Set<string>();
    const lower = labels.map(l => l.toLowerCase());
    const rows: { label: string }[] = await this.db('cost_unattributed')
      .distinct('label')
      .where({ dimension: 'tag' })
      .whereRaw(`lower(label) in (${lower.map(() => '?').join(', ')})`, lower);
    return new Set(rows.map(r => r.label.toLowerCase()));
  }

  async listBudgets() {
    const rows = await this.db<BudgetRow>('cost_budgets').orderBy('entity_ref');
    return rows.map(toBudget);
  }

  async getBudget(entityRef: string, period: BudgetPeriod = 'month') {
    const row = await this.db<BudgetRow>(BUDGET_TABLES[period])
      .where({ entity_ref: entityRef })
      .first();
    return row ? toBudget(row) : undefined;
  }

  async setBudget(
    budget: Omit<Budget, 'updatedAt' | 'source'>,
    period: BudgetPeriod = 'month',
  ) {
    const row: BudgetRow = {
      entity_ref: budget.entityRef,
      amount: budget.amount,
      currency: budget.currency,
      source: 'api',
      updated_by: budget.updatedBy ?? null,
      updated_at: new Date().toISOString(),
    };
    await this.db(BUDGET_TABLES[period])
      .insert(row)
      .onConflict('entity_ref')
      .merge();
    return toBudget(row);
  }

  async deleteBudget(entityRef: string, period: BudgetPeriod = 'month') {
    return (
      (await this.db(BUDGET_TABLES[period])
        .where({ entity_ref: entityRef })
        .delete()) > 0
    );
  }

  async replaceAnnotationBudgets(
    budgets: { entityRef: string; amount: number; currency: string }[],
    period: BudgetPeriod = 'month',
  ) {
    const table = BUDGET_TABLES[period];
    await this.db.transaction(async tx => {
      await tx(table).where({ source: 'annotation' }).delete();
      const apiRefs = new Set(
        (await tx(table).select('entity_ref')).map(
          (row: { entity_ref: string }) => row.entity_ref,
        ),
      );
      const now = new Date().toISOString();
      await insertChunked(
        tx,
        table,
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

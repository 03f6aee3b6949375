import {
  Budget,
  CostBreakdown,
  CostComparison,
  CostFactsResponse,
  CostDimension,
  CostForecast,
  CostMover,
  CostOverview,
  CostSeries,
  CostSummary,
  TopResources,
  UnattributedCost,
} from '@groundwork/plugin-cost-common';
import { DateTime } from 'luxon';
import { CostScope, CostStore } from '../database/CostStore';

/** Days of run rate behind the forecast. */
const RUN_RATE_DAYS = 7;

export const FORECAST_METHOD = `Month-to-date cost plus the run rate (mean daily cost over the last ${RUN_RATE_DAYS} days up to the last day with billing data, within the month) times the days left in the month.`;

const day = (date: DateTime) => date.toISODate()!;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function changePercent(current: number, previous: number) {
  return previous === 0
    ? null
    : ((current - previous) / Math.abs(previous)) * 100;
}

/** The period of the same length right before `from`..`to` (inclusive days). */
export function previousPeriod(from: string, to: string) {
  const start = DateTime.fromISO(from, { zone: 'utc' });
  const length =
    DateTime.fromISO(to, { zone: 'utc' }).diff(start, 'days').days + 1;
  return {
    from: day(start.minus({ days: length })),
    to: day(start.minus({ days: 1 })),
  };
}

/** Cost queries, forecasts and overviews on top of the store. */
export class CostService {
  constructor(
    private readonly store: CostStore,
    private readonly options: { defaultCurrency: string; now?: () => DateTime },
  ) {}

  now() {
    return (this.options.now?.() ?? DateTime.utc()).setZone('utc');
  }

  private async currencyFor(entityRef: string, currency?: string) {
    return (
      currency ??
      (await this.store.getBudget(entityRef))?.currency ??
      this.options.defaultCurrency
    );
  }

  private async total(
    scope: CostScope,
    currency: string,
    from: string,
    to: string,
  ) {
    return sum(
      (await this.store.dailyCost({ scope, currency, from, to })).map(
        r => r.cost,
      ),
    );
  }

  async series(options: {
    entityRef: string;
    from: string;
    to: string;
    granularity: 'day' | 'month';
    groupBy?: CostDimension;
    currency?: string;
  }): Promise<CostSeries> {
    const { entityRef, from, to, granularity, groupBy } = options;
    const currency = await this.currencyFor(entityRef, options.currency);
    const rows = await this.store.dailyCost({
      scope: { entityRef },
      currency,
      from,
      to,
      groupBy,
    });
    const points = new Map<string, CostSeries['points'][number]>();
    // Every period appears, with zero cost if there was none, so charts do not skip days.
    const step = granularity === 'day' ? { days: 1 } : { months: 1 };
    const format = (date: DateTime) =>
      granularity === 'day' ? day(date) : date.toFormat('yyyy-MM');
    for (
      let cursor = DateTime.fromISO(from, { zone: 'utc' }).startOf(granularity);
      cursor <= DateTime.fromISO(to, { zone: 'utc' });
      cursor = cursor.plus(step)
    ) {
      points.set(format(cursor), {
        period: format(cursor),
        values: {},
        total: 0,
      });
    }
    for (const row of rows) {
      const point = points.get(
        granularity === 'day' ? row.day : row.day.slice(0, 7),
      );
      if (point) {
        point.values[row.key] = (point.values[row.key] ?? 0) + row.cost;
        point.total += row.cost;
      }
    }
    return {
      entityRef,
      currency,
      granularity,
      groupBy,
      from,
      to,
      points: [...points.values()],
    };
  }

  async breakdown(options: {
    entityRef: string;
    from: string;
    to: string;
    by: CostDimension;
    currency?: string;
  }): Promise<CostBreakdown> {
    const { entityRef, from, to, by } = options;
    const currency = await this.currencyFor(entityRef, options.currency);
    const previous = previousPeriod(from, to);
    const items = new Map<
      string,
      { key: string; cost: number; previousCost: number }
    >();
    const item = (key: string) =>
      items.get(key) ??
      items.set(key, { key, cost: 0, previousCost: 0 }).get(key)!;
    for (const row of await this.store.dailyCost({
      scope: { entityRef },
      currency,
      from,
      to,
      groupBy: by,
    })) {
      item(row.key).cost += row.cost;
    }
    for (const row of await this.store.dailyCost({
      scope: { entityRef },
      currency,
      ...previous,
      groupBy: by,
    })) {
      item(row.key).previousCost += row.cost;
    }
    return {
      entityRef,
      currency,
      by,
      from,
      to,
      items: [...items.values()].sort((a, b) => b.cost - a.cost),
    };
  }

  async topResources(options: {
    entityRef: string;
    from: string;
    to: string;
    limit: number;
    currency?: string;
  }): Promise<TopResources> {
    const { entityRef, from, to, limit } = options;
    const currency = await this.currencyFor(entityRef, options.currency);
    const items = await this.store.topResources({
      scope: { entityRef },
      currency,
      from,
      to,
      limit,
    });
    return { entityRef, currency, from, to, items };
  }

  async compare(options: {
    entityRef: string;
    from: string;
    to: string;
    currency?: string;
  }): Promise<CostComparison> {
    const { entityRef, from, to } = options;
    const currency = await this.currencyFor(entityRef, options.currency);
    const previous = previousPeriod(from, to);
    const current = await this.total({ entityRef }, currency, from, to);
    const before = await this.total(
      { entityRef },
      currency,
      previous.from,
      previous.to,
    );
    return {
      entityRef,
      currency,
      current: { from, to, cost: current },
      previous: { ...previous, cost: before },
      change: current - before,
      changePercent: changePercent(current, before),
    };
  }

  /** Month-end forecast for the current month; see {@link FORECAST_METHOD}. */
  async forecast(options: {
    entityRef: string;
    currency?: string;
    budget?: Budget | null;
  }): Promise<CostForecast> {
    const { entityRef } = options;
    const budget =
      options.budget === undefined
        ? await this.store.getBudget(entityRef)
        : options.budget ?? undefined;
    const currency =
      options.currency ?? budget?.currency ?? this.options.defaultCurrency;
    const now = this.now();
    const monthStart = now.startOf('month');
    const rows = await this.store.dailyCost({
      scope: { entityRef },
      currency,
      from: day(monthStart),
      to: day(now.endOf('month')),
    });
    const daily = new Map<string, number>();
    for (const row of rows)
      daily.set(row.day, (daily.get(row.day) ?? 0) + row.cost);
    const lastDataDay = [...daily.keys()].sort().pop() ?? null;
    const monthToDate = sum([...daily.values()]);
    let runRate = 0;
    let forecast = monthToDate;
    if (lastDataDay) {
      const last = DateTime.fromISO(lastDataDay, { zone: 'utc' });
      const windowStart = DateTime.max(
        last.minus({ days: RUN_RATE_DAYS - 1 }),
        monthStart,
      );
      const windowDays = last.diff(windowStart, 'days').days + 1;
      runRate =
        sum(
          [...daily.entries()]
            .filter(([d]) => d >= day(windowStart) && d <= lastDataDay)
            .map(([, c]) => c),
        ) / windowDays;
      forecast = monthToDate + runRate * (now.daysInMonth! - last.day);
    }
    const matchingBudget =
      budget && budget.currency === currency ? budget : undefined;
    return {
      entityRef,
      currency,
      month: monthStart.toFormat('yyyy-MM'),
      monthToDate,
      lastDataDay,
      runRate,
      forecast,
      method: FORECAST_METHOD,
      budget: matchingBudget,
      budgetUsedPercent: matchingBudget
        ? (monthToDate / matchingBudget.amount) * 100
        : undefined,
      forecastOverBudget: matchingBudget
        ? forecast > matchingBudget.amount
        : undefined,
    };
  }

  /** Everything the entity card shows; `empty` when there was no cost for the last 30 days and previous month. */
  async summary(options: {
    entityRef: string;
    currency?: string;
  }): Promise<CostSummary> {
    const { entityRef } = options;
    const forecast = await this.forecast(options);
    const now = this.now();
    // Month to date against the same days of the previous month.
    const comparison = await this.compareMonthToDate(
      entityRef,
      forecast.currency,
      now,
    );
    const sparklineFrom = day(now.minus({ days: 29 }));
    const rows = await this.store.dailyCost({
      scope: { entityRef },
      currency: forecast.currency,
      from: sparklineFrom,
      to: day(now),
    });
    const daily = new Map<string, number>();
    for (const row of rows)
      daily.set(row.day, (daily.get(row.day) ?? 0) + row.cost);
    const sparkline = Array.from({ length: 30 }, (_, i) => {
      const d = day(now.minus({ days: 29 - i }));
      return { day: d, cost: daily.get(d) ?? 0 };
    });
    return {
      entityRef,
      currency: forecast.currency,
      forecast,
      comparison,
      sparkline,
      empty:
        rows.length === 0 &&
        forecast.lastDataDay === null &&
        comparison.previous.cost === 0,
    };
  }

  private async compareMonthToDate(
    entityRef: string,
    currency: string,
    now: DateTime,
  ): Promise<CostComparison> {
    const from = day(now.startOf('month'));
    const to = day(now);
    const previousFrom = now.minus({ months: 1 }).startOf('month');
    const previousTo = DateTime.min(
      previousFrom.set({ day: now.day }),
      previousFrom.endOf('month'),
    );
    const current = await this.total({ entityRef }, currency, from, to);
    const previous = await this.total(
      { entityRef },
      currency,
      day(previousFrom),
      day(previousTo),
    );
    return {
      entityRef,
      currency,
      current: { from, to, cost: current },
      previous: {
        from: day(previousFrom),
        to: day(previousTo),
        cost: previous,
      },
      change: current - previous,
      changePercent: changePercent(current, previous),
    };
  }

  /** Entities of a kind whose cost changed most between two periods. */
  async movers(options: {
    kind: string;
    from: string;
    to: string;
    limit: number;
    currency?: string;
    visible: (entityRefs: string[]) => Promise<Set<string>>;
  }): Promise<CostMover[]> {
    const { kind, from, to, limit } = options;
    const currency = options.currency ?? this.options.defaultCurrency;
    const previous = previousPeriod(from, to);
    const current = await this.store.costByEntity({ kind, currency, from, to });
    const before = await this.store.costByEntity({
      kind,
      currency,
      ...previous,
    });
    const refs = [...new Set([...current, ...before].map(r => r.entityRef))];
    const visible = await options.visible(refs);
    const costOf = (rows: { entityRef: string; cost: number }[], ref: string) =>
      rows.find(r => r.entityRef === ref)?.cost ?? 0;
    return refs
      .filter(ref => visible.has(ref))
      .map(ref => {
        const now = costOf(current, ref);
        const then = costOf(before, ref);
        return {
          entityRef: ref,
          current: now,
          previous: then,
          change: now - then,
          changePercent: changePercent(now, then),
        };
      })
      .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
      .slice(0, limit);
  }

  /**
   * The organisation view for the current month: each visible group's spend
   * against budget. Totals and the unattributed share only for those who may
   * see everything.
   */
  async overview(options: {
    currency?: string;
    seesEverything: boolean;
    visible: (entityRefs: string[]) => Promise<Set<string>>;
  }): Promise<CostOverview> {
    const currency = options.currency ?? this.options.defaultCurrency;
    const now = this.now();
    const from = day(now.startOf('month'));
    const to = day(now.endOf('month'));
    const byGroup = await this.store.costByEntity({
      kind: 'group',
      currency,
      from,
      to,
    });
    const budgets = (await this.store.listBudgets()).filter(b =>
      b.entityRef.startsWith('group:'),
    );
    const refs = [
      ...new Set([
        ...byGroup.map(g => g.entityRef),
        ...budgets.map(b => b.entityRef),
      ]),
    ];
    const visible = await options.visible(refs);
    const teams = [];
    for (const ref of refs.filter(r => visible.has(r)).sort()) {
      const budget = budgets.find(b => b.entityRef === ref);
      const forecast = await this.forecast({
        entityRef: ref,
        currency,
        budget: budget ?? null,
      });
      teams.push({
        entityRef: ref,
        monthToDate: forecast.monthToDate,
        forecast: forecast.forecast,
        budget: forecast.budget,
      });
    }
    const total = options.seesEverything
      ? await this.total({ all: true }, currency, from, to)
      : 0;
    const unattributed = options.seesEverything
      ? await this.total({ unattributed: true }, currency, from, to)
      : 0;
    const lastMonth = now.minus({ months: 1 });
    return {
      complete: options.seesEverything,
      currency,
      month: now.toFormat('yyyy-MM'),
      total,
      unattributed,
      unattributedPercent: total ? (unattributed / total) * 100 : 0,
      teams,
      movers: await this.movers({
        kind: 'group',
        currency,
        from: day(lastMonth.startOf('month')),
        to: day(lastMonth.endOf('month')),
        limit: 5,
        visible: options.visible,
      }),
    };
  }

  /**
   * Current-month budget facts for many entities at once (the platform
   * contract's `cost.*` facts). `unattributedShare` only for callers that see
   * everything.
   */
  async facts(options: {
    entityRefs: string[];
    seesEverything: boolean;
  }): Promise<CostFactsResponse> {
    const now = this.now();
    const budgets = new Map(
      (await this.store.listBudgets()).map(b => [b.entityRef, b]),
    );
    const items = [];
    for (const entityRef of options.entityRefs) {
      const budget = budgets.get(entityRef) ?? null;
      const f = await this.forecast({ entityRef, budget });
      const amount =
        budget && budget.currency === f.currency ? budget.amount : null;
      items.push({
        entityRef,
        currency: f.currency,
        monthlyBudget: budget ? budget.amount : null,
        monthToDate: f.monthToDate,
        forecast: f.forecast,
        monthToDateVsBudget: amount ? f.monthToDate / amount : null,
        forecastVsBudget: amount ? f.forecast / amount : null,
      });
    }
    let unattributedShare: number | null = null;
    if (options.seesEverything) {
      const currency = this.options.defaultCurrency;
      const from = day(now.startOf('month'));
      const to = day(now.endOf('month'));
      const total = await this.total({ all: true }, currency, from, to);
      const unattributed = await this.total(
        { unattributed: true },
        currency,
        from,
        to,
      );
      unattributedShare = total > 0 ? unattributed / total : null;
    }
    return { month: now.toFormat('yyyy-MM'), items, unattributedShare };
  }

  async unattributed(options: {
    from: string;
    to: string;
    currency?: string;
    limit: number;
  }): Promise<UnattributedCost> {
    const currency = options.currency ?? this.options.defaultCurrency;
    const query = {
      currency,
      from: options.from,
      to: options.to,
      limit: options.limit,
    };
    return {
      currency,
      from: options.from,
      to: options.to,
      total: await this.total(
        { unattributed: true },
        currency,
        options.from,
        options.to,
      ),
      topTags: await this.store.unattributedDetails({
        ...query,
        dimension: 'tag',
      }),
      topAccounts: await this.store.unattributedDetails({
        ...query,
        dimension: 'account',
      }),
    };
  }

  /** Daily cost per service as CSV, for spreadsheets. */
  async exportCsv(options: {
    entityRef: string;
    from: string;
    to: string;
    currency?: string;
  }): Promise<string> {
    const currency = await this.currencyFor(
      options.entityRef,
      options.currency,
    );
    const rows = await this.store.dailyCost({
      scope: { entityRef: options.entityRef },
      currency,
      from: options.from,
      to: options.to,
      groupBy: 'serviceName',
    });
    const escape = (value: string) =>
      /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
    return [
      'entity_ref,day,service_name,currency,effective_cost',
      ...rows.map(r =>
        [
          options.entityRef,
          r.day,
          escape(r.key),
          currency,
          String(r.cost),
        ].join(','),
      ),
    ]
      .join('\n')
      .concat('\n');
  }
}

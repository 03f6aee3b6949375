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
  CurrencyConversion,
  ExcludedCurrency,
  TopResources,
  UnattributedCost,
} from '@groundwork/plugin-cost-common';
import { DateTime } from 'luxon';
import { CurrencyConverter, CurrencyView } from '../currency';
import { CostScope, CostStore } from '../database/CostStore';

/** Days of run rate behind the forecast. */
const RUN_RATE_DAYS = 7;

export const FORECAST_METHOD = `Month-to-date cost plus the run rate (mean daily cost over the last ${RUN_RATE_DAYS} days up to the last day with billing data, within the month) times the days left in the month.`;

const day = (date: DateTime) => date.toISODate()!;

/** When the current-month views are computed; see {@link CostService.reportingPoint}. */
export interface ReportingPoint {
  now: DateTime;
  /** The month shown has ended: the calendar month has no billing data yet. */
  monthEnded: boolean;
}
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function changePercent(current: number, previous: number) {
  return previous === 0
    ? null
    : ((current - previous) / Math.abs(previous)) * 100;
}

/**
 * Every period (`YYYY-MM-DD` or `YYYY-MM`) from `from` to `to`, inclusive;
 * plain UTC arithmetic (a 13-month daily series has ~400 points).
 */
export function periodsBetween(
  from: string,
  to: string,
  granularity: 'day' | 'month',
): string[] {
  const periods: string[] = [];
  if (granularity === 'day') {
    const end = Date.parse(`${to}T00:00:00Z`);
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
      periods.push(new Date(t).toISOString().slice(0, 10));
    }
    return periods;
  }
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const period = `${year}-${String(month).padStart(2, '0')}`;
    if (period > last) return periods;
    periods.push(period);
    month = (month % 12) + 1;
    if (month === 1) year++;
  }
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

/**
 * Cost queries, forecasts and overviews on top of the store. Every method
 * takes an optional `currency`: without it amounts are in the reporting
 * currency with every currency that has a rate converted (the rest reported
 * in `excludedCurrencies`); with it only cost billed natively in it.
 */
export class CostService {
  constructor(
    private readonly store: CostStore,
    private readonly options: {
      currency: CurrencyConverter;
      now?: () => DateTime;
    },
  ) {}

  now() {
    return (this.options.now?.() ?? DateTime.utc()).setZone('utc');
  }

  /**
   * The instant the current-month views are computed at. Billing exports
   * arrive a day or more late, so a month has no data on its first day(s).
   * Until its first day of data arrives, the views show the previous month,
   * which has ended, and say so (`monthEnded`).
   */
  async reportingPoint(): Promise<ReportingPoint> {
    const now = this.now();
    const monthStart = now.startOf('month');
    const latest = await this.store.latestDay();
    if (
      latest !== undefined &&
      latest < day(monthStart) &&
      latest >= day(monthStart.minus({ months: 1 }))
    ) {
      return {
        now: monthStart.minus({ days: 1 }).endOf('day'),
        monthEnded: true,
      };
    }
    return { now, monthEnded: false };
  }

  /** What a request for `currency` (or none) includes; see {@link CurrencyConverter.view}. */
  view(currency?: string): CurrencyView {
    return this.options.currency.view(currency);
  }

  /** The store query fields of a view. */
  private q(view: CurrencyView) {
    return { currency: view.currency, factors: view.factors };
  }

  /** Cost left out of a converted answer (none for one native currency). */
  private async excluded(
    view: CurrencyView,
    scope: CostScope,
    from: string,
    to: string,
  ): Promise<ExcludedCurrency[]> {
    if (!view.converted) return [];
    return this.store.excludedCurrencies({
      scope,
      from,
      to,
      included: Object.keys(view.factors),
    });
  }

  private async conversion(
    view: CurrencyView,
    scope: CostScope,
    from: string,
    to: string,
  ): Promise<CurrencyConversion> {
    return {
      currency: view.currency,
      conversionRates: view.factors,
      excludedCurrencies: await this.excluded(view, scope, from, to),
    };
  }

  private async total(
    scope: CostScope,
    view: CurrencyView,
    from: string,
    to: string,
  ) {
    return sum(
      (await this.store.dailyCost({ scope, ...this.q(view), from, to })).map(
        r => r.cost,
      ),
    );
  }

  /** Effective cost rolled up to each entity of a kind, in the view's currency. */
  costByEntity(options: {
    kind: string;
    from: string;
    to: string;
    currency?: string;
  }) {
    const { currency, ...rest } = options;
    return this.store.costByEntity({ ...rest, ...this.q(this.view(currency)) });
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
    const view = this.view(options.currency);
    const [rows, conversion] = await Promise.all([
      this.store.dailyCost({
        scope: { entityRef },
        ...this.q(view),
        from,
        to,
        groupBy,
        granularity,
      }),
      this.conversion(view, { entityRef }, from, to),
    ]);
    // Every period appears, with zero cost if there was none, so charts do not skip days.
    const points = new Map<string, CostSeries['points'][number]>(
      periodsBetween(from, to, granularity).map(period => [
        period,
        { period, values: {}, total: 0 },
      ]),
    );
    for (const row of rows) {
      const point = points.get(row.day);
      if (point) {
        point.values[row.key] = (point.values[row.key] ?? 0) + row.cost;
        point.total += row.cost;
      }
    }
    return {
      entityRef,
      ...conversion,
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
    const view = this.view(options.currency);
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
      ...this.q(view),
      from,
      to,
      groupBy: by,
    })) {
      item(row.key).cost += row.cost;
    }
    for (const row of await this.store.dailyCost({
      scope: { entityRef },
      ...this.q(view),
      ...previous,
      groupBy: by,
    })) {
      item(row.key).previousCost += row.cost;
    }
    return {
      entityRef,
      ...(await this.conversion(view, { entityRef }, previous.from, to)),
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
    const view = this.view(options.currency);
    const items = await this.store.topResources({
      scope: { entityRef },
      ...this.q(view),
      from,
      to,
      limit,
    });
    // Resource cost is kept per month: exclusions over the whole months.
    const months = {
      from: day(DateTime.fromISO(from, { zone: 'utc' }).startOf('month')),
      to: day(DateTime.fromISO(to, { zone: 'utc' }).endOf('month')),
    };
    return {
      entityRef,
      ...(await this.conversion(view, { entityRef }, months.from, months.to)),
      from,
      to,
      items,
    };
  }

  async compare(options: {
    entityRef: string;
    from: string;
    to: string;
    currency?: string;
  }): Promise<CostComparison> {
    const { entityRef, from, to } = options;
    const view = this.view(options.currency);
    const previous = previousPeriod(from, to);
    const current = await this.total({ entityRef }, view, from, to);
    const before = await this.total(
      { entityRef },
      view,
      previous.from,
      previous.to,
    );
    return {
      entityRef,
      ...(await this.conversion(view, { entityRef }, previous.from, to)),
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
    at?: ReportingPoint;
  }): Promise<CostForecast> {
    const { entityRef } = options;
    const budget =
      options.budget === undefined
        ? await this.store.getBudget(entityRef)
        : options.budget ?? undefined;
    const view = this.view(options.currency);
    const { now, monthEnded } = options.at ?? (await this.reportingPoint());
    const monthStart = now.startOf('month');
    const rows = await this.store.dailyCost({
      scope: { entityRef },
      ...this.q(view),
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
    // Budgets keep their currency; compared after converting them.
    const converter = this.options.currency;
    const budgetInCurrency = budget
      ? converter.convert(budget.amount, budget.currency, view.currency)
      : undefined;
    return {
      entityRef,
      ...(await this.conversion(
        view,
        { entityRef },
        day(monthStart),
        day(now.endOf('month')),
      )),
      month: monthStart.toFormat('yyyy-MM'),
      monthEnded,
      monthToDate,
      lastDataDay,
      runRate,
      forecast,
      method: FORECAST_METHOD,
      budget,
      budgetInCurrency,
      budgetNotComparable: budget
        ? converter.missingRate(budget.currency, view.currency)
        : undefined,
      budgetUsedPercent:
        budgetInCurrency !== undefined
          ? (monthToDate / budgetInCurrency) * 100
          : undefined,
      forecastOverBudget:
        budgetInCurrency !== undefined
          ? forecast > budgetInCurrency
          : undefined,
    };
  }

  /** Everything the entity card shows; `empty` when there was no cost for the last 30 days and previous month. */
  async summary(options: {
    entityRef: string;
    currency?: string;
  }): Promise<CostSummary> {
    const { entityRef } = options;
    const view = this.view(options.currency);
    const at = await this.reportingPoint();
    const forecast = await this.forecast({ ...options, at });
    const { now } = at;
    // Month to date against the same days of the previous month.
    const comparison = await this.compareMonthToDate(entityRef, view, now);
    const sparklineFrom = day(now.minus({ days: 29 }));
    const rows = await this.store.dailyCost({
      scope: { entityRef },
      ...this.q(view),
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
      ...(await this.conversion(
        view,
        { entityRef },
        [sparklineFrom, comparison.previous.from].sort()[0],
        day(now.endOf('month')),
      )),
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
    view: CurrencyView,
    now: DateTime,
  ): Promise<CostComparison> {
    const from = day(now.startOf('month'));
    const to = day(now);
    const previousFrom = now.minus({ months: 1 }).startOf('month');
    const previousTo = DateTime.min(
      previousFrom.set({ day: now.day }),
      previousFrom.endOf('month'),
    );
    const current = await this.total({ entityRef }, view, from, to);
    const previous = await this.total(
      { entityRef },
      view,
      day(previousFrom),
      day(previousTo),
    );
    return {
      entityRef,
      ...(await this.conversion(view, { entityRef }, day(previousFrom), to)),
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

  /**
   * Entities of a kind whose cost changed most between two periods; the
   * exclusions are organisation-wide when `seesEverything`, else none.
   */
  async movers(options: {
    kind: string;
    from: string;
    to: string;
    limit: number;
    currency?: string;
    seesEverything?: boolean;
    visible: (entityRefs: string[]) => Promise<Set<string>>;
  }): Promise<CurrencyConversion & { items: CostMover[] }> {
    const { kind, from, to, limit } = options;
    const view = this.view(options.currency);
    const previous = previousPeriod(from, to);
    const current = await this.store.costByEntity({
      kind,
      ...this.q(view),
      from,
      to,
    });
    const before = await this.store.costByEntity({
      kind,
      ...this.q(view),
      ...previous,
    });
    const refs = [...new Set([...current, ...before].map(r => r.entityRef))];
    const visible = await options.visible(refs);
    const costOf = (rows: { entityRef: string; cost: number }[], ref: string) =>
      rows.find(r => r.entityRef === ref)?.cost ?? 0;
    const items = refs
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
    const conversion = await this.conversion(
      options.seesEverything ? view : { ...view, converted: false },
      { all: true },
      previous.from,
      to,
    );
    return { ...conversion, items };
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
    const view = this.view(options.currency);
    const at = await this.reportingPoint();
    const { now } = at;
    const from = day(now.startOf('month'));
    const to = day(now.endOf('month'));
    const byGroup = await this.store.costByEntity({
      kind: 'group',
      ...this.q(view),
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
    // Without the organisation view, the largest exclusion of any listed team
    // per currency (teams can contain each other, so they are not summed).
    const teamExclusions = new Map<string, number>();
    for (const ref of refs.filter(r => visible.has(r)).sort()) {
      const budget = budgets.find(b => b.entityRef === ref);
      const forecast = await this.forecast({
        entityRef: ref,
        currency: options.currency,
        budget: budget ?? null,
        at,
      });
      for (const { currency, cost } of forecast.excludedCurrencies) {
        teamExclusions.set(
          currency,
          Math.max(cost, teamExclusions.get(currency) ?? cost),
        );
      }
      teams.push({
        entityRef: ref,
        monthToDate: forecast.monthToDate,
        forecast: forecast.forecast,
        budget: forecast.budget,
        budgetInCurrency: forecast.budgetInCurrency,
      });
    }
    const total = options.seesEverything
      ? await this.total({ all: true }, view, from, to)
      : 0;
    const unattributed = options.seesEverything
      ? await this.total({ unattributed: true }, view, from, to)
      : 0;
    const conversion = options.seesEverything
      ? await this.conversion(view, { all: true }, from, to)
      : {
          currency: view.currency,
          conversionRates: view.factors,
          excludedCurrencies: [...teamExclusions]
            .map(([currency, cost]) => ({ currency, cost }))
            .sort((a, b) => a.currency.localeCompare(b.currency)),
        };
    // Movers compare the last month that has ended with the month before.
    const lastMonth = at.monthEnded ? now : now.minus({ months: 1 });
    return {
      complete: options.seesEverything,
      ...conversion,
      month: now.toFormat('yyyy-MM'),
      monthEnded: at.monthEnded,
      total,
      unattributed,
      unattributedPercent: total ? (unattributed / total) * 100 : 0,
      teams,
      movers: (
        await this.movers({
          kind: 'group',
          currency: options.currency,
          from: day(lastMonth.startOf('month')),
          to: day(lastMonth.endOf('month')),
          limit: 5,
          visible: options.visible,
        })
      ).items,
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
    const at = await this.reportingPoint();
    const { now } = at;
    const budgets = new Map(
      (await this.store.listBudgets()).map(b => [b.entityRef, b]),
    );
    const items = [];
    for (const entityRef of options.entityRefs) {
      const budget = budgets.get(entityRef) ?? null;
      const f = await this.forecast({ entityRef, budget, at });
      const amount = f.budgetInCurrency ?? null;
      items.push({
        entityRef,
        currency: f.currency,
        monthlyBudget: budget ? budget.amount : null,
        budgetCurrency: budget ? budget.currency : null,
        monthToDate: f.monthToDate,
        forecast: f.forecast,
        monthToDateVsBudget: amount ? f.monthToDate / amount : null,
        forecastVsBudget: amount ? f.forecast / amount : null,
      });
    }
    let unattributedShare: number | null = null;
    if (options.seesEverything) {
      const view = this.view();
      const from = day(now.startOf('month'));
      const to = day(now.endOf('month'));
      const total = await this.total({ all: true }, view, from, to);
      const unattributed = await this.total(
        { unattributed: true },
        view,
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
    const view = this.view(options.currency);
    const query = {
      ...this.q(view),
      from: options.from,
      to: options.to,
      limit: options.limit,
    };
    return {
      ...(await this.conversion(
        view,
        { unattributed: true },
        options.from,
        options.to,
      )),
      from: options.from,
      to: options.to,
      total: await this.total(
        { unattributed: true },
        view,
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
    const view = this.view(options.currency);
    const currency = view.currency;
    const rows = await this.store.dailyCost({
      scope: { entityRef: options.entityRef },
      ...this.q(view),
      from: options.from,
      to: options.to,
      groupBy: 'serviceName',
    });
    const escape = (text: string) => {
      // A leading = + - @ tab or CR makes spreadsheets run the cell as a formula.
      const value = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
      return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
    };
    return [
      'entity_ref,day,service_name,currency,effective_cost',
      ...rows.map(r =>
        [
          escape(options.entityRef),
          r.day,
          escape(r.key),
          escape(currency),
          String(r.cost),
        ].join(','),
      ),
    ]
      .join('\n')
      .concat('\n');
  }
}

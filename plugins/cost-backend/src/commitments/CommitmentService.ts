import {
  CommitmentReport,
  ExcludedCurrency,
  NO_COMMITMENT_DATA_ADVICE,
  OpexPeriodProjection,
  OpexProjection,
} from '@groundwork/plugin-cost-common';
import { DateTime } from 'luxon';
import { CurrencyConverter } from '../currency';
import { CostScope, CostStore } from '../database/CostStore';
import { periodsBetween } from '../service/CostService';
import { CommitmentConfig } from './config';
import { CommitmentRow, commitmentReport } from './commitmentReport';
import { projectOpex } from './opexProjection';

/** Months a report covers when the request names none: 13, to the latest data. */
const DEFAULT_MONTHS = 13;

/**
 * Commitment utilisation, coverage, savings and waste, and opex projections,
 * in the reporting currency (or one native currency) like every cost answer.
 */
export class CommitmentService {
  constructor(
    private readonly options: {
      store: CostStore;
      currency: CurrencyConverter;
      config: CommitmentConfig;
    },
  ) {}

  /** The months (`YYYY-MM`) to report: as asked, or the 13 up to the latest data. */
  private async months(from?: string, to?: string) {
    if (from && to) return { from, to };
    const latest =
      (await this.options.store.latestDay())?.slice(0, 7) ??
      DateTime.utc().toFormat('yyyy-MM');
    const last = to ?? latest;
    return {
      from:
        from ??
        DateTime.fromISO(`${last}-01`, { zone: 'utc' })
          .minus({ months: DEFAULT_MONTHS - 1 })
          .toFormat('yyyy-MM'),
      to: last,
    };
  }

  async report(options: {
    entityRef?: string;
    from?: string;
    to?: string;
    currency?: string;
  }): Promise<CommitmentReport> {
    const view = this.options.currency.view(options.currency);
    const { from, to } = await this.months(options.from, options.to);
    const scope: CostScope = options.entityRef
      ? { entityRef: options.entityRef }
      : { all: true };
    const rows = await this.options.store.commitmentRollups({
      scope,
      fromMonth: from,
      toMonth: to,
    });
    const excluded = new Map<string, number>();
    const converted: CommitmentRow[] = [];
    for (const row of rows) {
      const factor = view.factors[row.currency];
      if (factor === undefined) {
        excluded.set(
          row.currency,
          (excluded.get(row.currency) ?? 0) + row.effectiveCost,
        );
        continue;
      }
      converted.push({
        ...row,
        effectiveCost: row.effectiveCost * factor,
        billedCost: row.billedCost * factor,
        listCost: row.listCost * factor,
      });
    }
    const report = commitmentReport(
      converted,
      periodsBetween(`${from}-01`, `${to}-01`, 'month'),
    );
    return {
      ...(options.entityRef ? { entityRef: options.entityRef } : {}),
      from,
      to,
      currency: view.currency,
      conversionRates: view.factors,
      excludedCurrencies: view.converted
        ? [...excluded]
            .map(([currency, cost]) => ({ currency, cost }))
            .sort((a, b) => a.currency.localeCompare(b.currency))
        : [],
      ...report,
      utilisationAlertThreshold: this.options.config.utilisationAlertThreshold,
      ...(report.hasData ? {} : { advice: NO_COMMITMENT_DATA_ADVICE }),
    };
  }

  /**
   * Each entity's commitment coverage (0..1, null without eligible usage) in
   * the latest month with billing data, for the `cost.commitmentCoverage` fact.
   */
  async coverage(entityRefs: string[]) {
    const latest = (await this.options.store.latestDay())?.slice(0, 7);
    const items: { entityRef: string; commitmentCoverage: number | null }[] =
      [];
    for (const entityRef of entityRefs) {
      const report = latest
        ? await this.report({ entityRef, from: latest, to: latest })
        : undefined;
      items.push({
        entityRef,
        commitmentCoverage: report?.coverage.total.coverage ?? null,
      });
    }
    return { month: latest ?? null, items };
  }

  /** Spend to the end of the fiscal quarter and year; see {@link projectOpex}. */
  async projection(options: {
    entityRef: string;
    currency?: string;
  }): Promise<OpexProjection> {
    const { store, config } = this.options;
    const converter = this.options.currency;
    const { entityRef } = options;
    const view = converter.view(options.currency);
    const lastDataDay = (await store.latestDay()) ?? null;
    const last = lastDataDay
      ? DateTime.fromISO(lastDataDay, { zone: 'utc' })
      : DateTime.utc().startOf('day');
    // The fiscal year to date, and at least the run rate and two months before.
    const from = DateTime.min(
      last.minus({ months: 12 }).startOf('month'),
      last.minus({ days: config.runRateDays }),
    ).toISODate()!;
    const to = last.toISODate()!;
    const daily = new Map<string, number>();
    for (const row of await store.dailyCost({
      scope: { entityRef },
      currency: view.currency,
      factors: view.factors,
      from,
      to,
    })) {
      daily.set(row.day, (daily.get(row.day) ?? 0) + row.cost);
    }
    const projected = projectOpex({
      daily,
      lastDataDay: to,
      runRateDays: config.runRateDays,
      fiscalYearStartMonth: config.fiscalYearStartMonth,
    });
    const [monthlyBudget, annualBudget] = await Promise.all([
      store.getBudget(entityRef),
      store.getBudget(entityRef, 'year'),
    ]);
    const inView = (budget?: { amount: number; currency: string }) =>
      budget &&
      converter.convert(budget.amount, budget.currency, view.currency);
    const monthly = inView(monthlyBudget);
    const annual = inView(annualBudget);
    const withBudget = (
      period: Omit<
        OpexPeriodProjection,
        'budget' | 'budgetSource' | 'overBudget'
      >,
      budget: number | undefined,
      budgetSource: 'annual' | 'monthly',
    ): OpexPeriodProjection =>
      budget === undefined
        ? period
        : {
            ...period,
            budget,
            budgetSource,
            overBudget: period.projected > budget,
          };
    const excludedCurrencies: ExcludedCurrency[] = view.converted
      ? await store.excludedCurrencies({
          scope: { entityRef },
          from,
          to,
          included: Object.keys(view.factors),
        })
      : [];
    const notComparable = [monthlyBudget, annualBudget]
      .map(b => b && converter.missingRate(b.currency, view.currency))
      .find(Boolean);
    return {
      entityRef,
      currency: view.currency,
      conversionRates: view.factors,
      excludedCurrencies,
      lastDataDay,
      runRateDays: config.runRateDays,
      runRate: projected.runRate,
      monthOverMonth: projected.monthOverMonth,
      fiscalYearStartMonth: config.fiscalYearStartMonth,
      // A quarter is 3 monthly budgets, or a quarter of the annual one.
      quarter:
        monthly !== undefined
          ? withBudget(projected.quarter, monthly * 3, 'monthly')
          : withBudget(
              projected.quarter,
              annual === undefined ? undefined : annual / 4,
              'annual',
            ),
      // A year is the annual budget, or 12 monthly budgets.
      fiscalYear:
        annual !== undefined
          ? withBudget(projected.fiscalYear, annual, 'annual')
          : withBudget(
              projected.fiscalYear,
              monthly === undefined ? undefined : monthly * 12,
              'monthly',
            ),
      ...(monthlyBudget ? { monthlyBudget } : {}),
      ...(annualBudget ? { annualBudget } : {}),
      ...(notComparable ? { budgetNotComparable: notComparable } : {}),
      method: projected.method,
    };
  }
}

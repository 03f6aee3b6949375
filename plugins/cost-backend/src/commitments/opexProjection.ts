import { OpexPeriodProjection } from '@groundwork/plugin-cost-common';
import { DateTime } from 'luxon';

/** Month-over-month trend is capped so one odd month cannot explode a year. */
export const MAX_MONTHLY_TREND = 0.5;

const iso = (date: DateTime) => date.toISODate()!;

/** The fiscal quarter and year containing `day`; FY named by the year it ends in. */
export function fiscalPeriods(day: DateTime, fiscalYearStartMonth: number) {
  const monthsIn = (day.month - fiscalYearStartMonth + 12) % 12;
  const yearStart = day.startOf('month').minus({ months: monthsIn });
  const yearEnd = yearStart.plus({ months: 12 }).minus({ days: 1 });
  const quarter = Math.floor(monthsIn / 3);
  const quarterStart = yearStart.plus({ months: quarter * 3 });
  const fy = `FY${yearEnd.year}`;
  return {
    fiscalYear: { start: yearStart, end: yearEnd, label: fy },
    quarter: {
      start: quarterStart,
      end: quarterStart.plus({ months: 3 }).minus({ days: 1 }),
      label: `${fy} Q${quarter + 1}`,
    },
  };
}

/** Mean daily cost of a calendar month (days without rows count as 0). */
function meanDaily(daily: Map<string, number>, month: DateTime) {
  let total = 0;
  for (const [day, cost] of daily) {
    if (day.startsWith(month.toFormat('yyyy-MM'))) total += cost;
  }
  return total / month.daysInMonth!;
}

/**
 * Projects spend to the end of the fiscal quarter and year that contain the
 * last day with data: actual cost so far, plus for each remaining day the
 * run rate (mean daily cost of the last `runRateDays` days) grown by the
 * month-over-month trend once per month ahead.
 *
 * @param daily - cost per `YYYY-MM-DD`, covering the fiscal year to date and
 *   at least the run-rate window and the two months before the last one
 */
export function projectOpex(options: {
  daily: Map<string, number>;
  lastDataDay: string;
  runRateDays: number;
  fiscalYearStartMonth: number;
}) {
  const { daily, runRateDays, fiscalYearStartMonth } = options;
  const last = DateTime.fromISO(options.lastDataDay, { zone: 'utc' });
  const windowStart = iso(last.minus({ days: runRateDays - 1 }));
  let windowTotal = 0;
  for (const [day, cost] of daily) {
    if (day >= windowStart && day <= options.lastDataDay) windowTotal += cost;
  }
  const runRate = windowTotal / runRateDays;

  // The last whole month with data against the one before it.
  const lastWhole =
    last.day === last.daysInMonth
      ? last.startOf('month')
      : last.startOf('month').minus({ months: 1 });
  const before = meanDaily(daily, lastWhole.minus({ months: 1 }));
  const monthOverMonth =
    before > 0
      ? Math.max(
          -MAX_MONTHLY_TREND,
          Math.min(MAX_MONTHLY_TREND, meanDaily(daily, lastWhole) / before - 1),
        )
      : null;

  const project = (period: {
    start: DateTime;
    end: DateTime;
    label: string;
  }): Omit<OpexPeriodProjection, 'budget' | 'budgetSource' | 'overBudget'> => {
    let actual = 0;
    for (const [day, cost] of daily) {
      if (day >= iso(period.start) && day <= options.lastDataDay) {
        actual += cost;
      }
    }
    let projectedRemainder = 0;
    for (
      let day = last.plus({ days: 1 });
      day <= period.end;
      day = day.plus({ days: 1 })
    ) {
      const monthsAhead =
        (day.year - last.year) * 12 + (day.month - last.month);
      projectedRemainder +=
        runRate * (1 + (monthOverMonth ?? 0)) ** monthsAhead;
    }
    return {
      start: iso(period.start),
      end: iso(period.end),
      label: period.label,
      actual,
      projectedRemainder,
      projected: actual + projectedRemainder,
    };
  };
  const periods = fiscalPeriods(last, fiscalYearStartMonth);
  return {
    runRate,
    monthOverMonth,
    quarter: project(periods.quarter),
    fiscalYear: project(periods.fiscalYear),
    method: `Actual cost from the start of each period to ${
      options.lastDataDay
    } (the last day with billing data), plus, for each day left, the run rate (mean daily cost of the last ${runRateDays} days) grown by the month-over-month trend (mean daily cost of ${lastWhole.toFormat(
      'yyyy-MM',
    )} against ${lastWhole
      .minus({ months: 1 })
      .toFormat('yyyy-MM')}, capped at ±${
      MAX_MONTHLY_TREND * 100
    }%) once per month ahead. Fiscal years start in month ${fiscalYearStartMonth} and are named by the year they end in.`,
  };
}

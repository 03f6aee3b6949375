export function formatMoney(amount: number, currency: string) {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      maximumFractionDigits: Math.abs(amount) >= 100 ? 0 : 2,
    }).format(amount);
  } catch {
    // Not a currency Intl knows: the amount with the code.
    return `${amount.toFixed(Math.abs(amount) >= 100 ? 0 : 2)} ${currency}`;
  }
}

/** A budget in its own currency, with its value in `currency` when that differs. */
export function formatBudget(
  budget: { amount: number; currency: string },
  currency: string,
  inCurrency: number | undefined,
) {
  const own = formatMoney(budget.amount, budget.currency);
  if (budget.currency === currency) return own;
  return inCurrency === undefined
    ? `${own} (no rate to ${currency})`
    : `${own} (≈ ${formatMoney(inCurrency, currency)})`;
}

export function formatPercent(percent: number | null | undefined) {
  if (percent === null || percent === undefined) return '–';
  return `${percent > 0 ? '+' : ''}${percent.toFixed(1)}%`;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The last `days` days up to today (UTC), inclusive. */
export function lastDays(days: number, today = new Date()) {
  return {
    from: isoDay(new Date(today.getTime() - (days - 1) * 86400000)),
    to: isoDay(today),
  };
}

/** This month so far and the `months - 1` whole months before it (UTC). */
export function lastMonths(months: number, today = new Date()) {
  const from = new Date(
    Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (months - 1), 1),
  );
  return { from: isoDay(from), to: isoDay(today) };
}

/** The first and last day of a `YYYY-MM` month. */
export function monthRange(month: string) {
  const [year, monthNumber] = month.split('-').map(Number);
  return {
    from: `${month}-01`,
    to: isoDay(new Date(Date.UTC(year, monthNumber, 0))),
  };
}

/**
 * Says which month a current-month view shows when it is not the calendar
 * month (see `monthEnded` in the cost API), or nothing when it is.
 */
export function endedMonthNotice(view: { month: string; monthEnded: boolean }) {
  return view.monthEnded
    ? `${view.month}, the month that just ended: this month has no billing data yet (exports arrive a day or more late).`
    : undefined;
}

export function formatMoney(amount: number, currency: string) {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: Math.abs(amount) >= 100 ? 0 : 2,
  }).format(amount);
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

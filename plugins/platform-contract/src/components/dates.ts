export const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC day `days` from now as YYYY-MM-DD, the value of a date field. */
export const isoDayFromNow = (days = 0) =>
  new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

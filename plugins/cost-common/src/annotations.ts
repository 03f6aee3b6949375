/**
 * Parses the `groundwork.dev/cost-budget` annotation (`500 USD`, `1,200.50 EUR`).
 * Returns undefined when the value is not understood.
 *
 * @public
 */
export function parseBudgetAnnotation(
  value: string | undefined,
): { amount: number; currency: string } | undefined {
  const match = value
    ?.trim()
    .match(/^([0-9][0-9,]*(?:\.[0-9]+)?)\s*([A-Za-z]{3})$/);
  if (!match) {
    return undefined;
  }
  const amount = Number(match[1].replace(/,/g, ''));
  return amount > 0 ? { amount, currency: match[2].toUpperCase() } : undefined;
}

/**
 * Parses the `groundwork.dev/cost-tags` annotation into normalised
 * (lower-cased, trimmed) keys and trimmed values.
 *
 * @public
 */
export function parseCostTagsAnnotation(
  value: string | undefined,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const index = pair.indexOf('=');
    if (index > 0) {
      const key = pair.slice(0, index).trim().toLowerCase();
      const tagValue = pair.slice(index + 1).trim();
      if (key && tagValue) {
        tags[key] = tagValue;
      }
    }
  }
  return tags;
}

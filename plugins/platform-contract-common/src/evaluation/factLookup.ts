import { EntityFacts, FactLookup } from '../facts';

/**
 * Looks an entity's facts up as of `at`: facts observed more than
 * `maxAgeHours` before count as stale. Decided per lookup rather than for
 * every fact read, as a rule reads few of an entity's facts.
 *
 * @public
 */
export function factLookup(
  facts: EntityFacts | undefined,
  at: Date,
  maxAgeHours: number,
): FactLookup {
  const staleBefore = new Date(
    at.getTime() - maxAgeHours * 3_600_000,
  ).toISOString();
  return name => {
    const fact = facts?.get(name);
    return fact && !fact.stale && fact.observedAt < staleBefore
      ? { ...fact, stale: true }
      : fact;
  };
}

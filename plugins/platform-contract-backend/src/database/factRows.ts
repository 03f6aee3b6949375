import { Fact } from '@groundwork/plugin-platform-contract-common';
import {
  EntityFacts,
  StoredFact,
  StoredFactsRow,
} from './PlatformContractStore';

/** Facts of the provider that pushes them through the API. */
export const PUSH_PROVIDER = 'push';

/**
 * Facts observed at the row's time by the row's provider (nearly all) are
 * stored as bare values under `v`; others keep their own time and source
 * under `x`. This keeps a full evaluation's reads and writes small.
 */
interface EncodedFacts {
  v?: Record<string, StoredFact['value']>;
  x?: Record<string, StoredFact>;
}

export function encodeFacts(
  facts: Record<string, StoredFact>,
  provider: string,
  now: string,
): string {
  const encoded: Required<EncodedFacts> = { v: {}, x: {} };
  for (const [name, fact] of Object.entries(facts)) {
    if (fact.observedAt === now && fact.source === provider)
      encoded.v[name] = fact.value;
    else encoded.x[name] = fact;
  }
  return JSON.stringify(encoded);
}

/**
 * One entity's facts as decoded from its rows, one per provider. A `Fact` is
 * built when looked up: a full evaluation reads hundreds of thousands of
 * facts, and objects kept for its whole length are costly to collect.
 */
class DecodedEntityFacts implements EntityFacts {
  private readonly rows: Array<
    Required<EncodedFacts> & {
      observedAt: string;
      source: string;
      stale: boolean;
    }
  > = [];

  /** Rows added later win over earlier ones for a fact of the same name. */
  add(row: StoredFactsRow) {
    const { v = {}, x = {} }: EncodedFacts = JSON.parse(row.facts);
    this.rows.push({
      v,
      x,
      observedAt: row.updatedAt,
      source: row.provider,
      stale: row.stale,
    });
  }

  get(name: string): Fact | undefined {
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const row = this.rows[i];
      let fact: Fact | undefined;
      if (Object.hasOwn(row.x, name)) fact = { name, ...row.x[name] };
      else if (Object.hasOwn(row.v, name)) {
        fact = {
          name,
          value: row.v[name],
          observedAt: row.observedAt,
          source: row.source,
        };
      }
      if (fact) {
        if (row.stale) fact.stale = true;
        return fact;
      }
    }
    return undefined;
  }

  keys() {
    const names = new Set<string>();
    for (const row of this.rows) {
      for (const name of Object.keys(row.v)) names.add(name);
      for (const name of Object.keys(row.x)) names.add(name);
    }
    return names.keys();
  }
}

/**
 * Each entity's facts from its stored rows; a collected fact wins over a
 * pushed one of the same name, so a push never overrides a provider's fact.
 */
export function entityFactsOf(
  rows: StoredFactsRow[],
): Map<string, EntityFacts> {
  const pushedFirst = [...rows].sort(
    (a, b) =>
      Number(b.provider === PUSH_PROVIDER) -
      Number(a.provider === PUSH_PROVIDER),
  );
  const result = new Map<string, DecodedEntityFacts>();
  for (const row of pushedFirst) {
    let facts = result.get(row.entityRef);
    if (!facts) result.set(row.entityRef, (facts = new DecodedEntityFacts()));
    facts.add(row);
  }
  return result;
}

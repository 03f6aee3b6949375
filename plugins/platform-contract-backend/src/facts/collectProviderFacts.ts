import { FactValue } from '@groundwork/plugin-platform-contract-common';
import {
  FactCollectionContext,
  FactProvider,
} from '@groundwork/plugin-platform-contract-node';
import { Entity } from '@backstage/catalog-model';
import { ProviderFactsRow } from '../database/PlatformContractStore';

/**
 * Runs one provider over a batch of entities and stamps each fact with the
 * provider as its source and the collection time (unless the provider gave
 * its own), one row per entity of `refs` (the batch's lowercased refs, in
 * order). Used for stored entities and for proposed ones alike.
 */
export async function collectProviderFacts(
  provider: FactProvider,
  entities: Entity[],
  refs: string[],
  context: FactCollectionContext,
): Promise<ProviderFactsRow[]> {
  const observedAt = context.now.toISOString();
  const collected = new Map(
    [...(await provider.collect(entities, context))].map(([ref, facts]) => [
      ref.toLocaleLowerCase('en-US'),
      facts,
    ]),
  );
  return refs.map(entityRef => {
    const facts: ProviderFactsRow['facts'] = {};
    for (const [name, raw] of Object.entries(collected.get(entityRef) ?? {})) {
      if (raw === undefined) continue;
      const timed = isTimed(raw);
      facts[name] = {
        value: timed ? raw.value : raw,
        observedAt: timed ? raw.observedAt.toISOString() : observedAt,
        source: provider.id,
      };
    }
    return { entityRef, facts };
  });
}

function isTimed(raw: unknown): raw is { value: FactValue; observedAt: Date } {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    (raw as { observedAt?: unknown }).observedAt instanceof Date
  );
}

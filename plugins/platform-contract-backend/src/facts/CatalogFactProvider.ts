import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  RELATION_HAS_MEMBER,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  catalogEntityFacts,
  catalogFactDeclarations,
  entityOwnerRef,
} from '@groundwork/plugin-platform-contract-common';
import {
  CollectedFacts,
  FactProvider,
} from '@groundwork/plugin-platform-contract-node';

/**
 * Facts read from the catalog entity itself (`catalogEntityFacts`, shared
 * with the CLI's offline check), plus whether its owner is a group that
 * exists and has members (owner groups fetched in one batch).
 */
export function createCatalogFactProvider(
  catalog: CatalogService,
): FactProvider {
  return {
    id: 'catalog',
    facts: catalogFactDeclarations,
    async collect(entities, { credentials }) {
      const ownerRefs = [
        ...new Set(entities.flatMap(e => entityOwnerRef(e) ?? [])),
      ].filter(ref => ref.startsWith('group:'));
      const { items } = ownerRefs.length
        ? await catalog.getEntitiesByRefs(
            {
              entityRefs: ownerRefs,
              fields: [
                'kind',
                'metadata.name',
                'metadata.namespace',
                'relations',
              ],
            },
            { credentials },
          )
        : { items: [] };
      const members = new Map<string, number>();
      ownerRefs.forEach((ref, i) => {
        const group = items[i];
        if (group) {
          members.set(
            ref,
            group.relations?.filter(r => r.type === RELATION_HAS_MEMBER)
              .length ?? 0,
          );
        }
      });

      const result = new Map<string, CollectedFacts>();
      for (const entity of entities) {
        const owner = entityOwnerRef(entity);
        result.set(stringifyEntityRef(entity), {
          ...catalogEntityFacts(entity),
          'catalog.ownerGroupExists': owner !== undefined && members.has(owner),
          'catalog.ownerGroupMemberCount': (owner && members.get(owner)) || 0,
        });
      }
      return result;
    },
  };
}

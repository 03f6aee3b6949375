import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Entity,
  parseEntityRef,
  RELATION_HAS_MEMBER,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CollectedFacts,
  FactProvider,
} from '@groundwork/plugin-platform-contract-node';

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/**
 * The ref the catalog relates `spec.<field>` to, for an entity whose
 * relations are not stitched yet (e.g. a proposed one).
 */
function refIn(
  entity: Entity,
  field: 'owner' | 'system',
  defaultKind: string,
): string | null {
  const value = str(entity.spec?.[field]);
  return value
    ? stringifyEntityRef(
        parseEntityRef(value, {
          defaultKind,
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      )
    : null;
}

/**
 * Facts read from the catalog entity itself, plus whether its owner is a
 * group that exists and has members (owner groups fetched in one batch).
 */
export function createCatalogFactProvider(
  catalog: CatalogService,
): FactProvider {
  return {
    id: 'catalog',
    facts: [
      { name: 'catalog.owner', type: 'string', description: 'spec.owner' },
      {
        name: 'catalog.ownerGroupExists',
        type: 'boolean',
        description: 'The owner is a Group entity in the catalog',
      },
      {
        name: 'catalog.ownerGroupMemberCount',
        type: 'number',
        description:
          'Number of direct members of the owner group (0 if it is not a group)',
      },
      {
        name: 'catalog.lifecycle',
        type: 'string',
        description: 'spec.lifecycle',
      },
      { name: 'catalog.type', type: 'string', description: 'spec.type' },
      {
        name: 'catalog.system',
        type: 'string',
        description: 'The system the entity is part of',
      },
      {
        name: 'catalog.description',
        type: 'string',
        description: 'metadata.description',
      },
      {
        name: 'catalog.annotations',
        type: 'object',
        description: 'metadata.annotations; test one with `path`',
      },
      {
        name: 'catalog.labels',
        type: 'object',
        description: 'metadata.labels; test one with `path`',
      },
      {
        name: 'catalog.tagCount',
        type: 'number',
        description: 'Number of metadata.tags',
      },
    ],
    async collect(entities, { credentials }) {
      const ownerOf = (entity: Entity) =>
        (
          entity.relations?.find(r => r.type === RELATION_OWNED_BY)
            ?.targetRef ?? refIn(entity, 'owner', 'group')
        )?.toLocaleLowerCase('en-US');
      const ownerRefs = [
        ...new Set(entities.flatMap(e => ownerOf(e) ?? [])),
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
        const owner = ownerOf(entity);
        const system =
          entity.relations?.find(
            r =>
              r.type === RELATION_PART_OF && r.targetRef.startsWith('system:'),
          )?.targetRef ?? refIn(entity, 'system', 'system');
        result.set(stringifyEntityRef(entity), {
          'catalog.owner': owner ?? null,
          'catalog.ownerGroupExists': owner !== undefined && members.has(owner),
          'catalog.ownerGroupMemberCount': (owner && members.get(owner)) || 0,
          'catalog.lifecycle': str(entity.spec?.lifecycle),
          'catalog.type': str(entity.spec?.type),
          'catalog.system': system,
          'catalog.description': str(entity.metadata.description),
          'catalog.annotations': entity.metadata.annotations ?? {},
          'catalog.labels': entity.metadata.labels ?? {},
          'catalog.tagCount': entity.metadata.tags?.length ?? 0,
        });
      }
      return result;
    },
  };
}

import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { FactDeclaration, FactValue } from '../facts';

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** The `catalog` provider's facts: those read from the entity, then the owner look-ups. @public */
export const catalogFactDeclarations: FactDeclaration[] = [
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
  { name: 'catalog.lifecycle', type: 'string', description: 'spec.lifecycle' },
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
];

/** The `catalog` facts that need the catalog (the owner group), not only the entity. @public */
export const CATALOG_LOOKUP_FACTS = [
  'catalog.ownerGroupExists',
  'catalog.ownerGroupMemberCount',
];

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
 * The entity's owner ref, lowercased: from its `ownedBy` relation, or for a
 * proposed entity from `spec.owner`.
 *
 * @public
 */
export function entityOwnerRef(entity: Entity): string | undefined {
  return (
    entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef ??
    refIn(entity, 'owner', 'group')
  )?.toLocaleLowerCase('en-US');
}

/**
 * The `catalog` facts read from the entity alone (all but
 * `CATALOG_LOOKUP_FACTS`), so a check without a catalog derives them too.
 *
 * @public
 */
export function catalogEntityFacts(entity: Entity): Record<string, FactValue> {
  const system =
    entity.relations?.find(
      r => r.type === RELATION_PART_OF && r.targetRef.startsWith('system:'),
    )?.targetRef ?? refIn(entity, 'system', 'system');
  return {
    'catalog.owner': entityOwnerRef(entity) ?? null,
    'catalog.lifecycle': str(entity.spec?.lifecycle),
    'catalog.type': str(entity.spec?.type),
    'catalog.system': system,
    'catalog.description': str(entity.metadata.description),
    'catalog.annotations': entity.metadata.annotations ?? {},
    'catalog.labels': entity.metadata.labels ?? {},
    'catalog.tagCount': entity.metadata.tags?.length ?? 0,
  };
}

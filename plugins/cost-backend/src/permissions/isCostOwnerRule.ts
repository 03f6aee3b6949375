import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { EntitiesSearchFilter } from '@backstage/plugin-catalog-node';
import { catalogEntityPermissionResourceRef } from '@backstage/plugin-catalog-node/alpha';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  createConditionFactory,
  createPermissionRule,
} from '@backstage/plugin-permission-node';

const lower = (value: string) => value.toLocaleLowerCase('en-US');

type Params = { claims: string[] };

const CLAIMS_JSON_SCHEMA = {
  type: 'object',
  properties: {
    claims: {
      type: 'array',
      items: { type: 'string' },
      description: 'Entity refs of the user and their groups',
    },
  },
  required: ['claims'],
  additionalProperties: false,
};

/**
 * A hand-written Standard Schema: the permission framework's zod (v4) and
 * ours (v3) differ, and mixing their types is too deep for TypeScript.
 */
const paramsSchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'groundwork',
    validate(value: unknown) {
      const claims = (value as Partial<Params> | undefined)?.claims;
      return Array.isArray(claims) && claims.every(c => typeof c === 'string')
        ? { value: { claims } }
        : { issues: [{ message: 'claims must be a list of entity refs' }] };
    },
    jsonSchema: {
      input: () => CLAIMS_JSON_SCHEMA,
      output: () => CLAIMS_JSON_SCHEMA,
    },
  },
};

/**
 * Catalog permission rule for `cost.read`: the entity is one of the claims
 * (a group the user is a member of) or is owned by one of them. The catalog's
 * own `IS_ENTITY_OWNER` misses the first case, and groups have no owner.
 *
 * @public
 */
export const isCostOwnerRule = createPermissionRule<
  typeof catalogEntityPermissionResourceRef,
  Params
>({
  name: 'IS_COST_OWNER',
  description: 'Allow groups the user belongs to and entities they own',
  resourceRef: catalogEntityPermissionResourceRef,
  paramsSchema,
  apply(entity: Entity, { claims }: Params) {
    const refs = new Set(claims.map(lower));
    return (
      refs.has(lower(stringifyEntityRef(entity))) ||
      (entity.relations ?? []).some(
        r => r.type === RELATION_OWNED_BY && refs.has(lower(r.targetRef)),
      )
    );
  },
  toQuery({ claims }: Params): PermissionCriteria<EntitiesSearchFilter> {
    const isClaim = (
      claim: string,
    ): PermissionCriteria<EntitiesSearchFilter> => {
      const { kind, namespace, name } = parseEntityRef(claim);
      return {
        allOf: [
          { key: 'kind', values: [kind] },
          { key: 'metadata.namespace', values: [namespace] },
          { key: 'metadata.name', values: [name] },
        ],
      };
    };
    return {
      anyOf: [
        { key: `relations.${RELATION_OWNED_BY}`, values: claims },
        ...claims.map(isClaim),
      ],
    };
  },
});

/**
 * Conditions for permission policies, e.g.
 * `createCatalogConditionalDecision(request.permission, costConditions.isCostOwner({ claims }))`.
 *
 * @public
 */
export const costConditions = {
  isCostOwner: createConditionFactory(isCostOwnerRule),
};

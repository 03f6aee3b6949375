import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the cost of a catalog entity (component, system, domain, group...).
 * A resource permission so that policies can answer conditionally, e.g. with
 * the catalog's `IS_ENTITY_OWNER` rule or the cost plugin's
 * `IS_COST_OWNER` rule (members see their own groups' costs).
 *
 * @public
 */
export const costReadPermission = createPermission({
  name: 'cost.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Create, change or delete the budget of a catalog entity.
 *
 * @public
 */
export const costBudgetWritePermission = createPermission({
  name: 'cost.budget.write',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * See ingest status and trigger billing data ingestion.
 *
 * @public
 */
export const costIngestAdminPermission = createPermission({
  name: 'cost.ingest.admin',
  attributes: {},
});

/**
 * All cost permissions, for registration with the permission framework.
 *
 * @public
 */
export const costPermissions = [
  costReadPermission,
  costBudgetWritePermission,
  costIngestAdminPermission,
];

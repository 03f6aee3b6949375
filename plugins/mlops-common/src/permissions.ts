import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Viewing an entity's MLflow experiments, runs, metrics and models. A resource
 * permission on catalog entities, so policies can make it conditional (e.g. on
 * ownership) with the catalog's rules.
 *
 * @public
 */
export const mlopsReadPermission = createPermission({
  name: 'mlops.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Creating an MLflow experiment on a configured tracking server (the golden
 * path's `groundwork:mlflow:experiment` action gets or creates one). A basic
 * permission: the experiment belongs to no catalog entity yet.
 *
 * @public
 */
export const mlopsExperimentCreatePermission = createPermission({
  name: 'mlops.experiment.create',
  attributes: { action: 'create' },
});

/**
 * Every permission of the MLOps plugin.
 *
 * @public
 */
export const mlopsPermissions = [
  mlopsReadPermission,
  mlopsExperimentCreatePermission,
];

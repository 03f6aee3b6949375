import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { isCostOwnerRule } from './isCostOwnerRule';

/**
 * Adds the `IS_COST_OWNER` rule to the catalog, which owns the
 * `catalog-entity` resource type that `cost.read` is checked against.
 *
 * @public
 */
export const catalogModuleCostPermissionRules = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'cost-permission-rules',
  register(env) {
    env.registerInit({
      deps: { permissionsRegistry: coreServices.permissionsRegistry },
      async init({ permissionsRegistry }) {
        permissionsRegistry.addPermissionRules([isCostOwnerRule]);
      },
    });
  },
});

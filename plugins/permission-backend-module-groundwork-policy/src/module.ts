import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { GroundworkPermissionPolicy } from './GroundworkPermissionPolicy';

/**
 * Installs {@link GroundworkPermissionPolicy} as the permission policy.
 *
 * @public
 */
export const permissionModuleGroundworkPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'groundwork-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(GroundworkPermissionPolicy.fromConfig(config));
      },
    });
  },
});

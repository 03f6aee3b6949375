import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import costPlatformContractModule from '@groundwork/plugin-cost-backend-module-platform-contract';
import { catalogModuleCostPermissionRules } from './permissions/catalogModuleCostPermissionRules';
import { costPlugin } from './plugin';

/**
 * What `backend.add(import('@groundwork/plugin-cost-backend'))` installs: the
 * cost plugin, the `IS_COST_OWNER` catalog rule that `cost.read` conditions
 * need (without it a conditional policy answers 500), and the `cost.*` facts
 * for the platform contract, which stays idle unless the contract plugin is
 * installed too. Adding one of these again stops the backend with
 * "Module … is already registered".
 *
 * @public
 */
export const costBackendFeatures = createBackendFeatureLoader({
  *loader() {
    yield costPlugin;
    yield catalogModuleCostPermissionRules;
    yield costPlatformContractModule;
  },
});

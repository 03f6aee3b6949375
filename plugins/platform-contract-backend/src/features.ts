import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { catalogModulePlatformContracts } from './catalogModule';
import { platformContractPlugin } from './plugin';

/**
 * What `backend.add(import('@groundwork/plugin-platform-contract-backend'))`
 * installs: the plugin, and the catalog module that announces new and changed
 * entities (so they are scored within seconds, not at the next full run) and
 * lists each contract as a catalog Resource. Adding the module again stops
 * the backend with "Module … is already registered".
 *
 * @public
 */
export const platformContractBackendFeatures = createBackendFeatureLoader({
  *loader() {
    yield platformContractPlugin;
    yield catalogModulePlatformContracts;
  },
});

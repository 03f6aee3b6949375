import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import mlopsPlatformContractModule from '@groundwork/plugin-mlops-backend-module-platform-contract';
import { mlopsPlugin } from './plugin';

/**
 * What `backend.add(import('@groundwork/plugin-mlops-backend'))` installs: the
 * MLOps plugin and the `mlflow.*` facts for the platform contract, which stay
 * idle unless the contract plugin is installed too. Adding the facts module
 * again stops the backend with "Module … is already registered".
 *
 * @public
 */
export const mlopsBackendFeatures = createBackendFeatureLoader({
  *loader() {
    yield mlopsPlugin;
    yield mlopsPlatformContractModule;
  },
});

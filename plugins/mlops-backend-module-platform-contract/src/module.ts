import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { platformContractFactsExtensionPoint } from '@groundwork/plugin-platform-contract-node';
import { createMlopsFactProvider } from './MlopsFactProvider';

/**
 * Adds MLflow facts (`mlflow.*`) to the platform contract, read from the
 * mlops backend plugin.
 *
 * @public
 */
export const mlopsPlatformContractModule = createBackendModule({
  pluginId: 'platform-contract',
  moduleId: 'mlops',
  register(reg) {
    reg.registerInit({
      deps: {
        facts: platformContractFactsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({ facts, discovery, auth, logger }) {
        facts.addFactProvider(
          createMlopsFactProvider({ discovery, auth, logger }),
        );
      },
    });
  },
});

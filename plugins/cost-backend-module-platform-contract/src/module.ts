import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { platformContractFactsExtensionPoint } from '@groundwork/plugin-platform-contract-node';
import { createCostFactProvider } from './CostFactProvider';

/**
 * Adds cost facts (`cost.*`) to the platform contract, read from the cost
 * backend plugin's REST API.
 *
 * @public
 */
export const costPlatformContractModule = createBackendModule({
  pluginId: 'platform-contract',
  moduleId: 'cost',
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
          createCostFactProvider({ discovery, auth, logger }),
        );
      },
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCatalogAnnotateAction } from './actions/annotate';
import { createContractCheckAction } from './actions/contractCheck';
import { createCostTagsAction } from './actions/costTags';
import { createMlflowExperimentAction } from './actions/mlflowExperiment';
import { createGoldenPathRecordAction } from './actions/recordGoldenPath';

/**
 * Groundwork's golden-path actions for the scaffolder: contract check,
 * catalog-info annotation, lineage, MLflow experiment and cost tags.
 *
 * @public
 */
export const scaffolderModuleGroundwork = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'groundwork',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        // Actions call other Groundwork plugins as the task's initiator.
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(
          createCatalogAnnotateAction(),
          createGoldenPathRecordAction(),
          createContractCheckAction({ discovery, auth }),
          createMlflowExperimentAction({ discovery, auth }),
          createCostTagsAction({ discovery, auth }),
        );
      },
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCatalogAnnotateAction } from './actions/annotate';
import { createCatalogAwaitEntityAction } from './actions/awaitEntity';
import { createContractCheckAction } from './actions/contractCheck';
import { createCostTagsAction } from './actions/costTags';
import { createGoldenPathKeepBaseAction } from './actions/keepBase';
import { createMlflowExperimentAction } from './actions/mlflowExperiment';
import { createGoldenPathRecordAction } from './actions/recordGoldenPath';
import { createGoldenPathUpgradeAction } from './actions/upgradeGoldenPath';

/**
 * Groundwork's golden-path actions for the scaffolder: contract check,
 * catalog-info annotation, lineage, the kept base and upgrades, waiting for
 * the new entity, MLflow experiment and cost tags.
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
        // Bases and upgrades read and push the repository through the
        // integrations (GitLab, GitHub) configured in app-config.
        config: coreServices.rootConfig,
        reader: coreServices.urlReader,
      },
      async init({ scaffolder, discovery, auth, config, reader }) {
        const integrations = ScmIntegrations.fromConfig(config);
        scaffolder.addActions(
          createCatalogAnnotateAction(),
          createGoldenPathRecordAction(),
          createContractCheckAction({ discovery, auth }),
          createMlflowExperimentAction({ discovery, auth }),
          createCostTagsAction({ discovery, auth }),
          createGoldenPathKeepBaseAction({ integrations }),
          createCatalogAwaitEntityAction({ discovery, auth }),
          createGoldenPathUpgradeAction({
            discovery,
            auth,
            reader,
            integrations,
          }),
        );
      },
    });
  },
});

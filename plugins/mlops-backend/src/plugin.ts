import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { mlopsPermissions } from '@groundwork/plugin-mlops-common';
import { ExperimentProvisioner } from './service/ExperimentProvisioner';
import { MlflowServers } from './service/MlflowServers';
import { MlopsService } from './service/MlopsService';
import { createRouter } from './service/router';

/**
 * MLOps backend plugin: experiments, runs, metrics and models from MLflow
 * servers configured under `mlops.mlflow.servers`.
 *
 * @public
 */
export const mlopsPlugin = createBackendPlugin({
  pluginId: 'mlops',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        cache: coreServices.cache,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        httpRouter,
        httpAuth,
        auditor,
        logger,
        cache,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        permissionsRegistry.addPermissions(mlopsPermissions);
        const seconds = (key: string) => {
          const value = config.getOptionalNumber(key);
          return value === undefined ? undefined : value * 1000;
        };
        const servers = MlflowServers.fromConfig(config);
        const service = new MlopsService({
          servers,
          catalog,
          permissions,
          cache,
          logger,
          experimentTtlMs: seconds('mlops.cache.experimentTtlSeconds'),
          finishedHistoryTtlMs: seconds(
            'mlops.cache.finishedHistoryTtlSeconds',
          ),
        });
        const provisioner = new ExperimentProvisioner({
          servers,
          permissions,
          logger,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            auditor,
            logger,
            service,
            provisioner,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

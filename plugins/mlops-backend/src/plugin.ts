import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { mlopsPermissions } from '@groundwork/plugin-mlops-common';
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
        const service = new MlopsService({
          servers: MlflowServers.fromConfig(config),
          catalog,
          permissions,
          cache,
          logger,
          experimentTtlMs: seconds('mlops.cache.experimentTtlSeconds'),
          finishedHistoryTtlMs: seconds(
            'mlops.cache.finishedHistoryTtlSeconds',
          ),
        });
        httpRouter.use(await createRouter({ httpAuth, logger, service }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

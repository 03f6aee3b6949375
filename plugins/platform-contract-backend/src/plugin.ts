import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { platformContractPermissions } from '@groundwork/plugin-platform-contract-common';
import {
  FactProvider,
  platformContractFactsExtensionPoint,
} from '@groundwork/plugin-platform-contract-node';
import { Duration } from 'luxon';
import { ContractRegistry } from './contracts/ContractRegistry';
import { KnexPlatformContractStore } from './database/KnexPlatformContractStore';
import { createCatalogFactProvider } from './facts/CatalogFactProvider';
import {
  createRepositoryFileFactProvider,
  readRepositoryFileFacts,
  readRepositoryMirrors,
} from './facts/RepositoryFileFactProvider';
import {
  platformContractWaiverResourceRef,
  platformContractWaiverRules,
} from './permissions';
import { EvaluationService } from './service/EvaluationService';
import { registerActions } from './service/actions';
import { createRouter } from './service/router';
import { WaiverService } from './service/WaiverService';

/**
 * Platform contract backend plugin.
 *
 * @public
 */
export const platformContractPlugin = createBackendPlugin({
  pluginId: 'platform-contract',
  register(env) {
    const extraProviders: FactProvider[] = [];
    env.registerExtensionPoint(platformContractFactsExtensionPoint, {
      addFactProvider(...providers) {
        extraProviders.push(...providers);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler, httpRouter, catalog } = deps;
        const store = await KnexPlatformContractStore.create(deps.database);
        const registry = await ContractRegistry.fromConfig(config);
        for (const entry of registry.entries) {
          for (const error of entry.errors) {
            logger.error(
              `Invalid platform contract ${error.file}${
                error.ruleId ? ` rule ${error.ruleId}` : ''
              } ${error.field}: ${error.message}`,
            );
          }
        }

        const providers: FactProvider[] = [
          createCatalogFactProvider(catalog),
          createRepositoryFileFactProvider({
            urlReader: deps.urlReader,
            logger,
            facts: readRepositoryFileFacts(config),
            mirrors: readRepositoryMirrors(config),
          }),
          ...extraProviders,
        ];
        const evaluation = new EvaluationService({
          catalog,
          auth: deps.auth,
          logger,
          store,
          registry,
          providers,
          options: {
            factMaxAgeHours:
              config.getOptionalNumber('platformContract.facts.maxAgeHours') ??
              168,
            historyRetentionDays:
              config.getOptionalNumber(
                'platformContract.history.retentionDays',
              ) ?? 400,
          },
        });
        const waivers = new WaiverService({
          store,
          registry,
          catalog,
          logger,
          permissions: deps.permissions,
          auth: deps.auth,
          notifications: deps.notifications,
          notifyDaysBeforeExpiry:
            config.getOptionalNumber(
              'platformContract.waivers.notifyDaysBeforeExpiry',
            ) ?? 7,
          onDecision: entityRef => evaluation.evaluateEntity(entityRef),
        });

        deps.permissionsRegistry.addPermissions(platformContractPermissions);
        deps.permissionsRegistry.addResourceType({
          resourceRef: platformContractWaiverResourceRef,
          permissions: platformContractPermissions.filter(
            p => p.type === 'resource',
          ),
          rules: Object.values(platformContractWaiverRules),
          getResources: ids =>
            store
              .getWaivers(ids)
              .then(found => ids.map(id => found.find(w => w.id === id))),
        });

        const interval = config.getOptionalString(
          'platformContract.evaluationInterval',
        );
        await scheduler.scheduleTask({
          id: 'platform-contract-evaluate',
          scope: 'global',
          frequency: interval
            ? Duration.fromISO(interval).toObject()
            : { minutes: 30 },
          timeout: { minutes: 15 },
          initialDelay: { seconds: 15 },
          fn: async () => {
            await evaluation.evaluateAll();
          },
        });
        await scheduler.scheduleTask({
          id: 'platform-contract-waiver-expiry',
          scope: 'global',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            await waivers.notifyExpiring();
          },
        });

        registerActions({
          actionsRegistry: deps.actionsRegistry,
          store,
          registry,
        });

        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            store,
            registry,
            evaluation,
            waivers,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

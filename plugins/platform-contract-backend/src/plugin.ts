import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { platformContractPermissions } from '@groundwork/plugin-platform-contract-common';
import {
  FactProvider,
  platformContractFactsExtensionPoint,
} from '@groundwork/plugin-platform-contract-node';
import { Duration } from 'luxon';
import { ContractRegistry } from './contracts/ContractRegistry';
import { KnexCampaignStore } from './database/KnexCampaignStore';
import { KnexPlatformContractStore } from './database/KnexPlatformContractStore';
import { createCatalogFactProvider } from './facts/CatalogFactProvider';
import { createGoldenPathFactProvider } from './facts/GoldenPathFactProvider';
import {
  createRepositoryFileFactProvider,
  readRepositoryFileFacts,
  readRepositoryMirrors,
} from './facts/RepositoryFileFactProvider';
import {
  platformContractWaiverResourceRef,
  platformContractWaiverRules,
} from './permissions';
import { CampaignService } from './service/CampaignService';
import { CheckService } from './service/CheckService';
import { EvaluationService } from './service/EvaluationService';
import { WorkerBatchEvaluator } from './service/evaluationWorker';
import { registerActions } from './service/actions';
import { createRouter } from './service/router';
import { EntityChangeReevaluator } from './service/EntityChangeReevaluator';
import {
  EntityChangedPayload,
  ENTITY_CHANGED_TOPIC,
  fingerprintOf,
} from './entityChanges';
import { WaiverService } from './service/WaiverService';
import { CallerAccess } from './service/callerAccess';
import { FactPushPolicy } from './service/factPushPolicy';

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
        lifecycle: coreServices.lifecycle,
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
        events: eventsServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler, httpRouter, catalog } = deps;
        const store = await KnexPlatformContractStore.create(deps.database);
        const registry = await ContractRegistry.fromConfig(config);
        for (const entry of registry.entries) {
          for (const error of entry.errors) {
            logger.error(
              `Invalid platform contract ${
                entry.name ? `'${entry.name}' (${error.file})` : error.file
              }${error.ruleId ? ` rule ${error.ruleId}` : ''}${
                error.campaignId ? ` campaign ${error.campaignId}` : ''
              } ${error.field}: ${error.message}`,
            );
          }
        }

        const catalogProviders = [
          createCatalogFactProvider(catalog),
          createGoldenPathFactProvider(catalog),
        ];
        const repositoryFiles = readRepositoryFileFacts(config);
        const providers: FactProvider[] = [
          ...catalogProviders,
          createRepositoryFileFactProvider({
            urlReader: deps.urlReader,
            logger,
            facts: repositoryFiles,
            mirrors: readRepositoryMirrors(config),
          }),
          ...extraProviders,
        ];
        const factMaxAgeHours =
          config.getOptionalNumber('platformContract.facts.maxAgeHours') ?? 168;
        const batchEvaluator =
          config.getOptionalBoolean(
            'platformContract.evaluation.workerThread',
          ) === false
            ? undefined
            : new WorkerBatchEvaluator({
                contracts: registry.contracts,
                conditionOptions: registry.conditionOptions,
                factMaxAgeHours,
              });
        if (batchEvaluator) {
          deps.lifecycle.addShutdownHook(() => batchEvaluator.close());
        }
        const evaluation = new EvaluationService({
          catalog,
          auth: deps.auth,
          logger,
          store,
          registry,
          providers,
          batchEvaluator,
          options: {
            factMaxAgeHours,
            historyRetentionDays:
              config.getOptionalNumber(
                'platformContract.history.retentionDays',
              ) ?? 400,
            maxCatalogShrink: config.getOptionalNumber(
              'platformContract.evaluation.maxCatalogShrink',
            ),
            pushedFactsGraceHours: config.getOptionalNumber(
              'platformContract.facts.push.orphanGraceHours',
            ),
          },
        });
        const check = new CheckService({
          evaluation,
          registry,
          logger,
          catalogProviders,
          repositoryFiles,
          laterProviders: extraProviders,
        });
        const campaigns = new CampaignService({
          store,
          campaigns: await KnexCampaignStore.create(deps.database),
          registry,
          catalog,
          auth: deps.auth,
          permissions: deps.permissions,
          notifications: deps.notifications,
          logger,
          reminderDays: config.getOptional<number[]>(
            'platformContract.campaigns.reminderDays',
          ) ?? [14, 7, 1],
        });
        await campaigns.syncFromContracts();
        // Evaluations followed by what depends on their results.
        const evaluateEntity = async (entityRef: string) => {
          const rows = await evaluation.evaluateEntity(entityRef);
          await campaigns.refreshEntityProgress(entityRef, rows);
          return rows;
        };

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
          onDecision: evaluateEntity,
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
          fn: async signal => {
            await evaluation.evaluateAll(new Date(), signal);
            await campaigns.refreshProgress();
          },
        });
        const triggerEvaluation = () =>
          scheduler.triggerTask('platform-contract-evaluate');
        const reevaluator = new EntityChangeReevaluator({
          evaluateEntity,
          evaluateAll: triggerEvaluation,
          servedFingerprint: async entityRef => {
            const entity = await catalog.getEntityByRef(entityRef, {
              credentials: await deps.auth.getOwnServiceCredentials(),
            });
            return entity && fingerprintOf(entity);
          },
          fullEvaluationDone: async () =>
            (await store.lastFullEvaluationDay()) !== undefined,
          logger,
          delayMs:
            (config.getOptionalNumber(
              'platformContract.catalogChanges.delaySeconds',
            ) ?? 10) * 1000,
          maxBatch: 200,
        });
        deps.lifecycle.addShutdownHook(() => reevaluator.stop());
        if (
          config.getOptionalBoolean(
            'platformContract.catalogChanges.reevaluate',
          ) ??
          true
        ) {
          await deps.events.subscribe({
            id: 'platform-contract-reevaluate',
            topics: [ENTITY_CHANGED_TOPIC],
            onEvent: async ({ eventPayload }) => {
              const { entityRef, fingerprint, firstSeen } =
                eventPayload as EntityChangedPayload;
              reevaluator.entityChanged(entityRef, { fingerprint, firstSeen });
            },
          });
        }

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

        await scheduler.scheduleTask({
          id: 'platform-contract-campaign-reminders',
          scope: 'global',
          frequency: { hours: 6 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 2 },
          fn: async () => {
            await campaigns.sendReminders();
          },
        });

        const access = new CallerAccess({
          catalog,
          permissions: deps.permissions,
          sensitive: providers.flatMap(p => (p.sensitive ? [p.sensitive] : [])),
        });
        registerActions({
          actionsRegistry: deps.actionsRegistry,
          access,
          store,
          registry,
          campaigns,
          evaluation,
          check,
        });

        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            logger,
            access,
            factPushPolicy: FactPushPolicy.fromConfig(config, providers),
            permissions: deps.permissions,
            store,
            registry,
            evaluation,
            waivers,
            campaigns,
            check,
            triggerEvaluation,
            requestEvaluation: ref => reevaluator.evaluationRequested(ref),
            entityChanged: ref => reevaluator.entityChanged(ref),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

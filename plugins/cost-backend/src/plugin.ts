import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AttributionAudit } from './attribution/AttributionAudit';
import { CommitmentService } from './commitments/CommitmentService';
import { readCommitmentConfig } from './commitments/config';
import { readCostConfig } from './config';
import { CurrencyConverter } from './currency';
import { DatabaseCostStore } from './database/DatabaseCostStore';
import { IngestService } from './ingest/IngestService';
import { readOpenCostConfig } from './opencost/config';
import { OpenCostEfficiencyService } from './opencost/EfficiencyService';
import { OpenCostClient } from './opencost/OpenCostClient';
import { Alerter } from './service/Alerter';
import { CostService } from './service/CostService';
import { createRouter } from './service/router';
import { TagClaimsService } from './service/TagClaimsService';

const INGEST_TASK_ID = 'cost-ingest';

/**
 * Cost backend plugin: ingests FOCUS billing exports into daily roll-ups,
 * attributes them to catalog entities and serves `/api/cost`.
 *
 * @public
 */
export const costPlugin = createBackendPlugin({
  pluginId: 'cost',
  register(env) {
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
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { logger, scheduler, httpRouter } = deps;
        const config = readCostConfig(deps.config);
        config.currency.warnings.forEach(warning => logger.warn(warning));
        if (!config.trust.origins.length) {
          logger.warn(
            'Cost attribution trusts no catalog location, so no cost is attributed: list the locations whose entities may claim cost in cost.attribution.trustedLocations',
          );
        }
        const store = await DatabaseCostStore.create(deps.database);
        const costs = new CostService(store, {
          currency: new CurrencyConverter(config.currency),
        });
        const commitmentConfig = readCommitmentConfig(deps.config);
        const commitments = new CommitmentService({
          store,
          currency: new CurrencyConverter(config.currency),
          config: commitmentConfig,
        });
        const alerter = new Alerter({
          store,
          costs,
          notifications: deps.notifications,
          logger,
          commitments: { service: commitments, config: commitmentConfig },
        });
        const ingest = new IngestService({
          config,
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          urlReader: deps.urlReader,
          logger,
          afterIngest: model => alerter.run(model),
        });

        if (config.sources.length) {
          await scheduler.scheduleTask({
            id: INGEST_TASK_ID,
            scope: 'global',
            frequency: config.ingestInterval.toObject(),
            timeout: { hours: 1 },
            // Let the catalog come up first.
            initialDelay: { seconds: 20 },
            fn: async signal => {
              await ingest.ingestAll(signal);
            },
          });
        } else {
          logger.info('No cost.sources configured; nothing to ingest');
        }

        const opencost = readOpenCostConfig(deps.config);
        const efficiency = opencost
          ? new OpenCostEfficiencyService({
              client: new OpenCostClient(opencost),
              catalog: deps.catalog,
              auth: deps.auth,
              logger,
              trust: config.trust,
              currency: opencost.currency,
              cacheTtlMs: opencost.cacheTtlMs,
            })
          : undefined;

        httpRouter.use(
          await createRouter({
            logger,
            efficiency,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            store,
            costs,
            commitments,
            // The scheduler runs it, so once across replicas and never twice at once.
            triggerIngest: config.sources.length
              ? () => scheduler.triggerTask(INGEST_TASK_ID)
              : async () => {},
            tagClaims: new TagClaimsService({
              catalog: deps.catalog,
              auth: deps.auth,
              config,
              store,
            }),
            tagRules: config.tagRules,
            audit: new AttributionAudit({
              catalog: deps.catalog,
              auth: deps.auth,
              config,
            }),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityExperimentsResponse,
  EntityModelsResponse,
  hasMlflowExperiments,
  hasMlflowModels,
  isMlProject,
  ModelLineage,
  RunsPage,
} from '@groundwork/plugin-mlops-common';
import {
  CollectedFacts,
  FactProvider,
} from '@groundwork/plugin-platform-contract-node';

/** Aliases that mark the model version serving production, in order of preference. */
export const PRODUCTION_ALIASES = ['champion', 'production'];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Entities fetched concurrently within a batch. */
const CONCURRENCY = 4;

/** Options for {@link createMlopsFactProvider}. */
export interface MlopsFactProviderOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  fetch?: typeof fetch;
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/**
 * Facts about the MLflow side of ML projects, read through the mlops
 * backend's REST API with the platform contract plugin's service credentials,
 * so that server selection, MLflow credentials, caching and the `mlops.read`
 * permission stay with the mlops plugin.
 */
export function createMlopsFactProvider(
  options: MlopsFactProviderOptions,
): FactProvider {
  const { discovery, auth, logger } = options;
  const fetchFn = options.fetch ?? fetch;

  return {
    id: 'mlflow',
    facts: [
      {
        name: 'mlflow.experimentLinked',
        type: 'boolean',
        description:
          "At least one experiment the entity annotates exists on its MLflow server and is bound to the entity's owner",
      },
      {
        name: 'mlflow.productionAliasExists',
        type: 'boolean',
        description:
          "A registered model the entity annotates has a version aliased 'champion' or 'production'",
      },
      {
        name: 'mlflow.productionModelTraceable',
        type: 'boolean',
        description:
          'The production (champion) model version comes from a run with dataset inputs and a git commit; null without a production version',
      },
      {
        name: 'mlflow.lastTrainingRunAgeDays',
        type: 'number',
        description:
          'Days since the newest run of the linked experiments started; null without runs',
      },
    ],
    async collect(entities, { now }) {
      const result = new Map<string, CollectedFacts>();
      const relevant = entities.filter(
        e => isMlProject(e) || hasMlflowModels(e),
      );
      if (relevant.length === 0) return result;

      const baseUrl = await discovery.getBaseUrl('mlops');
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'mlops',
      });
      const get = async <T>(route: string): Promise<T> => {
        const res = await fetchFn(`${baseUrl}${route}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!res.ok) {
          let message = `${res.status} ${res.statusText}`;
          try {
            const body = await res.json();
            message = body?.error?.message ?? message;
          } catch {
            // not JSON
          }
          throw new Error(`GET ${route}: ${message}`);
        }
        return (await res.json()) as T;
      };

      const collectOne = async (entity: Entity): Promise<CollectedFacts> => {
        const ref = stringifyEntityRef(entity);
        const base = `/entities/${[
          entity.kind.toLocaleLowerCase('en-US'),
          entity.metadata.namespace ?? 'default',
          entity.metadata.name,
        ]
          .map(encodeURIComponent)
          .join('/')}`;
        const facts: CollectedFacts = {};

        if (hasMlflowExperiments(entity)) {
          const { experiments } = await get<EntityExperimentsResponse>(
            `${base}/experiments`,
          );
          facts['mlflow.experimentLinked'] = experiments.length > 0;
          if (experiments.length > 0) {
            const page = await get<RunsPage>(
              `${base}/runs?pageSize=1&orderBy=${encodeURIComponent(
                'attributes.start_time DESC',
              )}&params=&metrics=`,
            );
            const start = page.runs[0]?.startTime;
            facts['mlflow.lastTrainingRunAgeDays'] =
              start === undefined
                ? null
                : Math.max(
                    0,
                    Math.round(((now.getTime() - start) / DAY_MS) * 100) / 100,
                  );
          } else {
            facts['mlflow.lastTrainingRunAgeDays'] = null;
          }
        } else {
          facts['mlflow.experimentLinked'] = false;
          facts['mlflow.lastTrainingRunAgeDays'] = null;
        }

        if (hasMlflowModels(entity)) {
          const { models } = await get<EntityModelsResponse>(`${base}/models`);
          let production: { model: string; version: string } | undefined;
          for (const alias of PRODUCTION_ALIASES) {
            const model = models.find(m => m.aliases[alias] !== undefined);
            if (model) {
              production = { model: model.name, version: model.aliases[alias] };
              break;
            }
          }
          facts['mlflow.productionAliasExists'] = production !== undefined;
          if (production) {
            const lineage = await get<ModelLineage>(
              `${base}/models/${encodeURIComponent(
                production.model,
              )}/versions/${encodeURIComponent(production.version)}/lineage`,
            );
            facts['mlflow.productionModelTraceable'] =
              !!lineage.run &&
              lineage.datasets.length > 0 &&
              !!lineage.git?.commit;
          } else {
            facts['mlflow.productionModelTraceable'] = null;
          }
        } else {
          facts['mlflow.productionAliasExists'] = false;
          facts['mlflow.productionModelTraceable'] = null;
        }
        logger.debug(`Collected MLflow facts of ${ref}`);
        return facts;
      };

      let failures = 0;
      let lastError: Error | undefined;
      await mapLimit(relevant, CONCURRENCY, async entity => {
        const ref = stringifyEntityRef(entity);
        try {
          result.set(ref, await collectOne(entity));
        } catch (e) {
          // Left out: this entity's MLflow facts are unknown, not false.
          failures += 1;
          lastError = e as Error;
          logger.warn(
            `MLflow facts of ${ref} unavailable: ${lastError.message}`,
          );
        }
      });
      if (failures === relevant.length && lastError) {
        // Nothing could be read (e.g. the mlops plugin is down): mark stale.
        throw lastError;
      }
      return result;
    },
  };
}

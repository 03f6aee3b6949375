import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CreateExperimentResponse,
  ExperimentLookupResponse,
  experimentNameProblem,
  MLFLOW_EXPERIMENT_NAME_ANNOTATION,
  MLFLOW_SERVER_ANNOTATION,
  mlopsPluginId,
} from '@groundwork/plugin-mlops-common';
import yaml from 'yaml';
import { requestPlugin } from '../pluginRequest';
import { CatalogInfoFile, DEFAULT_CATALOG_PATH } from './catalogInfoFile';

export const MLFLOW_EXPERIMENT_ACTION_ID = 'groundwork:mlflow:experiment';

/** `mlflow.org/experiment-name` with `name` added, keeping names already listed. */
function withExperimentName(current: unknown, name: string): string {
  const names =
    typeof current === 'string'
      ? current
          .split(',')
          .map(n => n.trim())
          .filter(Boolean)
      : [];
  return (names.includes(name) ? names : [...names, name]).join(',');
}

/**
 * The entity's `spec.owner` as a full ref, resolved in the entity's namespace
 * as the catalog does; undefined when it has none.
 */
function ownerRefOf(entity: {
  metadata?: { namespace?: unknown };
  spec?: { owner?: unknown };
}): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  const namespace = entity.metadata?.namespace;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: typeof namespace === 'string' ? namespace : 'default',
      }),
    );
  } catch (e) {
    throw new InputError(
      `spec.owner '${owner}' of the catalog file is not an entity ref (${
        (e as Error).message
      }); write one such as group:default/ml-team`,
    );
  }
}

/**
 * `groundwork:mlflow:experiment`: gets or creates an MLflow experiment on a
 * configured tracking server (through the MLOps backend, as the user who
 * started the task) and links it from the workspace's catalog-info.yaml. A
 * created experiment is tagged with the entity's owner, which binds it to
 * the owner's entities in the MLOps backend.
 */
export function createMlflowExperimentAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  const { discovery, auth } = options;
  return createTemplateAction({
    id: MLFLOW_EXPERIMENT_ACTION_ID,
    description: `Gets or creates an MLflow experiment on a tracking server configured in mlops.mlflow.servers (POST /api/${mlopsPluginId}/experiments, as the user who started the task; needs mlops.experiment.create), tags a created experiment with the entity's spec.owner (so the MLOps backend shows it to that owner's entities) and writes ${MLFLOW_EXPERIMENT_NAME_ANNOTATION} (and ${MLFLOW_SERVER_ANNOTATION} when a server is named) into catalog-info.yaml. A dry run only looks the experiment up.`,
    supportsDryRun: true,
    examples: [
      {
        description:
          'Get or create the experiment on the default tracking server',
        example: yaml.stringify({
          steps: [
            {
              id: 'mlflow',
              name: 'MLflow experiment',
              action: MLFLOW_EXPERIMENT_ACTION_ID,
              input: { name: 'churn-predictor' },
            },
          ],
        }),
      },
      {
        description:
          'On a named tracking server, with the catalog file in a sub-folder',
        example: yaml.stringify({
          steps: [
            {
              id: 'mlflow',
              name: 'MLflow experiment',
              action: MLFLOW_EXPERIMENT_ACTION_ID,
              input: {
                server: 'research',
                name: 'churn-predictor',
                path: 'service/catalog-info.yaml',
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        server: z =>
          z
            .string()
            .min(1)
            .max(200)
            .optional()
            .describe(
              'Name of a tracking server in mlops.mlflow.servers (never a URL); the first configured server when absent',
            ),
        name: z =>
          z
            .string()
            .describe(
              'Experiment name: not empty, at most 256 characters, no commas',
            ),
        path: z =>
          z
            .string()
            .default(DEFAULT_CATALOG_PATH)
            .describe('Catalog file in the workspace'),
      },
      output: {
        experimentId: z =>
          z
            .string()
            .describe(
              "The experiment's id; empty in a dry run when it would be created",
            ),
        experimentName: z => z.string().describe('The experiment name'),
        created: z =>
          z
            .boolean()
            .describe(
              'Whether this run created it (in a dry run: whether it would)',
            ),
      },
    },
    async handler(ctx) {
      const { server, name } = ctx.input;
      const problem = experimentNameProblem(name);
      if (problem) {
        throw new InputError(
          `Invalid input 'name' ('${name}'): ${problem}. Choose another experiment name.`,
        );
      }
      // Read first: a missing or broken catalog file fails before MLflow is touched.
      const file = await CatalogInfoFile.read(
        ctx.workspacePath,
        ctx.input.path,
      );
      const index = file.select();
      const owner = ownerRefOf(file.entity(index) as object);
      const call = async <T>(
        method: 'GET' | 'POST',
        path: string,
        body?: unknown,
      ) =>
        requestPlugin<T>({
          discovery,
          auth,
          credentials: await ctx.getInitiatorCredentials(),
          pluginId: mlopsPluginId,
          method,
          path,
          body,
          signal: ctx.signal,
        });

      let result: CreateExperimentResponse;
      if (ctx.isDryRun) {
        const found = await call<ExperimentLookupResponse>(
          'GET',
          `/experiments/by-name?${new URLSearchParams({
            name,
            ...(server && { server }),
          })}`,
        );
        result = {
          server: found.server,
          name,
          experimentId: found.experiment?.experimentId ?? '',
          created: !found.experiment,
        };
        ctx.logger.info(
          found.experiment
            ? `Dry run: MLflow experiment '${name}' exists on server '${found.server}' (id ${found.experiment.experimentId}); it would be linked`
            : `Dry run: MLflow experiment '${name}' would be created on server '${found.server}'`,
        );
      } else {
        // A retried or recovered task reuses the first answer.
        result = await ctx.checkpoint({
          key: `mlflow-experiment:${server ?? ''}:${name}`,
          fn: async () => {
            const created = await call<CreateExperimentResponse>(
              'POST',
              '/experiments',
              { server, name, ...(owner && { owner }) },
            );
            // a plain JSON object, as checkpoints store
            return {
              server: created.server,
              experimentId: created.experimentId,
              name: created.name,
              created: created.created,
            };
          },
        });
        ctx.logger.info(
          `${
            result.created ? 'Created' : 'Found'
          } MLflow experiment '${name}' (id ${
            result.experimentId
          }) on server '${result.server}'`,
        );
      }

      const current = file.entity(index) as {
        metadata?: { annotations?: Record<string, unknown> };
      };
      file.apply(index, {
        annotations: {
          [MLFLOW_EXPERIMENT_NAME_ANNOTATION]: withExperimentName(
            current.metadata?.annotations?.[MLFLOW_EXPERIMENT_NAME_ANNOTATION],
            name,
          ),
          ...(server && { [MLFLOW_SERVER_ANNOTATION]: result.server }),
        },
      });
      await file.write();

      ctx.output('experimentId', result.experimentId);
      ctx.output('experimentName', name);
      ctx.output('created', result.created);
    },
  });
}

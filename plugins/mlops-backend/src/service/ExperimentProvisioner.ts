import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CreateExperimentResponse,
  ExperimentLookupResponse,
  experimentNameProblem,
  mlopsExperimentCreatePermission,
} from '@groundwork/plugin-mlops-common';
import { MlflowClient } from '../mlflow/MlflowClient';
import { MlflowExperiment } from '../mlflow/types';
import { MlflowServers } from './MlflowServers';
import { OWNER_TAG } from './NameBinding';

/** Experiment tag naming who had Groundwork create the experiment. */
export const CREATED_BY_TAG = 'groundwork.dev/created-by';

/**
 * Gets or creates MLflow experiments on configured servers for golden paths,
 * as the caller: `mlops.experiment.create` is checked for both the look-up
 * (what a dry run does) and the creation.
 */
export class ExperimentProvisioner {
  constructor(
    private readonly options: {
      servers: MlflowServers;
      permissions: PermissionsService;
      logger: LoggerService;
    },
  ) {}

  async lookup(
    request: { server?: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<ExperimentLookupResponse> {
    const client = await this.authorized(request, credentials);
    const experiment = await this.find(client, request.name);
    return {
      server: client.name,
      name: request.name,
      ...(experiment && {
        experiment: {
          experimentId: experiment.experiment_id,
          lifecycleStage: experiment.lifecycle_stage ?? 'active',
        },
      }),
    };
  }

  /**
   * Gets or creates an experiment. A created one is tagged with its `owner`
   * (a group ref), which binds it to that owner's entities: its data is new,
   * so naming any owner gives nobody anything they could not see. An
   * existing experiment is never retagged.
   */
  async getOrCreate(
    request: { server?: string; name: string; owner?: string },
    credentials: BackstageCredentials,
  ): Promise<CreateExperimentResponse> {
    const ownerTags = request.owner ? [ownerTag(request.owner)] : [];
    const client = await this.authorized(request, credentials);
    const { name } = request;
    const existing = await this.find(client, name);
    if (existing) {
      return this.existing(client, existing);
    }
    try {
      const { experimentId } = await client.createExperiment({
        name,
        tags: [...createdByTags(credentials), ...ownerTags],
      });
      this.options.logger.info(
        `Created MLflow experiment '${name}' (${experimentId}) on server '${client.name}'`,
      );
      return { server: client.name, experimentId, name, created: true };
    } catch (error) {
      // Someone created it between our look-up and our create.
      if (error instanceof ConflictError) {
        const winner = await this.find(client, name);
        if (winner) return this.existing(client, winner);
      }
      throw error;
    }
  }

  private existing(
    client: MlflowClient,
    experiment: MlflowExperiment,
  ): CreateExperimentResponse {
    if (experiment.lifecycle_stage === 'deleted') {
      throw new ConflictError(
        `MLflow experiment '${experiment.name}' exists on server '${client.name}' but is deleted; restore it in MLflow or choose another name`,
      );
    }
    return {
      server: client.name,
      experimentId: experiment.experiment_id,
      name: experiment.name,
      created: false,
    };
  }

  private async find(
    client: MlflowClient,
    name: string,
  ): Promise<MlflowExperiment | undefined> {
    try {
      return await client.getExperimentByName(name);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  private async authorized(
    request: { server?: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<MlflowClient> {
    const problem = experimentNameProblem(request.name);
    if (problem) {
      throw new InputError(`Invalid experiment name: ${problem}`);
    }
    const { servers, permissions } = this.options;
    if (
      request.server !== undefined &&
      !servers.names.includes(request.server)
    ) {
      throw new InputError(
        `Unknown MLflow server '${
          request.server
        }'; configured servers (mlops.mlflow.servers): ${servers.names.join(
          ', ',
        )}`,
      );
    }
    const [decision] = await permissions.authorize(
      [{ permission: mlopsExperimentCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'You may not create MLflow experiments (permission mlops.experiment.create)',
      );
    }
    return servers.get(request.server);
  }
}

function ownerTag(owner: string) {
  try {
    const ref = stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
    return { key: OWNER_TAG, value: ref.toLocaleLowerCase('en-US') };
  } catch (e) {
    throw new InputError(
      `Invalid owner '${owner}': ${
        (e as Error).message
      }; give an entity ref such as group:default/ml-team`,
    );
  }
}

function createdByTags(credentials: BackstageCredentials) {
  const principal = credentials.principal as { userEntityRef?: string };
  return principal.userEntityRef
    ? [{ key: CREATED_BY_TAG, value: principal.userEntityRef }]
    : [];
}

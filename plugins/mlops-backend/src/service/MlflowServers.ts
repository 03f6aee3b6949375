import { Config } from '@backstage/config';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { MlflowClient } from '../mlflow/MlflowClient';
import { NameBinding } from './NameBinding';

/** The configured MLflow servers (`mlops.mlflow.servers`), by name. */
export class MlflowServers {
  static fromConfig(config: Config): MlflowServers {
    const servers = config.getOptionalConfigArray('mlops.mlflow.servers') ?? [];
    const clients = servers.map(server => {
      const basicAuth = server.getOptionalConfig('basicAuth');
      return new MlflowClient({
        name: server.getString('name'),
        baseUrl: server.getString('baseUrl'),
        token: server.getOptionalString('token'),
        basicAuth: basicAuth && {
          username: basicAuth.getString('username'),
          password: basicAuth.getString('password'),
        },
        timeoutMs: server.getOptionalNumber('timeoutMs'),
        retries: server.getOptionalNumber('retries'),
        maxConcurrentRequests: server.getOptionalNumber(
          'maxConcurrentRequests',
        ),
        maxPointsPerSeries: server.getOptionalNumber('maxPointsPerSeries'),
      });
    });
    return new MlflowServers(
      clients,
      servers.map(server => NameBinding.fromConfig(server)),
    );
  }

  /** `bindings[i]` decides what entities may show of `clients[i]`. */
  constructor(
    private readonly clients: MlflowClient[],
    private readonly bindings: NameBinding[],
  ) {
    const names = clients.map(c => c.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) {
      throw new Error(
        `Duplicate MLflow server name '${duplicate}' in mlops.mlflow.servers`,
      );
    }
  }

  /** The configured server names; the first is the default. */
  get names(): string[] {
    return this.clients.map(c => c.name);
  }

  /** Which experiments and models of a server each entity may show. */
  bindingOf(client: MlflowClient): NameBinding {
    return this.bindings[this.clients.indexOf(client)];
  }

  /** The server an entity named, or the first configured one. */
  get(name: string | undefined): MlflowClient {
    if (this.clients.length === 0) {
      throw new ServiceUnavailableError(
        'No MLflow server is configured (mlops.mlflow.servers in app-config)',
      );
    }
    if (name === undefined) {
      return this.clients[0];
    }
    const client = this.clients.find(c => c.name === name);
    if (!client) {
      throw new InputError(
        `Unknown MLflow server '${name}' in annotation 'groundwork.dev/mlflow-server'; configured servers: ${this.clients
          .map(c => c.name)
          .join(', ')}`,
      );
    }
    return client;
  }
}

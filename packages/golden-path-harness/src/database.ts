import {
  coreServices,
  createServiceFactory,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { ConfigReader } from '@backstage/config';

/**
 * Each plugin's database in memory (SQLite), as in `startTestBackend`, but
 * closed when the backend stops: Backstage leaves SQLite pools open, which
 * keeps a command-line process from exiting after its dry run.
 */
export const inMemoryDatabaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ rootLifecycle, rootLogger }) {
    return DatabaseManager.fromConfig(
      new ConfigReader({
        backend: {
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
      }),
      { rootLifecycle, rootLogger },
    );
  },
  async factory({ pluginMetadata, lifecycle, logger }, manager) {
    const database = manager.forPlugin(pluginMetadata.getId(), {
      lifecycle,
      logger,
    });
    let client: ReturnType<DatabaseService['getClient']> | undefined;
    lifecycle.addShutdownHook(async () => {
      await (await client)?.destroy();
    });
    return {
      ...database,
      getClient: () => (client ??= database.getClient()),
    };
  },
});

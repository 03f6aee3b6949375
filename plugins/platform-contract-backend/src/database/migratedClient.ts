import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@groundwork/plugin-platform-contract-backend',
  'migrations',
);

/** Migrations run once per database service, however many stores share it. */
const migrated = new WeakMap<DatabaseService, Promise<Knex>>();

/** The plugin's database client, with its migrations applied (unless the service says to skip them). */
export function migratedClient(database: DatabaseService): Promise<Knex> {
  let client = migrated.get(database);
  if (!client) {
    client = (async () => {
      const knex = await database.getClient();
      if (!database.migrations?.skip) {
        await knex.migrate.latest({ directory: migrationsDir });
      }
      return knex;
    })();
    migrated.set(database, client);
  }
  return client;
}

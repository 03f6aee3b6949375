import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const POSTGRES_IDS: TestDatabaseId[] = [
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
  'POSTGRES_13',
];

/**
 * The databases every store test runs on: SQLite in memory always, and each
 * PostgreSQL version whose `BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING`
 * is set. Docker is never used (there is no engine on our machines).
 *
 * When `GROUNDWORK_REQUIRE_POSTGRES` is set (CI sets it), a missing PostgreSQL
 * is an error rather than a silently skipped half of the suite.
 *
 * Use with `it.each(databases.eachSupportedId())`.
 */
export function createStoreTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', ...POSTGRES_IDS],
    disableDocker: true,
  });
  const postgres = POSTGRES_IDS.filter(id => databases.supports(id));
  if (process.env.GROUNDWORK_REQUIRE_POSTGRES && postgres.length === 0) {
    throw new Error(
      'GROUNDWORK_REQUIRE_POSTGRES is set but no PostgreSQL is configured: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, e.g. postgresql://postgres@127.0.0.1:5432',
    );
  }
  return databases;
}

/**
 * The PostgreSQL database the multi-replica tests start several backends on,
 * when one is configured (SQLite in memory cannot be shared by two backends):
 * `(postgres ? describe : describe.skip)(...)`.
 */
export function postgresTestDatabaseId(
  databases: TestDatabases,
): TestDatabaseId | undefined {
  return databases
    .eachSupportedId()
    .map(([id]) => id)
    .find(id => POSTGRES_IDS.includes(id));
}

import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  createStoreTestDatabases,
  postgresTestDatabaseId,
  waitFor,
} from '@groundwork/test-utils';
import { Knex } from 'knex';
import {
  fullRun,
  fullRunTask,
  services,
  startFullRun,
  startReplica,
} from './__testUtils__/replicas';
import { testEntities, TEST_CONTRACT_YAML } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();
const postgres = postgresTestDatabaseId(databases);

/** Everything a full run derives, with the times it was computed: a half-done run shows here. */
async function derived(knex: Knex) {
  const rows = (table: string, order: string[]) =>
    knex(table).select().orderBy(order);
  return {
    results: await rows('pc_results', ['contract', 'entity_ref']),
    history: await rows('pc_entity_history', ['contract', 'entity_ref', 'day']),
    rollups: await rows('pc_rollups', ['type', 'ref']),
    rollupHistory: await rows('pc_rollup_history', ['type', 'ref', 'day']),
    organization: await rows('pc_organization', ['ref']),
    fullEvaluations: await rows('pc_full_evaluations', ['id']),
  };
}

/**
 * Holds writes to `table` (reads go on) until the returned function lets go;
 * resolves once a statement of another connection waits on it.
 */
async function holdWritesTo(knex: Knex, table: string) {
  const hold = await knex.transaction();
  await hold.raw(`LOCK TABLE ${table} IN SHARE MODE`);
  return {
    waitedOn: () =>
      waitFor(`a write to ${table} waits`, async () => {
        // Not in `hold`: a transaction sees one snapshot of the activity.
        const { rows } = await knex.raw(
          "SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        return Number(rows[0].waiting) > 0;
      }),
    release: () => hold.rollback(),
  };
}

/** Takes every service off call: a run that completes changes their results. */
function takeOffCall(entities: ReturnType<typeof services>) {
  for (const entity of entities) {
    delete entity.metadata.annotations!['pagerduty.com/service-id'];
  }
}

/** How many of the services pass the on-call rule. */
const onCallPasses = async (knex: Knex) =>
  Number(
    (
      await knex('pc_results')
        .where('entity_ref', 'like', 'component:default/svc-%')
        .where('results', 'like', '%["on-call","pass"]%')
        .count({ count: '*' })
    )[0].count,
  );

/**
 * A full evaluation cut short on one replica of several on one PostgreSQL
 * database; SQLite in memory cannot be shared by two backends.
 */
(postgres ? describe : describe.skip)(
  'a full platform contract evaluation cut short',
  () => {
    const dir = createMockDirectory({
      content: { 'contract.yaml': TEST_CONTRACT_YAML },
    });

    it('leaves the previous results intact when its replica stops mid-run, and the next run completes', async () => {
      const knex = await databases.init(postgres!);
      const served = services(1500);
      const entities = [...testEntities, ...served];
      const contract = dir.resolve('contract.yaml');
      const a = await startReplica(knex, entities, contract);
      const b = await startReplica(knex, entities, contract);
      await fullRun(knex, a);
      const before = await derived(knex);
      expect(await onCallPasses(knex)).toBe(750);

      takeOffCall(served);
      // Held so that A stops while its run collects facts.
      const facts = await holdWritesTo(knex, 'pc_facts');
      const ended = await startFullRun(knex, a);
      await facts.waitedOn();
      await a.stop();
      await facts.release();
      await ended();

      expect(await derived(knex)).toEqual(before);
      expect(JSON.parse((await fullRunTask(knex)).last_run_error_json)).toEqual(
        expect.objectContaining({
          message: expect.stringMatching(
            /^Full platform contract evaluation stopped before collecting facts .* stored results, roll-ups and history are kept/,
          ),
        }),
      );

      await fullRun(knex, b);
      expect((await fullRunTask(knex)).last_run_error_json).toBeFalsy();
      expect(await onCallPasses(knex)).toBe(0);
      await b.stop();
    });
  },
);

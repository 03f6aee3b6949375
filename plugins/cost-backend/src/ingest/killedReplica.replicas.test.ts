import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { IngestStatus } from '@groundwork/plugin-cost-common';
import {
  createStoreTestDatabases,
  postgresTestDatabaseId,
  waitFor,
} from '@groundwork/test-utils';
import { readFileSync } from 'fs';
import { Knex } from 'knex';
import request from 'supertest';
import { demoEntities } from '../__fixtures__/catalog';
import { FOCUS_SAMPLE } from '../__fixtures__/csv';
import { sampleCostConfig } from '../__fixtures__/sampleConfig';
import { costPlugin } from '../plugin';
import { startChildBackend } from './__testUtils__/startChildBackend';

const TIMEOUT_MS = 120_000;
jest.setTimeout(TIMEOUT_MS);

const databases = createStoreTestDatabases();
const postgres = postgresTestDatabaseId(databases);

/** The scheduler's table: a killed replica's claim on a task stays in it. */
const TASKS_TABLE = 'backstage_backend_tasks__tasks';

/** Everything an ingest writes: a half-done replacement shows here. */
async function stored(knex: Knex) {
  const result: Record<string, number> = {};
  for (const table of [
    'cost_daily',
    'cost_monthly',
    'cost_unattributed',
    'cost_resource_monthly',
  ]) {
    const [row] = await knex(table).count({ rows: '*' }).sum({
      cost: 'effective_cost',
    });
    result[`${table} rows`] = Number(row.rows);
    result[`${table} cost`] = Math.round(Number(row.cost) * 1e6) / 1e6;
  }
  return result;
}

const statusOf = async (baseUrl: Parameters<typeof request>[0]) =>
  (await request(baseUrl).get('/api/cost/ingest/status')).body.items[0] as
    | IngestStatus
    | undefined;

/** Triggers the ingest and waits until it has finished. */
async function ingest(baseUrl: Parameters<typeof request>[0]) {
  const previous = await statusOf(baseUrl);
  const triggered = await request(baseUrl).post('/api/cost/ingest');
  expect(triggered.status).toBe(202);
  return waitFor('the triggered ingest finishes', async () => {
    const status = await statusOf(baseUrl);
    return status?.status !== 'running' &&
      status?.startedAt !== previous?.startedAt
      ? status
      : undefined;
  });
}

/**
 * A replica killed outright (a crash, an OOM kill, a node lost), not stopped:
 * no abort signal, no shutdown hook, its transaction cut with its connection.
 */
(postgres ? describe : describe.skip)(
  'a cost replica killed mid-ingest',
  () => {
    const dir = createMockDirectory();

    const startReplica = (knex: Knex) =>
      startTestBackend({
        features: [
          costPlugin,
          schedulerServiceFactory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: sampleCostConfig(dir.resolve('focus.csv')),
          }),
          catalogServiceMock.factory({ entities: demoEntities }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: async () => {} }),
          }),
        ],
      });

    it('leaves the previous data intact, and the next ingest completes once the task times out', async () => {
      const knex = await databases.init(postgres!);
      dir.setContent({ 'focus.csv': readFileSync(FOCUS_SAMPLE, 'utf8') });
      const killed = await startChildBackend({
        source: { name: 'sample', path: dir.resolve('focus.csv') },
        postgres: knex.client.config.connection,
        timeoutMs: TIMEOUT_MS,
      });
      expect(await ingest(killed.baseUrl)).toMatchObject({
        status: 'succeeded',
      });
      const before = await stored(knex);
      expect(before['cost_daily rows']).toBeGreaterThan(0);

      // Held so that the replacement waits in its transaction, the earlier
      // tables' rows already deleted, until the replica is killed.
      const hold = await knex.transaction();
      await hold.raw(
        'LOCK TABLE cost_commitment_monthly IN ACCESS EXCLUSIVE MODE',
      );
      expect(
        (await request(killed.baseUrl).post('/api/cost/ingest')).status,
      ).toBe(202);
      await waitFor('the replacement waits on the held table', async () => {
        const { rows } = await knex.raw(
          "SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        return Number(rows[0].waiting) > 0;
      });
      await killed.kill();
      await hold.rollback();
      // PostgreSQL rolls back the killed replica's transaction once its
      // connection is gone.
      await waitFor('the killed replica has no open transaction', async () => {
        const { rows } = await knex.raw(
          "SELECT count(*) AS open FROM pg_stat_activity WHERE datname = current_database() AND (state LIKE 'idle in transaction%' OR wait_event_type = 'Lock')",
        );
        return Number(rows[0].open) === 0;
      });
      expect(await stored(knex)).toEqual(before);

      // The scheduler's claim outlives the replica until the task's timeout
      // (1 h): meanwhile the ingest cannot run anywhere.
      const other = await startReplica(knex);
      expect(await statusOf(other.server)).toMatchObject({ status: 'running' });
      const busy = await request(other.server).post('/api/cost/ingest');
      expect(busy.status).toBe(409);
      expect(busy.body.error.message).toMatch(/currently running/);
      await other.stop();

      // Once it has timed out, the scheduler's janitor on any replica (at
      // start-up, then every minute) frees the task, and the next ingest
      // completes.
      await knex(TASKS_TABLE)
        .where({ id: 'cost-ingest' })
        .update({
          current_run_expires_at: knex.raw("now() - interval '1 second'"),
        });
      const next = await startChildBackend({
        source: { name: 'sample', path: dir.resolve('focus.csv') },
        postgres: knex.client.config.connection,
        timeoutMs: TIMEOUT_MS,
      });
      await waitFor('the janitor frees the task', async () => {
        const [task] = await knex(TASKS_TABLE).where({ id: 'cost-ingest' });
        return task.current_run_ticket === null;
      });
      expect(await ingest(next.baseUrl)).toMatchObject({
        status: 'succeeded',
      });
      expect(await stored(knex)).toEqual(before);
      await next.report();
    });
  },
);

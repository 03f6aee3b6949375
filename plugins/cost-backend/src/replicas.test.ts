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
} from '@groundwork/test-utils';
import { createWriteStream, readFileSync } from 'fs';
import { Knex } from 'knex';
import { pipeline } from 'stream/promises';
import request from 'supertest';
import { demoEntities } from './__fixtures__/catalog';
import { FOCUS_SAMPLE, parseCsv } from './__fixtures__/csv';
import { repeatedSample } from './__fixtures__/repeatedSample';
import { sampleCostConfig } from './__fixtures__/sampleConfig';
import { costPlugin } from './plugin';

jest.setTimeout(120_000);

const databases = createStoreTestDatabases();
const postgres = postgresTestDatabaseId(databases);

type Replica = Awaited<ReturnType<typeof startTestBackend>>;

/**
 * Several backends on one PostgreSQL database with the real scheduler, as in
 * production; SQLite in memory cannot be shared by two backends.
 */
(postgres ? describe : describe.skip)(
  'two cost backends on one database',
  () => {
    const dir = createMockDirectory();
    const file = () => dir.resolve('focus.csv');

    function startReplica(knex: Knex) {
      return startTestBackend({
        features: [
          costPlugin,
          schedulerServiceFactory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({ data: sampleCostConfig(file()) }),
          catalogServiceMock.factory({ entities: demoEntities }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: async () => {} }),
          }),
        ],
      });
    }

    const statusOf = async (replica: Replica) => {
      const response = await request(replica.server).get(
        '/api/cost/ingest/status',
      );
      return response.body.items[0] as IngestStatus | undefined;
    };

    /** Polls until the ingest status passes `done` (the scheduler polls every few seconds). */
    async function waitForStatus(
      replica: Replica,
      done: (status: IngestStatus) => boolean,
    ) {
      for (let i = 0; i < 300; i++) {
        const status = await statusOf(replica);
        if (status && done(status)) return status;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      throw new Error(
        `ingest status never matched: ${await statusOf(replica)}`,
      );
    }

    const finishedAfter = (previous?: IngestStatus) => (status: IngestStatus) =>
      status.status !== 'running' && status.startedAt !== previous?.startedAt;

    /** Triggers the ingest, retrying while the task is still held (409). */
    async function ingest(replica: Replica) {
      const previous = await statusOf(replica);
      for (let i = 0; i < 100; i++) {
        const response = await request(replica.server).post('/api/cost/ingest');
        if (response.status === 202) {
          return waitForStatus(replica, finishedAfter(previous));
        }
        expect(response.status).toBe(409);
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      throw new Error('the ingest task stayed busy');
    }

    /** What every stored table sums to: any double count shows here. */
    async function totals(knex: Knex) {
      const sumOf = async (table: string, where: object = {}) =>
        Number(
          (await knex(table).where(where).sum({ sum: 'effective_cost' }))[0]
            .sum,
        );
      return {
        daily: await sumOf('cost_daily'),
        dailyRows: Number(
          (await knex('cost_daily').count({ count: '*' }))[0].count,
        ),
        monthly: await sumOf('cost_monthly'),
        unattributed: await sumOf('cost_unattributed', {
          dimension: 'account',
        }),
        resources: await sumOf('cost_resource_monthly'),
      };
    }

    const sampleRows = parseCsv(FOCUS_SAMPLE).length;

    it('ingests once when both replicas ask at the same time', async () => {
      const knex = await databases.init(postgres!);
      dir.setContent({ 'focus.csv': readFileSync(FOCUS_SAMPLE, 'utf8') });
      const a = await startReplica(knex);
      const b = await startReplica(knex);
      const first = await ingest(a);
      expect(first).toMatchObject({
        status: 'succeeded',
        rowsRead: sampleRows,
      });
      const single = await totals(knex);
      expect(single.daily).toBeGreaterThan(0);

      for (let round = 0; round < 2; round++) {
        const previous = await statusOf(a);
        const responses = await Promise.all(
          [a, b, a, b].map(r => request(r.server).post('/api/cost/ingest')),
        );
        // Each either starts the task or finds it already running.
        expect(responses.map(r => r.status)).toContain(202);
        responses.forEach(r => expect([202, 409]).toContain(r.status));
        expect(await waitForStatus(b, finishedAfter(previous))).toMatchObject({
          status: 'succeeded',
        });
        const after = await totals(knex);
        expect(after.dailyRows).toBe(single.dailyRows);
        for (const key of ['daily', 'monthly', 'unattributed', 'resources']) {
          expect(after[key as keyof typeof after]).toBeCloseTo(
            single[key as keyof typeof single],
            6,
          );
        }
      }
      await Promise.all([a.stop(), b.stop()]);
    });

    it('keeps the earlier data when a replica stops mid-ingest, and the next ingest completes', async () => {
      const knex = await databases.init(postgres!);
      dir.setContent({ 'focus.csv': readFileSync(FOCUS_SAMPLE, 'utf8') });
      const a = await startReplica(knex);
      await ingest(a);
      const before = await totals(knex);

      // A file large enough that its ingest is still reading when A stops.
      const copies = 150;
      await pipeline(repeatedSample(copies), createWriteStream(file()));
      const previous = await statusOf(a);
      expect((await request(a.server).post('/api/cost/ingest')).status).toBe(
        202,
      );
      await waitForStatus(
        a,
        status =>
          status.status === 'running' &&
          status.startedAt !== previous?.startedAt,
      );
      // B starts once A has claimed the task, so A is the one that stops.
      const b = await startReplica(knex);
      await a.stop();
      const stopped = await waitForStatus(b, finishedAfter(previous));
      expect(stopped.status).toBe('failed');
      expect(stopped.errors).toEqual([expect.stringMatching(/stopped/)]);
      expect(await totals(knex)).toEqual(before);

      expect(await ingest(b)).toMatchObject({
        status: 'succeeded',
        rowsRead: copies * sampleRows,
      });
      const after = await totals(knex);
      expect(after.daily).toBeCloseTo(copies * before.daily, 4);
      expect(after.dailyRows).toBe(before.dailyRows);
      await b.stop();
    });
  },
);

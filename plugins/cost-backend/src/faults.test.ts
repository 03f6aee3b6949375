import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { OpenCostEmulator, startEmulator } from '@groundwork/opencost-emulator';
import {
  createStoreTestDatabases,
  postgresTestDatabaseId,
  terminateConnectionsWhileWaitingOn,
  waitFor,
} from '@groundwork/test-utils';
import { readFileSync } from 'fs';
import { Knex } from 'knex';
import request from 'supertest';
import { demoEntities } from './__fixtures__/catalog';
import { FOCUS_SAMPLE } from './__fixtures__/csv';
import { sampleCostConfig } from './__fixtures__/sampleConfig';
import { annotatedEntities } from './opencost/__fixtures__/entities';
import { costPlugin } from './plugin';

jest.setTimeout(90_000);

const databases = createStoreTestDatabases();
const postgres = postgresTestDatabaseId(databases);

const notifications = createServiceFactory({
  service: notificationService,
  deps: {},
  factory: () => ({ send: async () => {} }),
});

/** A catalog the test takes down, or makes answer with fewer entities. */
function faultyCatalog() {
  const full = catalogServiceMock({ entities: demoEntities });
  const state: { serving: CatalogService | 'down' } = { serving: full };
  const catalog = new Proxy(full, {
    get: (target, key: keyof CatalogService) => {
      if (typeof target[key] !== 'function') return target[key];
      return (...args: any[]) => {
        if (state.serving === 'down') {
          throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
        }
        return (state.serving[key] as Function).apply(state.serving, args);
      };
    },
  });
  return {
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalog,
    }),
    down() {
      state.serving = 'down';
    },
    only(entities: Entity[]) {
      state.serving = catalogServiceMock({ entities });
    },
    restore() {
      state.serving = full;
    },
  };
}

/** The same stored data, sums compared to the float rounding of their order. */
function expectSameData(
  actual: Awaited<ReturnType<typeof stored>>,
  expected: Awaited<ReturnType<typeof stored>>,
) {
  expect(actual).toEqual({
    ...expected,
    daily: expect.closeTo(expected.daily, 6),
    unattributed: expect.closeTo(expected.unattributed, 6),
  });
}

/** Everything an ingest writes: any loss or re-attribution shows here. */
async function stored(knex: Knex) {
  const sumOf = async (table: string, where: object = {}) =>
    Number(
      (await knex(table).where(where).sum({ sum: 'effective_cost' }))[0].sum,
    );
  const countOf = async (table: string) =>
    Number((await knex(table).count({ count: '*' }))[0].count);
  return {
    daily: await sumOf('cost_daily'),
    dailyRows: await countOf('cost_daily'),
    unattributed: await sumOf('cost_unattributed', { dimension: 'account' }),
    hierarchy: await countOf('cost_entity_closure'),
  };
}

describe('cost backend faults', () => {
  const dir = createMockDirectory();

  function startBackend(
    knex: Knex,
    catalog: ReturnType<typeof faultyCatalog>,
    attribution: object = {},
  ) {
    dir.setContent({ 'focus.csv': readFileSync(FOCUS_SAMPLE, 'utf8') });
    const config = sampleCostConfig(dir.resolve('focus.csv'));
    Object.assign(config.cost.attribution, attribution);
    return startTestBackend({
      features: [
        costPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: config }),
        catalog.factory,
        notifications,
      ],
    });
  }

  /** Triggers the scheduled ingest (the test scheduler runs it in the request) and gives its status. */
  async function ingest(server: any) {
    const response = await request(server).post('/api/cost/ingest');
    expect(response.status).toBe(202);
    return response.body.items[0];
  }

  describe.each(databases.eachSupportedId())(
    'the catalog failing during a scheduled ingest on %p',
    (databaseId: TestDatabaseId) => {
      it('refuses the ingest when the catalog is unavailable, keeping the data', async () => {
        const knex = await databases.init(databaseId);
        const catalog = faultyCatalog();
        const { server } = await startBackend(knex, catalog);
        expect(await ingest(server)).toMatchObject({ status: 'succeeded' });
        const before = await stored(knex);
        expect(before.hierarchy).toBeGreaterThan(0);

        catalog.down();
        expect(await ingest(server)).toMatchObject({
          status: 'failed',
          errors: [
            expect.stringMatching(
              /^Cost ingest refused, every source keeps its earlier data: the catalog could not be read \(.*ECONNREFUSED/,
            ),
          ],
        });
        expectSameData(await stored(knex), before);

        catalog.restore();
        expect(await ingest(server)).toMatchObject({ status: 'succeeded' });
        expectSameData(await stored(knex), before);
      });

      it('refuses an ingest whose catalog read shrank by more than cost.attribution.maxCatalogShrink', async () => {
        const knex = await databases.init(databaseId);
        const catalog = faultyCatalog();
        const { server } = await startBackend(knex, catalog);
        expect(await ingest(server)).toMatchObject({ status: 'succeeded' });
        const before = await stored(knex);

        // A catalog restarting answers with nothing, or a location failed to read.
        for (const entities of [[], demoEntities.slice(0, 5)]) {
          catalog.only(entities);
          const status = await ingest(server);
          expect(status.status).toBe('failed');
          expect(status.errors).toEqual([
            expect.stringMatching(
              /^Cost ingest refused, every source keeps its earlier data: the catalog returned \d+ entities in the cost hierarchy where the last ingest read \d+, more than 50% fewer \(cost\.attribution\.maxCatalogShrink\)/,
            ),
          ]);
          expectSameData(await stored(knex), before);
        }

        // Within the share, or when told the catalog really shrank, it ingests.
        const kept = demoEntities.filter(e => e.metadata.name !== 'LipaData');
        catalog.only(kept);
        expect(await ingest(server)).toMatchObject({ status: 'succeeded' });
        catalog.only([]);
        const told = await startBackend(knex, catalog, {
          maxCatalogShrink: 1,
        });
        expect(await ingest(told.server)).toMatchObject({
          status: 'succeeded',
        });
        const after = await stored(knex);
        expect(after.hierarchy).toBe(0);
        expect(after.unattributed).toBeCloseTo(after.daily, 6);
      });
    },
  );

  (postgres ? describe : describe.skip)(
    'PostgreSQL restarting during a request',
    () => {
      it('answers 503 to try again, answers the next request and loses no data', async () => {
        const knex = await databases.init(postgres!);
        const { server } = await startBackend(knex, faultyCatalog());
        expect(await ingest(server)).toMatchObject({ status: 'succeeded' });
        const before = await stored(knex);
        const overview = () =>
          request(server).get('/api/cost/series').query({
            entityRef: 'group:default/acme',
            from: '2024-09-01',
            to: '2024-09-30',
          });
        const answer = await overview();
        expect(answer.status).toBe(200);

        const failed = await terminateConnectionsWhileWaitingOn(
          knex,
          'cost_daily',
          overview,
        );
        expect(failed.status).toBe(503);
        expect(failed.body.error).toEqual({
          name: 'ServiceUnavailableError',
          message:
            'The cost backend lost its database connection; try again in a moment',
        });

        // As told, a moment later: the pool may still hand out a dead connection or two.
        const again = await waitFor('the backend answers again', async () => {
          const res = await overview();
          return res.status === 200 && res;
        });
        expect(again.body).toEqual(answer.body);
        expectSameData(await stored(knex), before);
      });

      it('fails an ingest cut off mid-write, keeping the previous data; the next ingest completes', async () => {
        const knex = await databases.init(postgres!);
        const { server } = await startBackend(knex, faultyCatalog());
        expect(await ingest(server)).toMatchObject({ status: 'succeeded' });
        const before = await stored(knex);

        const cut = await terminateConnectionsWhileWaitingOn(
          knex,
          'cost_daily',
          () => request(server).post('/api/cost/ingest'),
        );
        expect(cut.status).toBe(202);
        expect(cut.body.items[0]).toMatchObject({
          status: 'failed',
          errors: [
            expect.stringMatching(
              /^sample \(.*\): the database connection was lost mid-ingest \(.*\); earlier data kept, the next ingest retries$/,
            ),
          ],
        });
        expectSameData(await stored(knex), before);

        expect(await ingest(server)).toMatchObject({ status: 'succeeded' });
        expectSameData(await stored(knex), before);
      });
    },
  );

  describe('OpenCost faults', () => {
    let emulator: OpenCostEmulator;
    beforeAll(async () => {
      emulator = await startEmulator();
    });
    afterAll(() => emulator.stop());
    afterEach(() => emulator.setFault(undefined));

    const TIMEOUT_MS = 500;
    const start = (baseUrl: string) =>
      startTestBackend({
        features: [
          costPlugin,
          mockServices.rootConfig.factory({
            data: {
              cost: {
                // The sample's attribution, which trusts the test catalog.
                ...sampleCostConfig(dir.resolve('focus.csv')).cost,
                opencost: {
                  baseUrl,
                  timeoutMs: TIMEOUT_MS,
                  cacheTtlSeconds: 0,
                },
              },
            },
          }),
          catalogServiceMock.factory({ entities: annotatedEntities }),
          notifications,
        ],
      });
    const views = (server: any) => [
      () => request(server).get('/api/cost/efficiency/organisation'),
      () =>
        request(server)
          .get('/api/cost/efficiency')
          .query({ entityRef: 'component:default/BrightPathMatrix' }),
    ];

    it.each([
      [
        'slow',
        { delayMs: 30_000, times: 1 },
        `did not answer within ${TIMEOUT_MS} ms`,
      ],
      ['failing with 500', { status: 500, times: 1 }, 'failed (HTTP 500)'],
      ['failing with 503', { status: 503, times: 1 }, 'failed (HTTP 503)'],
      [
        'answering malformed JSON',
        { status: 200, body: '{"code":200,"data":[{"brightpath":', times: 1 },
        'sent an answer that is not an OpenCost allocation response',
      ],
    ])(
      'answers 503 naming the server when OpenCost is %s, then recovers',
      async (_name, fault, reason) => {
        const { server } = await start(emulator.url);
        for (const view of views(server)) {
          emulator.setFault(fault);
          const failed = await view();
          expect(failed.status).toBe(503);
          expect(failed.body.error.message).toContain(
            `the OpenCost server at ${emulator.url} ${reason}`,
          );
          expect((await view()).status).toBe(200);
        }
      },
    );

    it('answers 503 naming the server when OpenCost is unreachable', async () => {
      const gone = await startEmulator();
      await gone.stop();
      const { server } = await start(gone.url);
      for (const view of views(server)) {
        const failed = await view();
        expect(failed.status).toBe(503);
        expect(failed.body.error.message).toContain(
          `the OpenCost server at ${gone.url} is unreachable (ECONNREFUSED)`,
        );
      }
    });
  });
});

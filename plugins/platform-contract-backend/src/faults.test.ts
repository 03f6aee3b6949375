import {
  BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  createStoreTestDatabases,
  postgresTestDatabaseId,
  terminateConnectionsWhileWaitingOn,
  waitFor,
} from '@groundwork/test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { platformContractPlugin } from './plugin';
import { testEntities, TEST_CONTRACT_YAML } from './__testUtils__/fixtures';

jest.setTimeout(90_000);

const databases = createStoreTestDatabases();
const postgres = postgresTestDatabaseId(databases);
const TASK = 'platform-contract-evaluate';

/** The test catalog, until the test takes it down. */
function faultyCatalog() {
  const catalog = catalogServiceMock({ entities: testEntities });
  const state = { down: false };
  const proxy = new Proxy(catalog, {
    get: (target, key: keyof CatalogService) => {
      if (typeof target[key] !== 'function') return target[key];
      return (...args: any[]) => {
        if (state.down) throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
        return (target[key] as Function).apply(target, args);
      };
    },
  });
  return { proxy, state };
}

const dir = createMockDirectory({
  content: { 'contract.yaml': TEST_CONTRACT_YAML },
});

/** The contract plugin on `knex` with the test contract, `catalog` and `extra` features. */
function startBackend(
  knex: Knex,
  catalog: CatalogService,
  ...extra: BackendFeature[]
) {
  return startTestBackend({
    features: [
      platformContractPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          platformContract: {
            contracts: [dir.resolve('contract.yaml')],
            catalogChanges: { reevaluate: false },
            evaluation: { workerThread: false },
          },
        },
      }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
      ...extra,
    ],
  });
}

describe.each(databases.eachSupportedId())(
  'platform contract faults on %p',
  (databaseId: TestDatabaseId) => {
    it('fails a scheduled full evaluation while the catalog is unavailable, keeping every result', async () => {
      const knex = await databases.init(databaseId);
      const catalog = faultyCatalog();
      const { server } = await startBackend(
        knex,
        catalog.proxy,
        schedulerServiceFactory,
      );
      const taskRow = () =>
        knex('backstage_backend_tasks__tasks')
          .where('id', 'like', `%${TASK}`)
          .first();
      /** Triggers the scheduled full run and waits for it to end; gives its task row. */
      async function fullRun() {
        const before = String((await taskRow())?.last_run_ended_at);
        const response = await request(server)
          .post('/api/platform-contract/evaluate')
          .set('Authorization', mockCredentials.user.header());
        expect(response.status).toBe(202);
        return waitFor('the full run ended', async () => {
          const row = await taskRow();
          return !row?.current_run_ticket &&
            String(row?.last_run_ended_at) !== before
            ? row
            : undefined;
        });
      }
      const stored = async (db: Knex) => ({
        facts: await db('pc_facts').orderBy(['entity_ref', 'provider']),
        results: await db('pc_results').orderBy(['contract', 'entity_ref']),
        rollups: await db('pc_rollups').orderBy(['type', 'ref']),
      });

      expect((await fullRun()).last_run_error_json).toBeFalsy();
      const before = await stored(knex);
      expect(before.results.length).toBeGreaterThan(0);

      catalog.state.down = true;
      const failed = await fullRun();
      expect(JSON.parse(failed.last_run_error_json).message).toContain(
        'ECONNREFUSED',
      );
      expect(await stored(knex)).toEqual(before);

      catalog.state.down = false;
      expect((await fullRun()).last_run_error_json).toBeFalsy();
      expect((await stored(knex)).results.length).toBe(before.results.length);
    });
  },
);

(postgres ? describe : describe.skip)(
  'PostgreSQL restarting during a request',
  () => {
    it('answers 503 to try again, then answers the next request', async () => {
      const knex = await databases.init(postgres!);
      const { server } = await startBackend(
        knex,
        catalogServiceMock({ entities: testEntities }),
      );
      const waivers = () =>
        request(server)
          .get('/api/platform-contract/waivers')
          .set('Authorization', mockCredentials.user.header());
      expect((await waivers()).status).toBe(200);

      const failed = await terminateConnectionsWhileWaitingOn(
        knex,
        'pc_waivers',
        waivers,
      );
      expect(failed.status).toBe(503);
      expect(failed.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message:
          'The platform contract backend lost its database connection; try again in a moment',
      });
      // As told, a moment later: the pool may still hand out a dead connection or two.
      const again = await waitFor('the backend answers again', async () => {
        const res = await waivers();
        return res.status === 200 && res;
      });
      expect(again.body).toEqual({ items: [] });
    });
  },
);

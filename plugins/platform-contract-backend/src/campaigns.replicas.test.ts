import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  createStoreTestDatabases,
  postgresTestDatabaseId,
  waitFor,
} from '@groundwork/test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { platformContractPlugin } from './plugin';
import { testEntities, TEST_CONTRACT_YAML } from './__testUtils__/fixtures';

jest.setTimeout(90_000);

const databases = createStoreTestDatabases();
const postgres = postgresTestDatabaseId(databases);

/** The campaign the new YAML adds; the old YAML (before a deploy) lacks it. */
const NEW_CAMPAIGN = 'on-call-everywhere';
const OLD_CONTRACT_YAML = TEST_CONTRACT_YAML.replace(
  / {4}- id: on-call-everywhere\n( {6}.*\n)+?(?= {4}- id:)/,
  '',
);

/**
 * Campaign sync at start-up with several backends on one PostgreSQL
 * database, as in production (a rolling deploy); SQLite in memory cannot be
 * shared by two backends.
 */
(postgres ? describe : describe.skip)(
  'platform-contract campaigns across replicas starting',
  () => {
    const dir = createMockDirectory({
      content: {
        'new.yaml': TEST_CONTRACT_YAML,
        'old.yaml': OLD_CONTRACT_YAML,
      },
    });

    function startReplica(knex: Knex, contract: 'new.yaml' | 'old.yaml') {
      return startTestBackend({
        features: [
          platformContractPlugin,
          schedulerServiceFactory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              platformContract: {
                contracts: [dir.resolve(contract)],
                catalogChanges: { reevaluate: false },
                evaluation: { workerThread: false },
              },
            },
          }),
          catalogServiceMock.factory({ entities: testEntities }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: async () => {} }),
          }),
        ],
      });
    }

    const listed = async (replica: { server: any }) => {
      const response = await request(replica.server)
        .get('/api/platform-contract/campaigns')
        .set('Authorization', mockCredentials.user.header());
      expect(response.status).toBe(200);
      return response.body.items.map((c: { id: string }) => c.id).sort();
    };

    it('starts two replicas at once with a new campaign', async () => {
      expect(OLD_CONTRACT_YAML).not.toContain(NEW_CAMPAIGN);
      const knex = await databases.init(postgres!);
      // Migrated first: this is about the campaign sync, not knex's migration lock.
      await (await startReplica(knex, 'old.yaml')).stop();

      // Both replicas reach the sync before either writes: the campaign
      // table is held until both wait on a lock.
      const hold = await knex.transaction();
      await hold.raw('LOCK TABLE pc_campaigns IN ACCESS EXCLUSIVE MODE');
      const starting = Promise.all([
        startReplica(knex, 'new.yaml'),
        startReplica(knex, 'new.yaml'),
      ]);
      await waitFor('both replicas wait to sync their campaigns', async () => {
        const { rows } = await knex.raw(
          "SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        return Number(rows[0].waiting) >= 2;
      });
      await hold.commit();
      const replicas = await starting;
      for (const replica of replicas) {
        expect(await listed(replica)).toEqual([
          'ground-rules-2026',
          NEW_CAMPAIGN,
        ]);
      }
      await Promise.all(replicas.map(r => r.stop()));
    });

    it('keeps new campaigns and their reminder claims when an old replica starts during a deploy', async () => {
      const knex = await databases.init(postgres!);
      const updated = await startReplica(knex, 'new.yaml');
      const declaration = () =>
        knex('pc_campaigns')
          .where({ id: NEW_CAMPAIGN })
          .first('title', 'deadline', 'created_at', 'retired_at');
      const created = await declaration();
      // A reminder went out and progress was computed before the old replica started.
      const claim = {
        campaign_id: NEW_CAMPAIGN,
        reminder: 'days-before:14',
        sent_at: '2099-03-17T06:00:00.000Z',
      };
      await knex('pc_campaign_reminders').insert(claim);
      const progress = {
        campaign_id: NEW_CAMPAIGN,
        entity_ref: 'component:default/svc-a',
        owner: 'group:default/tarakansre',
        state: 'open',
        done_at: null,
      };
      await knex('pc_campaign_entity_progress').insert(progress);

      const old = await startReplica(knex, 'old.yaml');
      // Retired, not deleted: hidden until a replica declares it again.
      expect(await listed(old)).toEqual(['ground-rules-2026']);
      expect(await knex('pc_campaign_reminders')).toEqual([claim]);
      expect(await knex('pc_campaign_entity_progress')).toEqual([progress]);

      // The deploy goes on: the next new replica restores it as it was.
      const next = await startReplica(knex, 'new.yaml');
      for (const replica of [updated, old, next]) {
        expect(await listed(replica)).toEqual([
          'ground-rules-2026',
          NEW_CAMPAIGN,
        ]);
      }
      expect(await declaration()).toEqual(created);
      expect(await knex('pc_campaign_reminders')).toEqual([claim]);
      expect(await knex('pc_campaign_entity_progress')).toEqual([progress]);
      await Promise.all([updated, old, next].map(r => r.stop()));
    });
  },
);

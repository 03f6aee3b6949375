import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createStoreTestDatabases } from '@groundwork/test-utils';

const databases = createStoreTestDatabases();
const directory = resolvePackagePath(
  '@groundwork/plugin-platform-contract-backend',
  'migrations',
);

describe('migrations', () => {
  it.each(databases.eachSupportedId())(
    'store waivers of contracts owned by `group:platform-team` under the full ref, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({ directory, name: '20261124070000_init.js' });
      const waiver = (id: string, owner: string) => ({
        id,
        contract: 'services',
        entity_ref: 'component:default/svc',
        rule_id: 'on-call',
        reason: 'r',
        conditions: '',
        expires_at: '2030-01-01T00:00:00.000Z',
        status: 'requested',
        contract_owner: owner,
        requested_by: 'user:default/ana',
        requested_at: '2029-12-01T00:00:00.000Z',
      });
      await knex('pc_waivers').insert([
        waiver('a', 'group:platform-team'),
        waiver('b', 'platform-team'),
        waiver('c', 'group:ops/sre'),
      ]);
      await knex.migrate.latest({ directory });
      const owners = await knex('pc_waivers')
        .orderBy('id')
        .pluck('contract_owner');
      expect(owners).toEqual([
        'group:default/platform-team',
        'group:default/platform-team',
        'group:ops/sre',
      ]);
      await knex.migrate.rollback({ directory }, true);
    },
  );

  it.each(databases.eachSupportedId())(
    'keep results when adding and removing where they were evaluated, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const name = '20261208090000_rollup_placements.js';
      await knex.migrate.latest({ directory });
      await knex.migrate.down({ directory, name });
      await knex('pc_results').insert({
        contract: 'services',
        entity_ref: 'component:default/svc',
        score: 50,
        level: null,
        ground_rules_met: false,
        results: '{"c":{},"s":[]}',
        evaluated_at: '2029-12-01T00:00:00.000Z',
      });
      await knex.migrate.up({ directory, name });
      expect(await knex('pc_results').pluck('placement')).toEqual([null]);
      await knex('pc_organization').insert({
        ref: 'group:default/a',
        parent: 'group:default/b',
      });
      await knex.migrate.down({ directory, name });
      expect(await knex('pc_results').pluck('entity_ref')).toEqual([
        'component:default/svc',
      ]);
      expect(await knex.schema.hasTable('pc_organization')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'move pushed facts to a row each and back, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const name = '20261209100000_pushed_facts.js';
      await knex.migrate.latest({ directory });
      await knex.migrate.down({ directory, name });
      const collected = {
        entity_ref: 'component:default/svc',
        provider: 'catalog',
        facts: '{"v":{"catalog.owner":"group:default/a"}}',
        stale: false,
        updated_at: '2029-12-01T00:00:00.000Z',
      };
      await knex('pc_facts').insert([
        collected,
        {
          entity_ref: 'component:default/svc',
          provider: 'push',
          facts: JSON.stringify({
            x: {
              'build.ok': {
                value: true,
                observedAt: '2029-12-01T01:00:00.000Z',
                source: 'push:external:ci',
              },
            },
          }),
          stale: false,
          updated_at: '2029-12-01T02:00:00.000Z',
        },
      ]);
      await knex.migrate.up({ directory, name });
      expect(await knex('pc_facts').pluck('provider')).toEqual(['catalog']);
      expect(await knex('pc_pushed_facts')).toEqual([
        {
          entity_ref: 'component:default/svc',
          name: 'build.ok',
          value: 'true',
          observed_at: '2029-12-01T01:00:00.000Z',
          source: 'push:external:ci',
          pushed_at: '2029-12-01T02:00:00.000Z',
        },
      ]);
      await knex.migrate.down({ directory, name });
      const pushRow = await knex('pc_facts')
        .where({ provider: 'push' })
        .first();
      expect(JSON.parse(pushRow.facts)).toEqual({
        x: {
          'build.ok': {
            value: true,
            observedAt: '2029-12-01T01:00:00.000Z',
            source: 'push:external:ci',
          },
        },
      });
      expect(pushRow.updated_at).toBe('2029-12-01T02:00:00.000Z');
      expect(await knex.schema.hasTable('pc_pushed_facts')).toBe(false);
    },
  );
});

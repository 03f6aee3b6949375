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
});

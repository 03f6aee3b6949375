import { mockServices } from '@backstage/backend-test-utils';
import { createStoreTestDatabases } from '@groundwork/test-utils';
import { Campaign } from '@groundwork/plugin-platform-contract-common';
import { KnexCampaignStore } from './KnexCampaignStore';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await KnexCampaignStore.create(mockServices.database({ knex }));
  return { knex, store };
}

const SYNCED_AT = '2026-12-15T09:00:00.000Z';

const campaign = (id: string, patch: Partial<Campaign> = {}): Campaign => ({
  id,
  title: `Campaign ${id}`,
  description: 'Do it',
  contract: 'svc',
  ruleId: 'slo',
  deadline: '2027-03-31',
  owner: 'group:default/platform-team',
  createdBy: 'user:default/alice',
  createdAt: '2026-11-24T07:00:00.000Z',
  source: 'api',
  ...patch,
});

describe('KnexCampaignStore', () => {
  it.each(databases.eachSupportedId())(
    'migrates down and up again on %p',
    async databaseId => {
      const { knex } = await createStore(databaseId);
      const dir = `${__dirname}/../../migrations`;
      await knex.migrate.down({
        directory: dir,
        name: '20261124100000_campaigns.js',
      });
      expect(await knex.schema.hasTable('pc_campaigns')).toBe(false);
      expect(await knex.schema.hasTable('pc_waivers')).toBe(true);
      await knex.migrate.latest({ directory: dir });
      expect(await knex.schema.hasTable('pc_campaign_reminders')).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'inserts API campaigns once and syncs contract campaigns on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const api = campaign('api-one', {
        level: 'gold',
        ruleId: undefined,
        appliesTo: { 'spec.type': 'service' },
      });
      expect(await store.insertCampaign(api)).toBe(true);
      expect(await store.insertCampaign({ ...api, title: 'again' })).toBe(
        false,
      );
      expect(await store.getCampaign('api-one')).toEqual(api);

      const declared = campaign('yaml-one', {
        source: 'contract',
        createdBy: 'platform-contract:svc',
      });
      expect(
        await store.syncContractCampaigns(
          [declared, campaign('api-one', { source: 'contract' })],
          SYNCED_AT,
        ),
      ).toEqual({ skipped: ['api-one'], retired: [] });
      expect((await store.getCampaign('api-one'))?.source).toBe('api');

      // A later sync updates the declared campaign but keeps createdAt.
      await store.syncContractCampaigns(
        [
          {
            ...declared,
            deadline: '2027-01-31',
            createdAt: '2026-12-01T00:00:00.000Z',
          },
        ],
        SYNCED_AT,
      );
      expect(await store.getCampaign('yaml-one')).toMatchObject({
        deadline: '2027-01-31',
        createdAt: declared.createdAt,
      });
      expect((await store.listCampaigns()).map(c => c.id)).toEqual([
        'yaml-one',
        'api-one',
      ]);

      // Removed from the YAML (or unknown to an older replica): retired,
      // keeping its progress and reminder claims.
      await store.replaceProgress(
        'yaml-one',
        [{ entityRef: 'component:default/a', owner: null, state: 'open' }],
        '2026-11-24T08:00:00.000Z',
      );
      expect(await store.claimReminder('yaml-one', 'late', SYNCED_AT)).toBe(
        true,
      );
      expect(await store.syncContractCampaigns([], SYNCED_AT)).toEqual({
        skipped: [],
        retired: ['yaml-one'],
      });
      expect(await store.getCampaign('yaml-one')).toBeUndefined();
      expect((await store.listCampaigns()).map(c => c.id)).toEqual(['api-one']);
      expect(await store.insertCampaign(campaign('yaml-one'))).toBe(false);
      expect(await store.getCampaign('api-one')).toBeDefined();

      // Declared again: restored with its progress; its reminder stays sent.
      expect(await store.syncContractCampaigns([declared], SYNCED_AT)).toEqual({
        skipped: [],
        retired: [],
      });
      expect(await store.getCampaign('yaml-one')).toMatchObject({
        deadline: declared.deadline,
        createdAt: declared.createdAt,
      });
      expect(await store.countProgress(['yaml-one'])).toEqual([
        { campaignId: 'yaml-one', owner: null, state: 'open', count: 1 },
      ]);
      expect(await store.claimReminder('yaml-one', 'late', SYNCED_AT)).toBe(
        false,
      );

      expect(await store.deleteCampaign('api-one')).toBe(true);
      expect(await store.deleteCampaign('api-one')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps when entities were first seen done, counts and pages progress on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.insertCampaign(campaign('c1'));
      await store.insertCampaign(campaign('c2'));
      const team = 'group:default/team-a';
      await store.replaceProgress(
        'c1',
        [
          { entityRef: 'component:default/a', owner: team, state: 'done' },
          { entityRef: 'component:default/b', owner: team, state: 'open' },
          { entityRef: 'component:default/c', owner: null, state: 'unknown' },
        ],
        '2026-11-24T08:00:00.000Z',
      );
      await store.replaceProgress(
        'c1',
        [
          { entityRef: 'component:default/a', owner: team, state: 'done' },
          { entityRef: 'component:default/b', owner: team, state: 'done' },
          { entityRef: 'component:default/c', owner: null, state: 'open' },
          { entityRef: 'component:default/d', owner: team, state: 'open' },
        ],
        '2026-11-25T08:00:00.000Z',
      );
      await store.replaceProgress(
        'c2',
        [{ entityRef: 'component:default/a', owner: team, state: 'open' }],
        '2026-11-25T08:00:00.000Z',
      );

      expect((await store.getCampaign('c1'))?.progressUpdatedAt).toBe(
        '2026-11-25T08:00:00.000Z',
      );
      const page1 = await store.listProgress('c1', { limit: 3, offset: 0 });
      expect(page1.total).toBe(4);
      // Not done first (unowned before owned), then done by entity.
      expect(page1.items).toEqual([
        { entityRef: 'component:default/c', owner: null, state: 'open' },
        { entityRef: 'component:default/d', owner: team, state: 'open' },
        {
          entityRef: 'component:default/a',
          owner: team,
          state: 'done',
          doneAt: '2026-11-24T08:00:00.000Z',
        },
      ]);
      expect(
        (await store.listProgress('c1', { limit: 3, offset: 3 })).items,
      ).toEqual([
        {
          entityRef: 'component:default/b',
          owner: team,
          state: 'done',
          doneAt: '2026-11-25T08:00:00.000Z',
        },
      ]);

      const counts = await store.countProgress(['c1']);
      expect(
        counts.sort((x, y) =>
          `${x.owner}${x.state}`.localeCompare(`${y.owner}${y.state}`),
        ),
      ).toEqual([
        { campaignId: 'c1', owner: team, state: 'done', count: 2 },
        { campaignId: 'c1', owner: team, state: 'open', count: 1 },
        { campaignId: 'c1', owner: null, state: 'open', count: 1 },
      ]);
      expect(await store.countProgress()).toHaveLength(4);

      // One entity re-evaluated: only its row changes, and it keeps its done time.
      await store.replaceProgress(
        'c1',
        [{ entityRef: 'component:default/a', owner: team, state: 'done' }],
        '2026-11-26T08:00:00.000Z',
        'component:default/a',
      );
      await store.replaceProgress(
        'c1',
        [],
        '2026-11-26T08:00:00.000Z',
        'component:default/d',
      );
      const after = await store.listProgress('c1', { limit: 10, offset: 0 });
      expect(after.items.map(i => [i.entityRef, i.state, i.doneAt])).toEqual([
        ['component:default/c', 'open', undefined],
        ['component:default/a', 'done', '2026-11-24T08:00:00.000Z'],
        ['component:default/b', 'done', '2026-11-25T08:00:00.000Z'],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'claims each reminder once on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.insertCampaign(campaign('c1'));
      const at = '2026-11-24T08:00:00.000Z';
      const claims = await Promise.all([
        store.claimReminder('c1', 'days-before:7', at),
        store.claimReminder('c1', 'days-before:7', at),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.claimReminder('c1', 'late', at)).toBe(true);
      expect(await store.claimReminder('c1', 'late', at)).toBe(false);
    },
  );
});

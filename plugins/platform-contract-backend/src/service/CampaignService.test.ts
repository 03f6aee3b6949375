import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createStoreTestDatabases } from '@groundwork/test-utils';
import { evaluatedTestCatalog } from '../__testUtils__/evaluatedTestCatalog';
import { KnexCampaignStore } from '../database/KnexCampaignStore';
import { CampaignService } from './CampaignService';

jest.setTimeout(60_000);
const databases = createStoreTestDatabases();

const NOW = new Date('2026-11-24T09:00:00.000Z');
const DAY = 86_400_000;
const alice = mockCredentials.user('user:default/alice');
const BPM = 'component:default/brightpathmatrix';
const PMD = 'component:default/prime-manager-drive';

async function setUp(
  databaseId: Parameters<typeof databases.init>[0],
  policy: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const knex = await databases.init(databaseId);
  const { store, registry, catalog } = await evaluatedTestCatalog(knex, NOW);
  const notifications = { send: jest.fn() };
  const campaigns = new CampaignService({
    store,
    campaigns: await KnexCampaignStore.create(mockServices.database({ knex })),
    registry,
    catalog,
    auth: mockServices.auth(),
    permissions: mockServices.permissions.mock({
      authorize: async () => [{ result: policy }],
    }),
    notifications: notifications as unknown as NotificationService,
    logger: mockServices.logger.mock(),
    reminderDays: [14, 7, 1],
  });
  await campaigns.syncFromContracts(NOW);
  await campaigns.refreshProgress(NOW);
  return { campaigns, notifications, store };
}

const page = { limit: 50, offset: 0 };

describe('CampaignService', () => {
  it.each(databases.eachSupportedId())(
    'computes progress per team from the stored results on %p',
    async databaseId => {
      const { campaigns } = await setUp(databaseId);
      const { items } = await campaigns.list(NOW);
      expect(items.map(c => [c.id, c.source, c.owner])).toEqual([
        ['ground-rules-2026', 'contract', 'group:default/engineering'],
        ['on-call-everywhere', 'contract', 'group:default/platform-team'],
      ]);

      // Before the deadline: BrightPathMatrix is on call, prime-manager-drive is pending.
      const onCall = await campaigns.get('on-call-everywhere', page, NOW);
      expect(onCall.progress).toMatchObject({
        total: 2,
        done: 1,
        pending: 1,
        late: 0,
        percentDone: 50,
        updatedAt: NOW.toISOString(),
      });
      expect(onCall.lateTeamCount).toBe(0);
      expect(onCall.entities.items).toEqual([
        {
          entityRef: PMD,
          owner: 'group:default/peoriadata',
          status: 'pending',
        },
        {
          entityRef: BPM,
          owner: 'group:default/tarakansre',
          status: 'done',
          doneAt: NOW.toISOString(),
        },
      ]);

      // After the deadline: prime-manager-drive (owner without members) is late.
      const ground = await campaigns.get('ground-rules-2026', page, NOW);
      expect(ground.teams).toEqual([
        expect.objectContaining({
          owner: 'group:default/peoriadata',
          late: 1,
          percentDone: 0,
        }),
        expect.objectContaining({
          owner: 'group:default/tarakansre',
          done: 1,
          percentDone: 100,
        }),
      ]);
      expect(ground.lateTeamCount).toBe(1);
      expect(
        (await campaigns.get('ground-rules-2026', { limit: 1, offset: 1 }, NOW))
          .entities,
      ).toMatchObject({ total: 2, items: [{ entityRef: BPM }] });
    },
  );

  it.each(databases.eachSupportedId())(
    "updates one entity's progress after it alone was re-evaluated, on %p",
    async databaseId => {
      const { campaigns, store } = await setUp(databaseId);
      const [row] = await store.readEntityResults(PMD);
      const onCallNow = {
        ...row,
        rules: row.rules.map(r =>
          r.ruleId === 'on-call' ? { ...r, status: 'pass' as const } : r,
        ),
      };
      const later = new Date(NOW.getTime() + DAY);
      await campaigns.refreshEntityProgress(PMD, [onCallNow], later);
      const onCall = await campaigns.get('on-call-everywhere', page, later);
      expect(onCall.progress).toMatchObject({ total: 2, done: 2, pending: 0 });
      expect(onCall.entities.items).toContainEqual({
        entityRef: PMD,
        owner: 'group:default/peoriadata',
        status: 'done',
        doneAt: later.toISOString(),
      });

      // An entity no longer evaluated against the contract leaves the campaign.
      await campaigns.refreshEntityProgress(PMD, [], later);
      expect(
        (await campaigns.get('on-call-everywhere', page, later)).progress,
      ).toMatchObject({ total: 1, done: 1 });
    },
  );

  it.each(databases.eachSupportedId())(
    'creates and deletes API campaigns, and validates them, on %p',
    async databaseId => {
      const { campaigns } = await setUp(databaseId);
      const input = {
        id: 'scan-by-spring',
        title: 'Scanned by spring',
        contract: 'test-services',
        ruleId: 'security-scan',
        deadline: '2027-03-31',
        owner: 'group:platform-team',
      };
      await expect(
        campaigns.create({ ...input, ruleId: 'nope' }, alice, NOW),
      ).rejects.toThrow(
        "ruleId: unknown rule 'nope' in contract 'test-services'",
      );
      await expect(
        campaigns.create(
          { ...input, ruleId: undefined, level: 'platinum' },
          alice,
          NOW,
        ),
      ).rejects.toThrow(/level: unknown level 'platinum'/);
      await expect(
        campaigns.create({ ...input, deadline: '2026-11-23' }, alice, NOW),
      ).rejects.toThrow('deadline: must be today or later');
      await expect(
        campaigns.create({ ...input, contract: 'nope' }, alice, NOW),
      ).rejects.toThrow(/contract: unknown/);

      const created = await campaigns.create(input, alice, NOW);
      expect(created).toMatchObject({
        source: 'api',
        owner: 'group:default/platform-team',
        createdBy: 'user:default/alice',
        // Progress is there at once: nobody pushed a scan result yet.
        progress: { total: 2, unknown: 2 },
      });
      await expect(campaigns.create(input, alice, NOW)).rejects.toMatchObject({
        name: 'ConflictError',
      });

      await expect(
        campaigns.delete('on-call-everywhere', alice),
      ).rejects.toThrow(/declared in the YAML of contract 'test-services'/);
      await campaigns.delete('scan-by-spring', alice);
      await expect(
        campaigns.get('scan-by-spring', page, NOW),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    },
  );

  it.each(databases.eachSupportedId())(
    'needs the campaign permission to create or delete on %p',
    async databaseId => {
      const { campaigns } = await setUp(databaseId, AuthorizeResult.DENY);
      await expect(
        campaigns.delete('on-call-everywhere', alice),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await expect(
        campaigns.create(
          {
            id: 'x',
            title: 'x',
            contract: 'test-services',
            level: 'bronze',
            deadline: '2027-01-01',
            owner: 'group:default/platform-team',
          },
          alice,
          NOW,
        ),
      ).rejects.toThrow('Permission platform-contract.campaign.manage denied');
    },
  );

  it.each(databases.eachSupportedId())(
    'reminds teams not done once per reminder day and once when late on %p',
    async databaseId => {
      const { campaigns, notifications } = await setUp(databaseId);
      await campaigns.create(
        {
          id: 'bronze-soon',
          title: 'Bronze soon',
          contract: 'test-services',
          level: 'bronze',
          deadline: '2026-11-29',
          owner: 'group:default/platform-team',
        },
        alice,
        NOW,
      );
      const sentFor = () =>
        notifications.send.mock.calls.map(([{ payload }]) => payload.title);

      // 5 days left: the 14- and 7-day reminders are due, only the 7-day one
      // is sent; the ground-rules campaign is past its deadline.
      expect(await campaigns.sendReminders(NOW)).toBe(2);
      expect(sentFor()).toEqual([
        'Campaign "Ground rules for all": the deadline has passed',
        'Campaign "Bronze soon": 5 days left',
      ]);
      expect(notifications.send.mock.calls[1][0]).toMatchObject({
        recipients: {
          type: 'entity',
          entityRef: ['group:default/peoriadata'],
        },
        payload: {
          link: '/platform-contract/campaigns/bronze-soon',
          scope: 'platform-contract-campaign:bronze-soon',
          severity: 'normal',
        },
      });
      // Everyone has been reminded: a second run (or replica) sends nothing.
      expect(await campaigns.sendReminders(NOW)).toBe(0);
      expect(
        await campaigns.sendReminders(new Date(NOW.getTime() + 2 * DAY)),
      ).toBe(0);

      expect(
        await campaigns.sendReminders(new Date(NOW.getTime() + 4 * DAY)),
      ).toBe(1);
      expect(sentFor()[2]).toBe('Campaign "Bronze soon": 1 day left');

      expect(
        await campaigns.sendReminders(new Date(NOW.getTime() + 6 * DAY)),
      ).toBe(1);
      expect(notifications.send.mock.calls[3][0].payload).toMatchObject({
        title: 'Campaign "Bronze soon": the deadline has passed',
        severity: 'high',
      });
      expect(
        await campaigns.sendReminders(new Date(NOW.getTime() + 7 * DAY)),
      ).toBe(0);
    },
  );
});

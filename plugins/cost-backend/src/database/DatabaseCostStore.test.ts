import { createStoreTestDatabases } from '@groundwork/test-utils';
import { resource, rollup } from '../__fixtures__/rollups';
import { CostScope } from './CostStore';
import { DatabaseCostStore } from './DatabaseCostStore';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();

describe('DatabaseCostStore', () => {
  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseCostStore.create({
      getClient: async () => knex,
    });
    return { knex, store };
  }

  const query = { currency: 'USD', from: '2026-11-01', to: '2026-11-30' };
  const total = async (store: DatabaseCostStore, scope: CostScope) =>
    (await store.dailyCost({ ...query, scope })).reduce(
      (sum: number, row: { cost: number }) => sum + row.cost,
      0,
    );

  it.each(databases.eachSupportedId())(
    'replaces billing periods without double counting, %p',
    async id => {
      const { store } = await createStore(id);
      const data = {
        source: 's',
        billingPeriods: ['2026-11-01'],
        rollups: [rollup({}), rollup({ entityRef: null, effectiveCost: 2 })],
        unattributed: [
          {
            billingPeriod: '2026-11-01',
            day: '2026-11-01',
            dimension: 'tag' as const,
            label: 'app=x',
            currency: 'USD',
            effectiveCost: 2,
          },
        ],
        resources: [
          resource('i-1', 5),
          resource('i-2', 7),
          { ...resource('i-1', 1), month: '2026-10' },
        ],
      };
      await store.replaceBillingPeriods(data);
      await store.replaceBillingPeriods(data);
      expect(
        await store.topResources({
          ...query,
          scope: { entityRef: 'component:default/a' },
          limit: 5,
        }),
      ).toEqual([
        {
          resourceId: 'i-2',
          resourceName: 'i-2 name',
          serviceName: 'EC2',
          cost: 7,
        },
        {
          resourceId: 'i-1',
          resourceName: 'i-1 name',
          serviceName: 'EC2',
          cost: 5,
        },
      ]);
      expect(await total(store, { all: true })).toBe(3);
      expect(await total(store, { unattributed: true })).toBe(2);
      expect(
        await store.unattributedDetails({
          ...query,
          dimension: 'tag',
          limit: 5,
        }),
      ).toEqual([{ label: 'app=x', cost: 2 }]);
      expect(
        await store.unattributedTagLabels(['APP=x', 'app=y', 'x=app']),
      ).toEqual(new Set(['app=x']));
      expect(await store.unattributedTagLabels([])).toEqual(new Set());
      // another source's data for the same period is kept
      await store.replaceBillingPeriods({
        ...data,
        source: 'other',
        unattributed: [],
        resources: [],
      });
      expect(await total(store, { all: true })).toBe(6);
      expect(await store.latestDay()).toBe('2026-11-01');
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps one copy when replacements of a source overlap, %p',
    async id => {
      const { store } = await createStore(id);
      // Enough rows that the transactions overlap.
      const rollups = Array.from({ length: 3000 }, (_, i) =>
        rollup({ entityRef: `component:default/c${i}` }),
      );
      const replace = () =>
        store.replaceBillingPeriods({
          source: 's',
          billingPeriods: ['2026-11-01'],
          rollups,
          unattributed: [],
          resources: [],
        });
      await Promise.all([replace(), replace(), replace()]);
      expect(await total(store, { all: true })).toBe(3000);
      await expect(
        store.replaceBillingPeriods({
          source: 's',
          billingPeriods: ['2026-11-01'],
          rollups: [rollup({ entityRef: null }), rollup({ entityRef: null })],
          unattributed: [],
          resources: [],
        }),
      ).rejects.toMatchObject({ message: expect.stringMatching(/unique/i) });
      expect(await total(store, { all: true })).toBe(3000);
    },
  );

  it.each(databases.eachSupportedId())(
    'stores the longest tag labels, service names and currencies, %p',
    async id => {
      const { store } = await createStore(id);
      // AWS allows tag keys of 128 characters and values of 256.
      const label = `${'k'.repeat(128)}=${'v'.repeat(256)}`;
      const serviceName = 'Amazon '.repeat(60);
      const currency = 'NOT-A-CURRENCY-CODE-AT-ALL';
      await store.replaceBillingPeriods({
        source: 'a source with a long name '.repeat(12),
        billingPeriods: ['2026-11-01'],
        rollups: [rollup({ entityRef: null, serviceName, currency })],
        unattributed: [
          {
            billingPeriod: '2026-11-01',
            day: '2026-11-01',
            dimension: 'tag',
            label,
            currency,
            effectiveCost: 1,
          },
        ],
        resources: [{ ...resource('i-1', 1), serviceName, currency }],
      });
      expect(
        await store.unattributedDetails({
          ...query,
          currency,
          dimension: 'tag',
          limit: 5,
        }),
      ).toEqual([{ label, cost: 1 }]);
      expect(
        await store.dailyCost({
          ...query,
          currency,
          scope: { unattributed: true },
          groupBy: 'serviceName',
        }),
      ).toEqual([{ day: '2026-11-01', key: serviceName, cost: 1 }]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps earlier data when a replacement fails, %p',
    async id => {
      const { store } = await createStore(id);
      await store.replaceBillingPeriods({
        source: 's',
        billingPeriods: ['2026-11-01'],
        rollups: [rollup({})],
        unattributed: [],
        resources: [],
      });
      await expect(
        store.replaceBillingPeriods({
          source: 's',
          billingPeriods: ['2026-11-01'],
          rollups: [
            rollup({ effectiveCost: 5 }),
            rollup({ serviceName: null as unknown as string }),
          ],
          unattributed: [],
          resources: [],
        }),
        // Not `.toThrow()`: better-sqlite3 creates its errors with the Error
        // class of the first Jest realm that loaded it, so in a worker that
        // ran another SQLite test file first they fail `instanceof Error`.
      ).rejects.toMatchObject({ message: expect.stringMatching(/not.null/i) });
      expect(await total(store, { all: true })).toBe(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls costs up the catalog hierarchy once, %p',
    async id => {
      const { store } = await createStore(id);
      await store.replaceBillingPeriods({
        source: 's',
        billingPeriods: ['2026-11-01'],
        rollups: [
          rollup({ entityRef: 'component:default/a', effectiveCost: 1 }),
          rollup({
            entityRef: 'component:default/b',
            effectiveCost: 2,
            serviceCategory: 'Storage',
          }),
          rollup({ entityRef: 'group:default/team', effectiveCost: 4 }),
        ],
        unattributed: [],
        resources: [],
      });
      await store.replaceEntityClosure([
        { entityRef: 'component:default/a', ancestorRef: 'system:default/s' },
        { entityRef: 'component:default/a', ancestorRef: 'group:default/team' },
        { entityRef: 'component:default/a', ancestorRef: 'group:default/org' },
        { entityRef: 'component:default/b', ancestorRef: 'group:default/team' },
        { entityRef: 'component:default/b', ancestorRef: 'group:default/org' },
        { entityRef: 'group:default/team', ancestorRef: 'group:default/org' },
      ]);
      expect(await total(store, { entityRef: 'system:default/s' })).toBe(1);
      expect(await total(store, { entityRef: 'group:default/team' })).toBe(7);
      expect(await total(store, { entityRef: 'group:default/org' })).toBe(7);
      expect(
        await store.dailyCost({
          ...query,
          scope: { entityRef: 'group:default/team' },
          groupBy: 'serviceCategory',
        }),
      ).toEqual([
        { day: '2026-11-01', key: 'Compute', cost: 5 },
        { day: '2026-11-01', key: 'Storage', cost: 2 },
      ]);
      const byGroup = await store.costByEntity({ ...query, kind: 'group' });
      expect(
        byGroup.sort((a, b) => a.entityRef.localeCompare(b.entityRef)),
      ).toEqual([
        { entityRef: 'group:default/org', cost: 7 },
        { entityRef: 'group:default/team', cost: 7 },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'stores budgets, API budgets win over annotations, %p',
    async id => {
      const { store } = await createStore(id);
      await store.setBudget({
        entityRef: 'group:default/a',
        amount: 100,
        currency: 'USD',
        updatedBy: 'user:default/x',
      });
      await store.replaceAnnotationBudgets([
        { entityRef: 'group:default/a', amount: 1, currency: 'USD' },
        { entityRef: 'group:default/b', amount: 50, currency: 'EUR' },
      ]);
      expect(
        (await store.listBudgets()).map(b => [b.entityRef, b.amount, b.source]),
      ).toEqual([
        ['group:default/a', 100, 'api'],
        ['group:default/b', 50, 'annotation'],
      ]);
      await store.replaceAnnotationBudgets([]);
      expect(await store.getBudget('group:default/b')).toBeUndefined();
      expect(await store.deleteBudget('group:default/a')).toBe(true);
      expect(await store.deleteBudget('group:default/a')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'records each alert once, %p',
    async id => {
      const { store } = await createStore(id);
      const alert = {
        entityRef: 'group:default/a',
        month: '2026-11',
        kind: 'threshold-50',
      };
      expect(await store.recordAlert(alert)).toBe(true);
      expect(await store.recordAlert(alert)).toBe(false);
      expect(await store.recordAlert({ ...alert, month: '2026-12' })).toBe(
        true,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps ingest status per source, %p',
    async id => {
      const { store } = await createStore(id);
      await store.setIngestStatus({
        source: 's',
        status: 'running',
        startedAt: '2026-11-24T00:00:00Z',
      });
      await store.setIngestStatus({
        source: 's',
        status: 'failed',
        startedAt: '2026-11-24T00:00:00Z',
        finishedAt: '2026-11-24T00:01:00Z',
        errors: ['f: row 1, column X: bad'],
      });
      expect(await store.listIngestStatus()).toEqual([
        {
          source: 's',
          status: 'failed',
          startedAt: '2026-11-24T00:00:00Z',
          finishedAt: '2026-11-24T00:01:00Z',
          errors: ['f: row 1, column X: bad'],
        },
      ]);
    },
  );
});

import { createStoreTestDatabases } from '@groundwork/test-utils';
import { rollup } from '../__fixtures__/rollups';
import { DatabaseCostStore, splitRange } from './DatabaseCostStore';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();

/** 1 EUR = 1.08 USD; JPY has no rate. */
const usd = { currency: 'USD', factors: { USD: 1, EUR: 1.08 } };
const month = { from: '2026-10-01', to: '2026-11-30' };

describe('DatabaseCostStore currencies', () => {
  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseCostStore.create({
      getClient: async () => knex,
    });
    await store.replaceBillingPeriods({
      source: 's',
      billingPeriods: ['2026-10-01', '2026-11-01'],
      rollups: [
        rollup({ effectiveCost: 10 }),
        rollup({ currency: 'EUR', effectiveCost: 100 }),
        rollup({ currency: 'EUR', effectiveCost: 50, day: '2026-11-02' }),
        rollup({
          currency: 'EUR',
          effectiveCost: 20,
          day: '2026-10-31',
          billingPeriod: '2026-10-01',
          serviceCategory: 'Storage',
        }),
        rollup({ currency: 'JPY', effectiveCost: 1234 }),
        rollup({ entityRef: null, currency: 'JPY', effectiveCost: 6 }),
        rollup({ entityRef: 'component:default/b', effectiveCost: 5 }),
      ],
      unattributed: [
        {
          billingPeriod: '2026-11-01',
          day: '2026-11-01',
          dimension: 'account',
          label: '4100',
          currency: 'EUR',
          effectiveCost: 10,
        },
        {
          billingPeriod: '2026-11-01',
          day: '2026-11-01',
          dimension: 'account',
          label: '4100',
          currency: 'USD',
          effectiveCost: 1,
        },
      ],
      resources: [
        {
          billingPeriod: '2026-11-01',
          entityRef: 'component:default/a',
          month: '2026-11',
          resourceId: 'vm-eu',
          resourceName: null,
          serviceName: 'VM',
          currency: 'EUR',
          effectiveCost: 150,
        },
        {
          billingPeriod: '2026-11-01',
          entityRef: 'component:default/a',
          month: '2026-11',
          resourceId: 'vm-us',
          resourceName: null,
          serviceName: 'VM',
          currency: 'USD',
          effectiveCost: 160,
        },
      ],
    });
    await store.replaceEntityClosure([
      { entityRef: 'component:default/a', ancestorRef: 'group:default/team' },
      { entityRef: 'component:default/b', ancestorRef: 'group:default/team' },
    ]);
    return store;
  }

  it.each(databases.eachSupportedId())(
    'converts rows with a rate in SQL and reports the others, %p',
    async id => {
      const store = await createStore(id);
      const scope = { entityRef: 'component:default/a' };
      const daily = await store.dailyCost({ scope, ...usd, ...month });
      expect(daily.map(r => r.day)).toEqual([
        '2026-10-31',
        '2026-11-01',
        '2026-11-02',
      ]);
      expect(daily[0].cost).toBeCloseTo(21.6);
      expect(daily[1].cost).toBeCloseTo(10 + 108);
      expect(daily[2].cost).toBeCloseTo(54);
      expect(
        await store.excludedCurrencies({
          scope,
          ...month,
          included: Object.keys(usd.factors),
        }),
      ).toEqual([{ currency: 'JPY', cost: 1234 }]);
      // Organisation-wide, unattributed JPY too.
      expect(
        await store.excludedCurrencies({
          scope: { all: true },
          ...month,
          included: ['USD', 'EUR'],
        }),
      ).toEqual([{ currency: 'JPY', cost: 1240 }]);
      // One native currency: no conversion, nothing else.
      expect(
        await store.dailyCost({ scope, currency: 'EUR', ...month }),
      ).toEqual([
        { day: '2026-10-31', key: 'total', cost: 20 },
        { day: '2026-11-01', key: 'total', cost: 100 },
        { day: '2026-11-02', key: 'total', cost: 50 },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'aggregates months in SQL, per dimension, %p',
    async id => {
      const store = await createStore(id);
      const rows = await store.dailyCost({
        scope: { entityRef: 'group:default/team' },
        ...usd,
        ...month,
        granularity: 'month',
        groupBy: 'serviceCategory',
      });
      expect(rows.map(r => [r.day, r.key])).toEqual([
        ['2026-10', 'Storage'],
        ['2026-11', 'Compute'],
      ]);
      expect(rows[0].cost).toBeCloseTo(21.6);
      // 10 + 5 USD, 150 EUR
      expect(rows[1].cost).toBeCloseTo(15 + 162);
      // Partial months come from the daily roll-ups, whole ones from the
      // monthly: the same sums either way.
      for (const range of [
        { from: '2026-10-31', to: '2026-11-01' },
        { from: '2026-10-15', to: '2026-11-30' },
        { from: '2026-10-01', to: '2026-11-01' },
      ]) {
        const partial = await store.dailyCost({
          scope: { entityRef: 'group:default/team' },
          ...usd,
          ...range,
          granularity: 'month',
        });
        const daily = await store.dailyCost({
          scope: { entityRef: 'group:default/team' },
          ...usd,
          ...range,
        });
        const byMonth = new Map<string, number>();
        for (const row of daily) {
          const key = row.day.slice(0, 7);
          byMonth.set(key, (byMonth.get(key) ?? 0) + row.cost);
        }
        expect(partial.map(r => r.day)).toEqual([...byMonth.keys()]);
        partial.forEach(row =>
          expect(row.cost).toBeCloseTo(byMonth.get(row.day)!),
        );
        expect(
          await store.excludedCurrencies({
            scope: { entityRef: 'group:default/team' },
            ...range,
            included: ['USD', 'EUR'],
          }),
        ).toEqual([{ currency: 'JPY', cost: 1234 }]);
      }
      // Replacing a billing period replaces its monthly roll-ups too.
      await store.replaceBillingPeriods({
        source: 's',
        billingPeriods: ['2026-11-01'],
        rollups: [rollup({ effectiveCost: 1 })],
        unattributed: [],
        resources: [],
      });
      expect(
        await store.dailyCost({
          scope: { entityRef: 'group:default/team' },
          ...usd,
          ...month,
          granularity: 'month',
        }),
      ).toEqual([
        { day: '2026-10', key: 'total', cost: expect.closeTo(21.6) },
        { day: '2026-11', key: 'total', cost: 1 },
      ]);
    },
  );

  it('splits a range into whole months and the days around them', () => {
    expect(splitRange('2025-11-01', '2026-11-30')).toEqual({
      months: { from: '2025-11', to: '2026-11' },
      days: [],
    });
    expect(splitRange('2025-11-15', '2026-02-10')).toEqual({
      months: { from: '2025-12', to: '2026-01' },
      days: [
        { from: '2025-11-15', to: '2025-11-30' },
        { from: '2026-02-01', to: '2026-02-10' },
      ],
    });
    expect(splitRange('2024-02-01', '2024-02-29').months).toEqual({
      from: '2024-02',
      to: '2024-02',
    });
    expect(splitRange('2026-11-02', '2026-11-29')).toEqual({
      months: undefined,
      days: [{ from: '2026-11-02', to: '2026-11-29' }],
    });
  });

  it.each(databases.eachSupportedId())(
    'converts every kind of query with the same factors, %p',
    async id => {
      const store = await createStore(id);
      const byEntity = await store.costByEntity({
        ...usd,
        ...month,
        kind: 'group',
      });
      expect(byEntity).toHaveLength(1);
      expect(byEntity[0].entityRef).toBe('group:default/team');
      expect(byEntity[0].cost).toBeCloseTo(15 + 170 * 1.08);
      const resources = await store.topResources({
        scope: { entityRef: 'component:default/a' },
        ...usd,
        ...month,
        limit: 5,
      });
      // 150 EUR = 162 USD is more than 160 USD.
      expect(resources.map(r => r.resourceId)).toEqual(['vm-eu', 'vm-us']);
      expect(resources[0].cost).toBeCloseTo(162);
      const accounts = await store.unattributedDetails({
        ...usd,
        ...month,
        dimension: 'account',
        limit: 5,
      });
      expect(accounts).toHaveLength(1);
      expect(accounts[0].cost).toBeCloseTo(11.8);
      // A factor for a currency other than the answer's converts into it.
      const inEur = await store.dailyCost({
        scope: { entityRef: 'component:default/b' },
        currency: 'EUR',
        factors: { EUR: 1, USD: 1 / 1.08 },
        ...month,
      });
      expect(inEur[0].cost).toBeCloseTo(5 / 1.08);
    },
  );
});

import { createStoreTestDatabases } from '@groundwork/test-utils';
import {
  commitmentRollup,
  committed,
} from '../commitments/__fixtures__/commitments';
import { DatabaseCostStore } from './DatabaseCostStore';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();

describe('DatabaseCostStore commitments', () => {
  it.each(databases.eachSupportedId())(
    'replaces commitment roll-ups per billing period and sums them per scope, %p',
    async id => {
      const knex = await databases.init(id);
      const store = await DatabaseCostStore.create({
        getClient: async () => knex,
      });
      await store.replaceEntityClosure([
        { entityRef: 'component:default/a', ancestorRef: 'group:default/team' },
      ]);
      const data = {
        source: 's',
        billingPeriods: ['2026-03-01'],
        rollups: [],
        unattributed: [],
        resources: [],
        commitments: [
          commitmentRollup({}),
          // the same key but unattributed: a separate row (null entity)
          commitmentRollup({ entityRef: null, listCost: 4 }),
          committed('Used', {
            effectiveCost: 6,
            listCost: 9,
            commitmentDiscountQuantity: 6,
            commitmentDiscountUnit: 'USD',
          }),
          committed('Unused', { entityRef: null, effectiveCost: 2 }),
        ],
      };
      await store.replaceBillingPeriods(data);
      // Re-ingest: replaced, never added.
      await store.replaceBillingPeriods(data);
      const team = await store.commitmentRollups({
        scope: { entityRef: 'group:default/team' },
        fromMonth: '2026-01',
        toMonth: '2026-12',
      });
      expect(team).toHaveLength(2);
      expect(team).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            pricingCategory: 'Standard',
            commitmentDiscountId: null,
            listCost: 10,
            commitmentDiscountQuantity: null,
          }),
          expect.objectContaining({
            commitmentDiscountId: 'sp-1',
            commitmentDiscountStatus: 'Used',
            effectiveCost: 6,
            listCost: 9,
            commitmentDiscountQuantity: 6,
            commitmentDiscountUnit: 'USD',
          }),
        ]),
      );
      const all = await store.commitmentRollups({
        scope: { all: true },
        fromMonth: '2026-03',
        toMonth: '2026-03',
      });
      // Entities are summed away: the two Standard rows become one.
      expect(all).toHaveLength(3);
      expect(all.find(r => r.pricingCategory === 'Standard')?.listCost).toBe(
        14,
      );
      expect(
        await store.commitmentRollups({
          scope: { all: true },
          fromMonth: '2026-04',
          toMonth: '2026-12',
        }),
      ).toEqual([]);
      // Another period of the source is left alone; this one is replaced.
      await store.replaceBillingPeriods({
        ...data,
        commitments: [commitmentRollup({ listCost: 1 })],
      });
      expect(
        (
          await store.commitmentRollups({
            scope: { all: true },
            fromMonth: '2026-03',
            toMonth: '2026-03',
          })
        ).map(r => r.listCost),
      ).toEqual([1]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps annual budgets apart from monthly ones, %p',
    async id => {
      const knex = await databases.init(id);
      const store = await DatabaseCostStore.create({
        getClient: async () => knex,
      });
      const ref = 'group:default/team';
      await store.setBudget({ entityRef: ref, amount: 100, currency: 'USD' });
      await store.setBudget(
        { entityRef: ref, amount: 1000, currency: 'EUR' },
        'year',
      );
      expect(await store.getBudget(ref)).toMatchObject({ amount: 100 });
      expect(await store.getBudget(ref, 'year')).toMatchObject({
        amount: 1000,
        currency: 'EUR',
      });
      expect(await store.deleteBudget(ref, 'year')).toBe(true);
      expect(await store.getBudget(ref, 'year')).toBeUndefined();
      expect(await store.getBudget(ref)).toMatchObject({ amount: 100 });
    },
  );

  it.each(databases.eachSupportedId())(
    'replaces annual budgets from annotations, the API one winning, %p',
    async id => {
      const knex = await databases.init(id);
      const store = await DatabaseCostStore.create({
        getClient: async () => knex,
      });
      await store.setBudget(
        { entityRef: 'group:default/a', amount: 9000, currency: 'USD' },
        'year',
      );
      await store.replaceAnnotationBudgets([
        { entityRef: 'group:default/b', amount: 50, currency: 'USD' },
      ]);
      await store.replaceAnnotationBudgets(
        [
          { entityRef: 'group:default/a', amount: 1, currency: 'USD' },
          { entityRef: 'group:default/b', amount: 180000, currency: 'USD' },
        ],
        'year',
      );
      expect(await store.getBudget('group:default/a', 'year')).toMatchObject({
        amount: 9000,
        source: 'api',
      });
      expect(await store.getBudget('group:default/b', 'year')).toMatchObject({
        amount: 180000,
        source: 'annotation',
      });
      // Each period replaces only its own annotation budgets.
      expect(await store.getBudget('group:default/b')).toMatchObject({
        amount: 50,
      });
      await store.replaceAnnotationBudgets([], 'year');
      expect(await store.getBudget('group:default/b', 'year')).toBeUndefined();
      expect(await store.getBudget('group:default/b')).toMatchObject({
        amount: 50,
      });
    },
  );
});

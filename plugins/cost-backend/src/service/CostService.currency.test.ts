import { createStoreTestDatabases } from '@groundwork/test-utils';
import { DateTime } from 'luxon';
import { mockServices } from '@backstage/backend-test-utils';
import { entity } from '../__fixtures__/catalog';
import { CostRollup } from '../attribution/attribute';
import { CatalogModel } from '../attribution/CatalogModel';
import { CurrencyConverter } from '../currency';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { Alerter } from './Alerter';
import { CostService } from './CostService';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();
const team = 'group:default/vienna';

function cost(
  day: string,
  currency: string,
  effectiveCost: number,
): CostRollup {
  return {
    billingPeriod: `${day.slice(0, 8)}01`,
    entityRef: team,
    day,
    serviceCategory: 'Compute',
    serviceName: 'Virtual Machines',
    provider: 'Microsoft',
    chargeCategory: 'Usage',
    chargeClass: null,
    currency,
    effectiveCost,
    billedCost: effectiveCost,
    listCost: effectiveCost,
  };
}

describe('CostService currencies', () => {
  const now = DateTime.fromISO('2026-11-10T12:00:00Z', { zone: 'utc' });

  async function setUp(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseCostStore.create({
      getClient: async () => knex,
    });
    const rollups = [
      cost('2026-10-05', 'USD', 50),
      cost('2026-11-01', 'USD', 10),
      cost('2026-11-02', 'EUR', 100),
      cost('2026-11-03', 'JPY', 5000),
    ];
    await store.replaceBillingPeriods({
      source: 's',
      billingPeriods: ['2026-10-01', '2026-11-01'],
      rollups,
      unattributed: [],
      resources: [],
    });
    const costs = new CostService(store, {
      // 1 EUR = 1.08 USD; no JPY rate.
      currency: new CurrencyConverter({
        reporting: 'USD',
        rates: new Map([
          ['USD', 1],
          ['EUR', 1.08],
        ]),
      }),
      now: () => now,
    });
    return { store, costs };
  }

  it.each(databases.eachSupportedId())(
    'converts rated currencies into the reporting currency and reports the rest, %p',
    async id => {
      const { costs } = await setUp(id);
      const series = await costs.series({
        entityRef: team,
        from: '2026-10-01',
        to: '2026-11-30',
        granularity: 'month',
      });
      expect(series.currency).toBe('USD');
      expect(series.conversionRates).toEqual({ USD: 1, EUR: 1.08 });
      expect(series.points.map(p => p.period)).toEqual(['2026-10', '2026-11']);
      expect(series.points[0].total).toBe(50);
      expect(series.points[1].total).toBeCloseTo(10 + 108);
      expect(series.excludedCurrencies).toEqual([
        { currency: 'JPY', cost: 5000 },
      ]);

      const compare = await costs.compare({
        entityRef: team,
        from: '2026-11-01',
        to: '2026-11-30',
      });
      expect(compare.current.cost).toBeCloseTo(118);
      expect(compare.excludedCurrencies).toEqual([
        { currency: 'JPY', cost: 5000 },
      ]);

      const breakdown = await costs.breakdown({
        entityRef: team,
        from: '2026-11-01',
        to: '2026-11-30',
        by: 'serviceCategory',
      });
      expect(breakdown.items[0].cost).toBeCloseTo(118);

      const csv = await costs.exportCsv({
        entityRef: team,
        from: '2026-11-02',
        to: '2026-11-02',
      });
      expect(csv).toContain(`${team},2026-11-02,Virtual Machines,USD,108`);
    },
  );

  it.each(databases.eachSupportedId())(
    'answers in one native currency without conversion, %p',
    async id => {
      const { costs } = await setUp(id);
      const series = await costs.series({
        entityRef: team,
        from: '2026-11-01',
        to: '2026-11-30',
        granularity: 'month',
        currency: 'EUR',
      });
      expect(series.currency).toBe('EUR');
      expect(series.points[0].total).toBe(100);
      expect(series.conversionRates).toEqual({ EUR: 1 });
      expect(series.excludedCurrencies).toEqual([]);
      const jpy = await costs.compare({
        entityRef: team,
        from: '2026-11-01',
        to: '2026-11-30',
        currency: 'JPY',
      });
      expect(jpy.current.cost).toBe(5000);
    },
  );

  it.each(databases.eachSupportedId())(
    'compares with a budget in another currency through the rates, or says it cannot, %p',
    async id => {
      const { store, costs } = await setUp(id);
      // 118 USD spent, 1.08 USD per EUR: 200 EUR = 216 USD.
      await store.setBudget({ entityRef: team, amount: 200, currency: 'EUR' });
      const forecast = await costs.forecast({ entityRef: team });
      expect(forecast.currency).toBe('USD');
      expect(forecast.monthToDate).toBeCloseTo(118);
      expect(forecast.budget?.currency).toBe('EUR');
      expect(forecast.budget?.amount).toBe(200);
      expect(forecast.budgetInCurrency).toBeCloseTo(216);
      expect(forecast.budgetUsedPercent).toBeCloseTo((118 / 216) * 100);
      expect(forecast.budgetNotComparable).toBeUndefined();

      const facts = await costs.facts({
        entityRefs: [team],
        seesEverything: false,
      });
      expect(facts.items[0]).toMatchObject({
        currency: 'USD',
        monthlyBudget: 200,
        budgetCurrency: 'EUR',
      });
      expect(facts.items[0].monthToDateVsBudget).toBeCloseTo(118 / 216);

      await store.setBudget({
        entityRef: team,
        amount: 30000,
        currency: 'JPY',
      });
      const noRate = await costs.forecast({ entityRef: team });
      expect(noRate.budget?.amount).toBe(30000);
      expect(noRate.budgetInCurrency).toBeUndefined();
      expect(noRate.budgetUsedPercent).toBeUndefined();
      expect(noRate.forecastOverBudget).toBeUndefined();
      expect(noRate.budgetNotComparable).toBe(
        'No rate for JPY: add cost.currency.rates.JPY (the value of 1 JPY in USD)',
      );
      const overview = await costs.overview({
        seesEverything: true,
        visible: async refs => new Set(refs),
      });
      expect(overview.total).toBeCloseTo(118);
      expect(overview.excludedCurrencies).toEqual([
        { currency: 'JPY', cost: 5000 },
      ]);
      expect(overview.teams[0].budgetInCurrency).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'alerts on a budget in another currency with both amounts, %p',
    async id => {
      const { store, costs } = await setUp(id);
      // 118 USD spent of 100 EUR = 108 USD: every threshold crossed.
      await store.setBudget({ entityRef: team, amount: 100, currency: 'EUR' });
      const notifications = { send: jest.fn() };
      await new Alerter({
        store,
        costs,
        notifications,
        logger: mockServices.logger.mock(),
      }).run(new CatalogModel([entity('Group', 'vienna')], [], new Map()));
      const payloads = notifications.send.mock.calls.map(([n]) => n.payload);
      expect(payloads.map(p => p.title)).toContain(
        'group:default/vienna has used 100% of its 2026-11 budget',
      );
      expect(payloads.find(p => p.title.includes('100%'))?.description).toBe(
        '118.00 USD spent of 100.00 EUR (108.00 USD).',
      );
    },
  );
});

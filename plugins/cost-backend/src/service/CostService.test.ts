import { mockServices } from '@backstage/backend-test-utils';
import { createStoreTestDatabases } from '@groundwork/test-utils';
import { DateTime } from 'luxon';
import { demoEntities } from '../__fixtures__/catalog';
import { CostRollup } from '../attribution/attribute';
import { CatalogModel } from '../attribution/CatalogModel';
import { CurrencyConverter } from '../currency';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { Alerter, isAnomaly } from './Alerter';
import { CostService, periodsBetween, previousPeriod } from './CostService';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();
const team = 'group:default/peoriadata';

/** Daily cost for the team from `from` for `costs.length` days. */
function days(from: string, costs: number[]): CostRollup[] {
  return costs.map((cost, i) => ({
    billingPeriod: `${from.slice(0, 8)}01`,
    entityRef: team,
    day: DateTime.fromISO(from, { zone: 'utc' }).plus({ days: i }).toISODate()!,
    serviceCategory: i % 2 ? 'Compute' : 'Storage',
    serviceName: 'EC2',
    provider: 'AWS',
    chargeCategory: 'Usage',
    chargeClass: null,
    currency: 'USD',
    effectiveCost: cost,
    billedCost: cost,
    listCost: cost,
  }));
}

describe('CostService and Alerter', () => {
  let now = DateTime.fromISO('2026-11-10T12:00:00Z', { zone: 'utc' });

  async function setUp(
    databaseId: Parameters<typeof databases.init>[0],
    rollups: CostRollup[],
  ) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseCostStore.create({
      getClient: async () => knex,
    });
    await store.replaceBillingPeriods({
      source: 's',
      billingPeriods: [...new Set(rollups.map(r => r.billingPeriod))],
      rollups,
      unattributed: [],
      resources: [],
    });
    const costs = new CostService(store, {
      currency: new CurrencyConverter({
        reporting: 'USD',
        rates: new Map([['USD', 1]]),
      }),
      now: () => now,
    });
    return { store, costs };
  }

  it('computes the previous period of equal length', () => {
    expect(previousPeriod('2026-11-01', '2026-11-30')).toEqual({
      from: '2026-10-02',
      to: '2026-10-31',
    });
    expect(previousPeriod('2026-03-01', '2026-03-01')).toEqual({
      from: '2026-02-28',
      to: '2026-02-28',
    });
  });

  it('lists every period of a range', () => {
    expect(periodsBetween('2024-02-27', '2024-03-01', 'day')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(periodsBetween('2025-11-15', '2026-11-30', 'month')).toHaveLength(
      13,
    );
    expect(periodsBetween('2025-11-15', '2026-02-01', 'month')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(periodsBetween('2025-11-01', '2026-11-30', 'day')).toHaveLength(395);
  });

  it('flags only clear anomalies', () => {
    const steady = [10, 11, 9, 10, 10, 11, 9, 10, 10, 11, 9, 10, 10, 10];
    expect(isAnomaly(steady, 30)).toBe(true);
    expect(isAnomaly(steady, 12)).toBe(false);
    expect(
      isAnomaly(
        steady.map(c => c / 100),
        0.5,
      ),
    ).toBe(false); // below one currency unit
    expect(isAnomaly([1, 1], 100)).toBe(false); // not enough history
  });

  it.each(databases.eachSupportedId())(
    'forecasts month end from the 7 day run rate, %p',
    async id => {
      now = DateTime.fromISO('2026-11-10T12:00:00Z', { zone: 'utc' });
      // 1..9 Nov: 1, 1, 10 x 7; last data day 9 Nov
      const { store, costs } = await setUp(
        id,
        days('2026-11-01', [1, 1, 10, 10, 10, 10, 10, 10, 10]),
      );
      await store.setBudget({ entityRef: team, amount: 200, currency: 'USD' });
      const forecast = await costs.forecast({ entityRef: team });
      expect(forecast.monthToDate).toBe(72);
      expect(forecast.lastDataDay).toBe('2026-11-09');
      expect(forecast.runRate).toBe(10);
      expect(forecast.forecast).toBe(72 + 10 * 21);
      expect(forecast.budgetUsedPercent).toBe(36);
      expect(forecast.forecastOverBudget).toBe(true);
      expect(forecast.method).toMatch(/run rate/);

      const series = await costs.series({
        entityRef: team,
        from: '2026-11-01',
        to: '2026-11-10',
        granularity: 'day',
        groupBy: 'serviceCategory',
      });
      expect(series.points).toHaveLength(10);
      expect(series.points[9]).toEqual({
        period: '2026-11-10',
        values: {},
        total: 0,
      });
      expect(series.points[1].values).toEqual({ Compute: 1 });
      const summary = await costs.summary({ entityRef: team });
      expect(summary.sparkline).toHaveLength(30);
      expect(summary.comparison.current.cost).toBe(72);
      expect(summary.empty).toBe(false);
      expect(
        (await costs.summary({ entityRef: 'group:default/other' })).empty,
      ).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'shows the month that just ended until the new month has billing data, %p',
    async id => {
      // Data through 30 Nov; on 1 Dec the export for 1 Dec has not arrived.
      const november = days('2026-11-01', Array(30).fill(10));
      const { store, costs } = await setUp(id, november);
      await store.setBudget({ entityRef: team, amount: 400, currency: 'USD' });
      now = DateTime.fromISO('2026-12-01T06:00:00Z', { zone: 'utc' });
      const forecast = await costs.forecast({ entityRef: team });
      expect(forecast).toMatchObject({
        month: '2026-11',
        monthEnded: true,
        monthToDate: 300,
        forecast: 300,
        budgetUsedPercent: 75,
      });
      const summary = await costs.summary({ entityRef: team });
      expect(summary.comparison.current).toEqual({
        from: '2026-11-01',
        to: '2026-11-30',
        cost: 300,
      });
      expect(summary.sparkline.at(-1)).toEqual({ day: '2026-11-30', cost: 10 });
      const overview = await costs.overview({
        seesEverything: true,
        visible: async refs => new Set(refs),
      });
      expect(overview).toMatchObject({ month: '2026-11', monthEnded: true });
      expect(overview.teams).toEqual([
        expect.objectContaining({ entityRef: team, monthToDate: 300 }),
      ]);
      // Movers: the month that ended against the one before it.
      expect(overview.movers).toEqual([
        expect.objectContaining({ entityRef: team, current: 300, previous: 0 }),
      ]);
      expect(
        await costs.facts({ entityRefs: [team], seesEverything: false }),
      ).toMatchObject({ month: '2026-11', items: [{ monthToDate: 300 }] });

      // Once the month has a day of data, it is the month shown.
      await store.replaceBillingPeriods({
        source: 's',
        billingPeriods: ['2026-12-01'],
        rollups: days('2026-12-01', [12]),
        unattributed: [],
        resources: [],
      });
      expect(await costs.forecast({ entityRef: team })).toMatchObject({
        month: '2026-12',
        monthEnded: false,
        monthToDate: 12,
      });

      // Data older than last month is not passed off as current.
      now = DateTime.fromISO('2027-02-01T06:00:00Z', { zone: 'utc' });
      expect(await costs.forecast({ entityRef: team })).toMatchObject({
        month: '2027-02',
        monthEnded: false,
        monthToDate: 0,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'alerts the owning group once per threshold and month, %p',
    async id => {
      now = DateTime.fromISO('2026-11-20T12:00:00Z', { zone: 'utc' });
      // steady 10/day for 18 days, then a spike on the 19th
      const { store, costs } = await setUp(
        id,
        days('2026-11-01', [...Array(18).fill(10), 60]),
      );
      await store.setBudget({ entityRef: team, amount: 400, currency: 'USD' });
      const notifications = { send: jest.fn() };
      const alerter = new Alerter({
        store,
        costs,
        notifications,
        logger: mockServices.logger.mock(),
      });
      const model = new CatalogModel(demoEntities, [], new Map());
      await store.replaceEntityClosure(model.closure());
      await alerter.run(model);
      await alerter.run(model);
      const titles = notifications.send.mock.calls
        .map(([n]) => n.payload.title)
        .sort();
      // 240 of 400 spent: 50% crossed, not 80%; forecast 240 + run rate 17.14 x 11 > 400; spike on the 19th,
      // also seen by the parent groups the cost rolls up to
      expect(titles).toEqual([
        'Unusual cost for group:default/acme on 2026-11-19',
        'Unusual cost for group:default/peoriadata on 2026-11-19',
        'Unusual cost for group:default/product on 2026-11-19',
        'group:default/peoriadata has used 50% of its 2026-11 budget',
        'group:default/peoriadata is forecast to exceed its 2026-11 budget',
      ]);
      expect(notifications.send).toHaveBeenCalledWith(
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: team },
        }),
      );
    },
  );
});

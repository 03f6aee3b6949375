import { createStoreTestDatabases } from '@groundwork/test-utils';
import { rollup } from '../__fixtures__/rollups';
import { CurrencyConverter } from '../currency';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { commitmentRollup, committed } from './__fixtures__/commitments';
import { CommitmentConfig } from './config';
import { CommitmentService } from './CommitmentService';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();

const config: CommitmentConfig = {
  fiscalYearStartMonth: 4,
  runRateDays: 30,
  utilisationAlertThreshold: 0.8,
};

async function setUp(id: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(id);
  const store = await DatabaseCostStore.create({ getClient: async () => knex });
  await store.replaceEntityClosure([
    { entityRef: 'component:default/a', ancestorRef: 'group:default/team' },
  ]);
  const service = new CommitmentService({
    store,
    config,
    currency: new CurrencyConverter({
      reporting: 'USD',
      rates: new Map([
        ['USD', 1],
        ['EUR', 1.1],
      ]),
    }),
  });
  return { store, service };
}

const ri = {
  provider: 'Microsoft',
  commitmentDiscountId: 'ri-1',
  commitmentDiscountName: 'D4s reservation',
  commitmentDiscountType: 'Reservation',
  commitmentDiscountCategory: 'Usage',
};

/**
 * January: the purchase (billed 1200, effective 0), 80 of commitment used
 * (list 100), 20 unused, 100 on demand. February: the plan unused only (100),
 * 50 on demand. March: an Azure reservation used in EUR (10, list 20), on
 * demand in JPY (no rate) and spot (not eligible).
 */
const commitments = [
  commitmentRollup({
    month: '2026-01',
    chargeCategory: 'Purchase',
    commitmentDiscountId: 'sp-1',
    commitmentDiscountName: 'Compute savings plan',
    billedCost: 1200,
    effectiveCost: 0,
    listCost: 1200,
  }),
  committed('Used', { month: '2026-01', effectiveCost: 80, listCost: 100 }),
  committed('Unused', {
    month: '2026-01',
    entityRef: null,
    effectiveCost: 20,
    listCost: 20,
  }),
  commitmentRollup({ month: '2026-01', effectiveCost: 100, listCost: 100 }),
  committed('Unused', {
    month: '2026-02',
    entityRef: null,
    effectiveCost: 100,
    listCost: 100,
  }),
  commitmentRollup({ month: '2026-02', effectiveCost: 50, listCost: 50 }),
  committed('Used', {
    ...ri,
    month: '2026-03',
    currency: 'EUR',
    effectiveCost: 10,
    listCost: 20,
  }),
  commitmentRollup({
    month: '2026-03',
    currency: 'JPY',
    effectiveCost: 1000,
    listCost: 1000,
  }),
  commitmentRollup({
    month: '2026-03',
    pricingCategory: 'Dynamic',
    effectiveCost: 9,
    listCost: 30,
  }),
];

describe('CommitmentService', () => {
  it.each(databases.eachSupportedId())(
    'reports utilisation, coverage, savings and waste by hand-computed figures, %p',
    async id => {
      const { store, service } = await setUp(id);
      await store.replaceBillingPeriods({
        source: 's',
        billingPeriods: ['2026-03-01'],
        rollups: [],
        unattributed: [],
        resources: [],
        commitments,
      });
      const report = await service.report({ from: '2026-01', to: '2026-03' });
      expect(report.hasData).toBe(true);
      expect(report.advice).toBeUndefined();
      // What the page marks as under-used: the configured alert threshold.
      expect(report.utilisationAlertThreshold).toBe(0.8);
      // Utilisation: used 80 + 11 (10 EUR), unused 20 + 100.
      expect(report.utilisation.total).toBeCloseTo(91 / 211, 12);
      expect(report.utilisation.months).toEqual([
        { month: '2026-01', used: 80, unused: 20, utilisation: 0.8 },
        // the unused-only month
        { month: '2026-02', used: 0, unused: 100, utilisation: 0 },
        {
          month: '2026-03',
          used: expect.closeTo(11, 12),
          unused: 0,
          utilisation: 1,
        },
      ]);
      expect(
        report.utilisation.commitments.map(c => [
          c.commitmentDiscountId,
          c.utilisation,
        ]),
      ).toEqual([
        ['sp-1', 80 / 200],
        ['ri-1', 1],
      ]);
      // Coverage on list cost: AWS 100 committed of 100 + 100 + 50 eligible
      // (unused, spot and the JPY row without a rate left out).
      expect(report.coverage.items).toEqual([
        {
          provider: 'AWS',
          serviceCategory: 'Compute',
          eligible: 250,
          covered: 100,
          coverage: 0.4,
        },
        {
          provider: 'Microsoft',
          serviceCategory: 'Compute',
          eligible: expect.closeTo(22, 12),
          covered: expect.closeTo(22, 12),
          coverage: 1,
        },
      ]);
      expect(report.coverage.total.coverage).toBeCloseTo(122 / 272, 12);
      // Savings: January 100 − 80, March 22 − 11; the purchase is not cost.
      expect(report.savings.total).toBeCloseTo(31, 12);
      expect(report.savings.months.map(m => m.savings)).toEqual([
        20,
        0,
        expect.closeTo(11, 12),
      ]);
      expect(report.waste).toEqual({
        total: 120,
        commitments: [
          {
            commitmentDiscountId: 'sp-1',
            name: 'Compute savings plan',
            provider: 'AWS',
            unused: 120,
          },
        ],
      });
      expect(report.purchases).toEqual({
        total: 1200,
        months: [
          { month: '2026-01', billed: 1200 },
          { month: '2026-02', billed: 0 },
          { month: '2026-03', billed: 0 },
        ],
      });
      expect(report.excludedCurrencies).toEqual([
        { currency: 'JPY', cost: 1000 },
      ]);

      // Native EUR only: the reservation, unconverted.
      const eur = await service.report({
        from: '2026-01',
        to: '2026-03',
        currency: 'EUR',
      });
      expect(eur.utilisation.commitments).toEqual([
        expect.objectContaining({ commitmentDiscountId: 'ri-1', used: 10 }),
      ]);
      expect(eur.savings.total).toBe(10);

      // The team owns component a: its coverage and savings, not the
      // unattributed unused commitment.
      const team = await service.report({
        entityRef: 'group:default/team',
        from: '2026-01',
        to: '2026-03',
      });
      expect(team.coverage.items[0]).toMatchObject({
        eligible: 250,
        covered: 100,
      });
      expect(team.waste.total).toBe(0);
      expect(team.savings.total).toBeCloseTo(31, 12);
    },
  );

  it.each(databases.eachSupportedId())(
    'says what to enable when the exports carry no commitment columns, %p',
    async id => {
      const { service } = await setUp(id);
      const report = await service.report({ from: '2026-01', to: '2026-03' });
      expect(report.hasData).toBe(false);
      expect(report.advice).toMatch(
        /^No commitment data in your billing exports\. Export FOCUS 1\.0 or later with the PricingCategory and CommitmentDiscount\* columns/,
      );
      expect(report.utilisation.total).toBeNull();
      expect(report.coverage.total.coverage).toBeNull();
    },
  );

  it.each(databases.eachSupportedId())(
    'projects to the end of the fiscal quarter and year (April start) from the run rate and the monthly trend, %p',
    async id => {
      const { store, service } = await setUp(id);
      // March 10 a day, April and May 1–20 12 a day: run rate 12, trend +20%.
      const days: { day: string; cost: number }[] = [];
      for (
        let t = Date.UTC(2026, 2, 1);
        t <= Date.UTC(2026, 4, 20);
        t += 864e5
      ) {
        const day = new Date(t).toISOString().slice(0, 10);
        days.push({ day, cost: day < '2026-04-01' ? 10 : 12 });
      }
      await store.replaceBillingPeriods({
        source: 's',
        billingPeriods: ['2026-03-01', '2026-04-01', '2026-05-01'],
        rollups: days.map(({ day, cost }) =>
          rollup({
            billingPeriod: `${day.slice(0, 7)}-01`,
            day,
            effectiveCost: cost,
          }),
        ),
        unattributed: [],
        resources: [],
      });
      await store.setBudget({
        entityRef: 'group:default/team',
        amount: 400,
        currency: 'USD',
      });
      await store.setBudget(
        { entityRef: 'group:default/team', amount: 5000, currency: 'EUR' },
        'year',
      );
      const projection = await service.projection({
        entityRef: 'group:default/team',
      });
      expect(projection.lastDataDay).toBe('2026-05-20');
      expect(projection.runRate).toBeCloseTo(12, 12);
      expect(projection.monthOverMonth).toBeCloseTo(0.2, 12);
      // Quarter 1 (April–June): 600 spent, 11 days of May at 12, June at 14.4.
      expect(projection.quarter).toEqual({
        start: '2026-04-01',
        end: '2026-06-30',
        label: 'FY2027 Q1',
        actual: 600,
        projectedRemainder: expect.closeTo(11 * 12 + 30 * 14.4, 9),
        projected: expect.closeTo(600 + 132 + 432, 9),
        budget: 1200,
        budgetSource: 'monthly',
        overBudget: false,
      });
      // Fiscal year to March 2027: each month k ahead at 12 × 1.2^k a day.
      const monthDays = [30, 31, 31, 30, 31, 30, 31, 31, 28, 31]; // June..March
      const remainder =
        11 * 12 +
        monthDays.reduce((sum, n, k) => sum + n * 12 * 1.2 ** (k + 1), 0);
      expect(projection.fiscalYear).toEqual({
        start: '2026-04-01',
        end: '2027-03-31',
        label: 'FY2027',
        actual: 600,
        projectedRemainder: expect.closeTo(remainder, 6),
        projected: expect.closeTo(600 + remainder, 6),
        budget: expect.closeTo(5500, 9),
        budgetSource: 'annual',
        overBudget: true,
      });
      expect(projection.method).toMatch(/last 30 days/);
      expect(projection.method).toMatch(/2026-04 against 2026-03/);
    },
  );
});

import {
  CommitmentReport,
  OpexProjection,
} from '@groundwork/plugin-cost-common';

const months = ['2026-10', '2026-11'];

/** Two commitments, one under-used; coverage of two service categories. */
export const report: CommitmentReport = {
  currency: 'USD',
  conversionRates: { USD: 1 },
  excludedCurrencies: [],
  from: '2026-10',
  to: '2026-11',
  hasData: true,
  utilisation: {
    total: 0.8,
    months: [
      { month: '2026-10', used: 400, unused: 100, utilisation: 0.8 },
      { month: '2026-11', used: 400, unused: 100, utilisation: 0.8 },
    ],
    commitments: [
      {
        commitmentDiscountId: 'arn:aws:savingsplans::1:savingsplan/sp-ec2',
        name: 'EC2 Instance Savings Plan m5',
        type: 'Savings Plan',
        category: 'Spend',
        provider: 'AWS',
        used: 100,
        unused: 150,
        utilisation: 0.4,
        usedQuantity: null,
        unusedQuantity: null,
        unit: null,
        months: months.map(month => ({
          month,
          used: 50,
          unused: 75,
          utilisation: 0.4,
        })),
      },
      {
        commitmentDiscountId: 'cud-1',
        name: null,
        type: 'Committed Use Discount',
        category: 'Usage',
        provider: 'Google Cloud',
        used: 700,
        unused: 50,
        utilisation: 700 / 750,
        usedQuantity: null,
        unusedQuantity: null,
        unit: null,
        months: months.map(month => ({
          month,
          used: 350,
          unused: 25,
          utilisation: 350 / 375,
        })),
      },
    ],
  },
  coverage: {
    total: { eligible: 2000, covered: 500, coverage: 0.25 },
    items: [
      {
        provider: 'AWS',
        serviceCategory: 'AI and Machine Learning',
        eligible: 1500,
        covered: 150,
        coverage: 0.1,
      },
      {
        provider: 'AWS',
        serviceCategory: 'Compute',
        eligible: 500,
        covered: 350,
        coverage: 0.7,
      },
    ],
  },
  savings: {
    total: 300,
    months: [
      { month: '2026-10', savings: 140 },
      { month: '2026-11', savings: 160 },
    ],
  },
  waste: {
    total: 200,
    commitments: [
      {
        commitmentDiscountId: 'arn:aws:savingsplans::1:savingsplan/sp-ec2',
        name: 'EC2 Instance Savings Plan m5',
        provider: 'AWS',
        unused: 150,
      },
      {
        commitmentDiscountId: 'cud-1',
        name: null,
        provider: 'Google Cloud',
        unused: 50,
      },
    ],
  },
  purchases: {
    total: 900,
    months: [
      { month: '2026-10', billed: 450 },
      { month: '2026-11', billed: 450 },
    ],
  },
  utilisationAlertThreshold: 0.8,
  method:
    'Utilisation: EffectiveCost of usage with CommitmentDiscountStatus Used ÷ (Used + Unused).',
};

export const projection = (entityRef: string): OpexProjection => ({
  entityRef,
  currency: 'USD',
  conversionRates: { USD: 1 },
  excludedCurrencies: [],
  lastDataDay: '2026-11-20',
  runRateDays: 30,
  runRate: 1000,
  monthOverMonth: 0.05,
  fiscalYearStartMonth: 4,
  quarter: {
    start: '2026-10-01',
    end: '2026-12-31',
    label: 'FY2027 Q3',
    actual: 50000,
    projectedRemainder: 42000,
    projected: 92000,
    budget: 90000,
    budgetSource: 'annual',
    overBudget: true,
  },
  fiscalYear: {
    start: '2026-04-01',
    end: '2027-03-31',
    label: 'FY2027',
    actual: 230000,
    projectedRemainder: 140000,
    projected: 370000,
    budget: 360000,
    budgetSource: 'annual',
    overBudget: true,
  },
  annualBudget: {
    entityRef,
    amount: 360000,
    currency: 'USD',
    source: 'annotation',
    updatedAt: '',
  },
  method:
    'Actual cost from the start of each period to 2026-11-20 (the last day with billing data), plus, for each day left, the run rate.',
});

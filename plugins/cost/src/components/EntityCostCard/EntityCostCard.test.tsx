import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { CostSummary } from '@groundwork/plugin-cost-common';
import { screen } from '@testing-library/react';
import { CostApi, costApiRef } from '../../api';
import { EntityCostCard } from './EntityCostCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'BrightPathMatrix', namespace: 'default' },
};

const summary: CostSummary = {
  entityRef: 'component:default/brightpathmatrix',
  currency: 'USD',
  conversionRates: { USD: 1 },
  excludedCurrencies: [],
  empty: false,
  forecast: {
    entityRef: 'component:default/brightpathmatrix',
    currency: 'USD',
    conversionRates: { USD: 1 },
    excludedCurrencies: [],
    month: '2026-11',
    monthToDate: 2400,
    lastDataDay: '2026-11-23',
    runRate: 100,
    forecast: 3100,
    method: 'run rate',
    budget: {
      entityRef: 'component:default/brightpathmatrix',
      amount: 3000,
      currency: 'USD',
      source: 'api',
      updatedAt: '',
    },
    budgetInCurrency: 3000,
    budgetUsedPercent: 80,
    forecastOverBudget: true,
  },
  comparison: {
    entityRef: 'component:default/brightpathmatrix',
    currency: 'USD',
    conversionRates: { USD: 1 },
    excludedCurrencies: [],
    current: { from: '2026-11-01', to: '2026-11-24', cost: 2400 },
    previous: { from: '2026-10-01', to: '2026-10-24', cost: 2000 },
    change: 400,
    changePercent: 20,
  },
  sparkline: [{ day: '2026-11-23', cost: 100 }],
};

function render(api: Partial<CostApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[costApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityCostCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

// The first render (MUI, recharts) is slow on a busy machine.
jest.setTimeout(30_000);

describe('EntityCostCard', () => {
  it('shows spend, change and forecast against budget', async () => {
    await render({ getSummary: jest.fn().mockResolvedValue(summary) });
    expect(await screen.findByText('$2,400')).toBeInTheDocument();
    expect(
      screen.getByText(/\+20\.0% vs the same days last month/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Forecast $3,100 of a $3,000 budget'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('budget used')).toBeInTheDocument();
  });

  it('says when a budget in another currency cannot be compared', async () => {
    const message =
      'No rate for JPY: add cost.currency.rates.JPY (the value of 1 JPY in USD)';
    await render({
      getSummary: jest.fn().mockResolvedValue({
        ...summary,
        excludedCurrencies: [{ currency: 'JPY', cost: 5000 }],
        forecast: {
          ...summary.forecast,
          budget: {
            ...summary.forecast.budget,
            currency: 'JPY',
            amount: 400000,
          },
          budgetInCurrency: undefined,
          budgetUsedPercent: undefined,
          forecastOverBudget: undefined,
          budgetNotComparable: message,
        },
      }),
    });
    expect(
      await screen.findByText(
        'Forecast $3,100 of a ¥400,000 (no rate to USD) budget',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.queryByLabelText('budget used')).not.toBeInTheDocument();
    expect(
      screen.getByText(
        '¥5,000 in JPY not included: add cost.currency.rates.JPY',
      ),
    ).toBeInTheDocument();
  });

  it('says how to attribute cost when there is none', async () => {
    await render({
      getSummary: jest.fn().mockResolvedValue({ ...summary, empty: true }),
    });
    expect(
      await screen.findByText(
        /Tag its cloud resources with application=BrightPathMatrix/,
      ),
    ).toBeInTheDocument();
  });

  it('explains a permission error', async () => {
    const error = Object.assign(new Error('denied'), {
      name: 'NotAllowedError',
    });
    await render({ getSummary: jest.fn().mockRejectedValue(error) });
    expect(
      await screen.findByText(/do not have permission/),
    ).toBeInTheDocument();
  });
});

import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { CostSummary, EntityEfficiency } from '@groundwork/plugin-cost-common';
import { screen, waitFor } from '@testing-library/react';
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
    monthEnded: false,
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

const efficiency: EntityEfficiency = {
  configured: true,
  entityRef: 'component:default/brightpathmatrix',
  window: '30d',
  currency: 'USD',
  start: '2026-10-26T00:00:00Z',
  end: '2026-11-24T10:30:00Z',
  sources: ['brightpath'],
  missing: [],
  cpuEfficiency: 0.4213,
  ramEfficiency: 0.634,
  totalEfficiency: 0.52,
  totalCost: 410.5,
  idleCost: 187.25,
};

const notConfigured = {
  configured: false as const,
  message: 'Configure cost.opencost',
};

function render(api: Partial<CostApi>) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [
          costApiRef,
          {
            getEntityEfficiency: jest.fn().mockResolvedValue(notConfigured),
            ...api,
          },
        ],
      ]}
    >
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
      screen.getByText(
        /this month so far \(\+20\.0% vs the same days of the month before\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Forecast $3,100 of a $3,000 budget'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('budget used')).toBeInTheDocument();
  });

  it('names the month that just ended while this month has no billing data', async () => {
    await render({
      getSummary: jest.fn().mockResolvedValue({
        ...summary,
        forecast: { ...summary.forecast, month: '2026-02', monthEnded: true },
      }),
    });
    expect(
      await screen.findByText(/in 2026-02, the month that just ended \(/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/this month so far/)).not.toBeInTheDocument();
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

  it('says how to attribute cost when there is none, with the tag rules configured', async () => {
    await render({
      getSummary: jest.fn().mockResolvedValue({ ...summary, empty: true }),
      getAttributionRules: jest.fn().mockResolvedValue({
        tagRules: [
          { tag: 'application', kind: 'component' },
          { tag: 'team', kind: 'group' },
        ],
      }),
    });
    expect(
      await screen.findByText(
        /Tag its cloud resources with application=BrightPathMatrix, or add the annotation/,
      ),
    ).toBeInTheDocument();
  });

  it('never suggests a tag that attributes nothing when no tag rule applies', async () => {
    await render({
      getSummary: jest.fn().mockResolvedValue({ ...summary, empty: true }),
      getAttributionRules: jest.fn().mockResolvedValue({ tagRules: [] }),
    });
    expect(
      await screen.findByText(
        /Add the annotation "groundwork.dev\/cost-tags: key=value".*no tag rule of this Backstage attributes billing to a component/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/application=/)).not.toBeInTheDocument();
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

  it('shows Kubernetes efficiency from OpenCost', async () => {
    const getEntityEfficiency = jest.fn().mockResolvedValue(efficiency);
    await render({
      getSummary: jest.fn().mockResolvedValue(summary),
      getEntityEfficiency,
    });
    expect(
      await screen.findByText(
        'Kubernetes efficiency: CPU 42%, RAM 63%; idle $187',
      ),
    ).toBeInTheDocument();
    expect(getEntityEfficiency).toHaveBeenCalledWith({
      entityRef: 'component:default/brightpathmatrix',
    });
  });

  it.each([
    ['OpenCost is not configured', () => Promise.resolve(notConfigured)],
    [
      'the entity has no annotated workloads',
      () =>
        Promise.reject(
          Object.assign(new Error('Request failed with 404 Not Found'), {
            name: 'ResponseError',
            statusCode: 404,
          }),
        ),
    ],
  ])('shows no efficiency when %s', async (_, getEntityEfficiency) => {
    const api = {
      getSummary: jest.fn().mockResolvedValue(summary),
      getEntityEfficiency: jest.fn(getEntityEfficiency),
    };
    await render(api);
    expect(await screen.findByText('$2,400')).toBeInTheDocument();
    await waitFor(() => expect(api.getEntityEfficiency).toHaveBeenCalled());
    expect(screen.queryByText(/Kubernetes efficiency/)).not.toBeInTheDocument();
  });

  it('says quietly when efficiency cannot be read', async () => {
    await render({
      getSummary: jest.fn().mockResolvedValue(summary),
      getEntityEfficiency: jest
        .fn()
        .mockRejectedValue(new Error('OpenCost did not answer')),
    });
    expect(
      await screen.findByText(
        'Kubernetes efficiency unavailable: OpenCost did not answer',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('$2,400')).toBeInTheDocument();
  });
});

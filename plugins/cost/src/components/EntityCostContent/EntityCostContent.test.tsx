import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  Budget,
  CostBreakdown,
  CostComparison,
  CostSeries,
} from '@groundwork/plugin-cost-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { CostApi, costApiRef } from '../../api';
import { EntityCostContent } from './EntityCostContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'PeoriaData', namespace: 'default' },
  spec: { type: 'team' },
};
const entityRef = 'group:default/peoriadata';

const series: CostSeries = {
  entityRef,
  currency: 'USD',
  conversionRates: { USD: 1 },
  excludedCurrencies: [],
  granularity: 'day',
  groupBy: 'serviceCategory',
  from: '2026-11-01',
  to: '2026-11-02',
  points: [
    { period: '2026-11-01', values: { Compute: 10, Storage: 2 }, total: 12 },
    { period: '2026-11-02', values: { Compute: 11 }, total: 11 },
  ],
};
const comparison: CostComparison = {
  entityRef,
  currency: 'USD',
  conversionRates: { USD: 1 },
  excludedCurrencies: [],
  current: { from: '2026-11-01', to: '2026-11-30', cost: 23 },
  previous: { from: '2026-10-02', to: '2026-10-31', cost: 20 },
  change: 3,
  changePercent: 15,
};
const services: CostBreakdown = {
  entityRef,
  currency: 'USD',
  conversionRates: { USD: 1 },
  excludedCurrencies: [],
  by: 'serviceName',
  from: '2026-11-01',
  to: '2026-11-30',
  items: [{ key: 'Amazon Elastic Compute Cloud', cost: 21, previousCost: 20 }],
};

function api(overrides: Partial<CostApi> = {}): Partial<CostApi> {
  return {
    getSeries: jest.fn().mockResolvedValue(series),
    getComparison: jest.fn().mockResolvedValue(comparison),
    getBreakdown: jest.fn().mockResolvedValue(services),
    getTopResources: jest.fn().mockResolvedValue({
      entityRef,
      currency: 'USD',
      from: '2026-11-01',
      to: '2026-11-30',
      items: [
        {
          resourceId: 'arn:aws:ec2:i-1',
          resourceName: 'web-1',
          serviceName: 'Amazon Elastic Compute Cloud',
          cost: 19,
        },
      ],
    }),
    getBudget: jest.fn().mockResolvedValue(undefined),
    setBudget: jest.fn(),
    getAttributionRules: jest.fn().mockResolvedValue({
      tagRules: [{ tag: 'business_unit', kind: 'group' }],
    }),
    // The team's commitments (tested on their own) stay loading here.
    getCommitments: jest.fn(() => new Promise<never>(() => {})),
    getProjection: jest.fn(() => new Promise<never>(() => {})),
    ...overrides,
  };
}

const render = (costApi: Partial<CostApi>, shown: Entity = entity) =>
  renderInTestApp(
    <TestApiProvider apis={[[costApiRef, costApi]]}>
      <EntityProvider entity={shown}>
        <EntityCostContent />
      </EntityProvider>
    </TestApiProvider>,
  );

// The first render (MUI, recharts) is slow on a busy machine.
jest.setTimeout(30_000);

describe('EntityCostContent', () => {
  it('shows the comparison, top services and top resources', async () => {
    const costApi = api();
    await render(costApi);
    expect(await screen.findByText('web-1')).toBeInTheDocument();
    // once as a top service, once as the top resource's service
    expect(screen.getAllByText('Amazon Elastic Compute Cloud')).toHaveLength(2);
    expect(screen.getByText('$23.00')).toBeInTheDocument();
    expect(screen.getByText(/\+15\.0%/)).toBeInTheDocument();
    expect(costApi.getSeries).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef,
        granularity: 'day',
        groupBy: 'serviceCategory',
      }),
    );
  });

  it("asks for a team's commitments and projection, only on a group", async () => {
    const costApi = api();
    await render(costApi);
    await waitFor(() =>
      expect(costApi.getCommitments).toHaveBeenCalledWith({ entityRef }),
    );
    expect(costApi.getProjection).toHaveBeenCalledWith(entityRef);

    const componentApi = api();
    await render(componentApi, {
      ...entity,
      kind: 'Component',
      metadata: { name: 'web', namespace: 'default' },
    });
    expect(await screen.findAllByText('web-1')).not.toHaveLength(0);
    expect(componentApi.getCommitments).not.toHaveBeenCalled();
  });

  it('says what to do when there is no cost', async () => {
    await render(
      api({
        getComparison: jest.fn().mockResolvedValue({
          ...comparison,
          current: { ...comparison.current, cost: 0 },
          previous: { ...comparison.previous, cost: 0 },
        }),
        getBreakdown: jest.fn().mockResolvedValue({ ...services, items: [] }),
      }),
    );
    expect(
      await screen.findByText(
        /No billing data is attributed to PeoriaData yet. Tag its cloud resources with business_unit=PeoriaData/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/No monthly budget yet/)).toBeInTheDocument();
  });

  it('names cost in a currency without a rate', async () => {
    await render(
      api({
        getSeries: jest.fn().mockResolvedValue({
          ...series,
          conversionRates: { USD: 1, EUR: 1.08 },
          excludedCurrencies: [{ currency: 'GBP', cost: 42.5 }],
        }),
      }),
    );
    expect(
      await screen.findByText(
        '£42.50 in GBP not included: add cost.currency.rates.GBP',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Amounts in USD; 1 EUR = 1.08 USD (cost.currency.rates)',
      ),
    ).toBeInTheDocument();
  });

  it('saves a budget', async () => {
    const budget: Budget = {
      entityRef,
      amount: 500,
      currency: 'USD',
      source: 'api',
      updatedAt: '',
    };
    const costApi = api({ setBudget: jest.fn().mockResolvedValue(budget) });
    await render(costApi);
    fireEvent.change(await screen.findByLabelText('Monthly budget'), {
      target: { value: '500' },
    });
    fireEvent.click(screen.getByText('Save budget'));
    await waitFor(() =>
      expect(costApi.setBudget).toHaveBeenCalledWith(entityRef, {
        amount: 500,
        currency: 'USD',
      }),
    );
  });
});

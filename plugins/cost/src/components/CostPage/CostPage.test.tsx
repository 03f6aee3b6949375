import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { CostOverview, UnattributedCost } from '@groundwork/plugin-cost-common';
import { screen } from '@testing-library/react';
import { CostApi, costApiRef } from '../../api';
import { CostPage } from './CostPage';

const overview: CostOverview = {
  complete: true,
  currency: 'USD',
  conversionRates: { USD: 1, EUR: 1.08 },
  excludedCurrencies: [],
  month: '2026-11',
  monthEnded: false,
  total: 10000,
  unattributed: 500,
  unattributedPercent: 5,
  teams: [
    {
      entityRef: 'group:default/tempeai',
      monthToDate: 4000,
      forecast: 5200,
      budget: {
        entityRef: 'group:default/tempeai',
        amount: 5000,
        currency: 'USD',
        source: 'annotation',
        updatedAt: '',
      },
      budgetInCurrency: 5000,
    },
    {
      entityRef: 'group:default/viennaai',
      monthToDate: 900,
      forecast: 1200,
      budget: {
        entityRef: 'group:default/viennaai',
        amount: 1000,
        currency: 'EUR',
        source: 'api',
        updatedAt: '',
      },
      // 1 EUR = 1.08 USD
      budgetInCurrency: 1080,
    },
    { entityRef: 'group:default/lipadata', monthToDate: 1000, forecast: 1300 },
  ],
  movers: [
    {
      entityRef: 'group:default/tempeai',
      current: 4500,
      previous: 4000,
      change: 500,
      changePercent: 12.5,
    },
  ],
};
const unattributed: UnattributedCost = {
  currency: 'USD',
  conversionRates: { USD: 1 },
  excludedCurrencies: [],
  from: '2026-11-01',
  to: '2026-11-24',
  total: 500,
  topTags: [{ label: 'owner=someone', cost: 300 }],
  topAccounts: [{ label: 'acme-sandbox (410000000004)', cost: 500 }],
};

const render = (api: Partial<CostApi>) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [
          costApiRef,
          // The efficiency and commitment panels (tested on their own) stay
          // loading here.
          {
            getOrganisationEfficiency: () => new Promise<never>(() => {}),
            getCommitments: () => new Promise<never>(() => {}),
            ...api,
          },
        ],
      ]}
    >
      <CostPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

// The first render (MUI, recharts) is slow on a busy machine.
jest.setTimeout(30_000);

describe('CostPage', () => {
  it('has a section for leadership on commitments and projections', async () => {
    await render({
      getOverview: jest.fn().mockResolvedValue(overview),
      getUnattributed: jest.fn().mockResolvedValue(unattributed),
    });
    expect(
      await screen.findByRole('heading', {
        name: 'Commitments and projections',
      }),
    ).toBeInTheDocument();
  });

  it('shows teams against budget, movers and unattributed cost', async () => {
    await render({
      getOverview: jest.fn().mockResolvedValue(overview),
      getUnattributed: jest.fn().mockResolvedValue(unattributed),
    });
    expect(await screen.findByText('$10,000')).toBeInTheDocument();
    expect(screen.getByText(/5\.0% unattributed/)).toBeInTheDocument();
    expect(screen.getByText('Month to date')).toBeInTheDocument();
    expect(
      screen.queryByText(/the month that just ended/),
    ).not.toBeInTheDocument();
    expect(screen.getByText('$5,200 (over budget)')).toBeInTheDocument();
    expect(screen.getByText('80%')).toBeInTheDocument();
    expect(screen.getByText('none')).toBeInTheDocument();
    expect(screen.getByText('owner=someone')).toBeInTheDocument();
    expect(screen.getByText('+$500 (+12.5%)')).toBeInTheDocument();
    // A budget in EUR, compared once converted: 900 of 1,080 USD.
    expect(screen.getByText('€1,000 (≈ $1,080)')).toBeInTheDocument();
    expect(screen.getByText('83%')).toBeInTheDocument();
    expect(
      screen.queryByLabelText('excluded currencies'),
    ).not.toBeInTheDocument();
  });

  it('asks for the whole month shown, and says when that month has ended', async () => {
    const getUnattributed = jest.fn().mockResolvedValue(unattributed);
    await render({
      getOverview: jest
        .fn()
        .mockResolvedValue({ ...overview, month: '2026-02', monthEnded: true }),
      getUnattributed,
    });
    expect(
      await screen.findByText(
        /Showing 2026-02, the month that just ended: this month has no billing data yet/,
      ),
    ).toBeInTheDocument();
    expect(getUnattributed).toHaveBeenCalledWith({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(
      screen.getByText('Unattributed cost in 2026-02'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Month to date')).not.toBeInTheDocument();
  });

  it('names cost in currencies without a rate instead of dropping it', async () => {
    await render({
      getOverview: jest.fn().mockResolvedValue({
        ...overview,
        excludedCurrencies: [{ currency: 'JPY', cost: 123456 }],
      }),
      getUnattributed: jest.fn().mockResolvedValue(unattributed),
    });
    expect(
      await screen.findByText(
        '¥123,456 in JPY not included: add cost.currency.rates.JPY',
      ),
    ).toBeInTheDocument();
  });

  it('shows only the caller’s teams, without organisation totals', async () => {
    const getUnattributed = jest.fn();
    await render({
      getOverview: jest.fn().mockResolvedValue({
        ...overview,
        complete: false,
        total: 0,
        unattributed: 0,
        unattributedPercent: 0,
      }),
      getUnattributed,
    });
    expect(
      await screen.findByText('Spend by team against budget'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/unattributed/)).not.toBeInTheDocument();
    expect(getUnattributed).not.toHaveBeenCalled();
    expect(screen.getByRole('status')).toHaveTextContent(
      'You see the cost of the teams you belong to.',
    );
  });

  it('says what to do when nothing has been ingested', async () => {
    await render({
      getOverview: jest.fn().mockResolvedValue({
        ...overview,
        total: 0,
        unattributed: 0,
        teams: [],
        movers: [],
      }),
      getUnattributed: jest.fn().mockResolvedValue({
        ...unattributed,
        total: 0,
        topTags: [],
        topAccounts: [],
      }),
    });
    expect(
      await screen.findByText(/configures FOCUS exports under cost.sources/),
    ).toBeInTheDocument();
  });
});

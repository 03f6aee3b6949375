import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { OrganisationEfficiency } from '@groundwork/plugin-cost-common';
import { screen, within } from '@testing-library/react';
import { CostApi, costApiRef } from '../../api';
import { EfficiencyPanel } from './EfficiencyPanel';

const efficiency: OrganisationEfficiency = {
  configured: true,
  window: '30d',
  currency: 'USD',
  start: '2026-10-26T00:00:00Z',
  end: '2026-11-24T10:30:00Z',
  complete: true,
  clusterIdleCost: 660.84,
  teams: [
    {
      entityRef: 'group:default/lipadata',
      title: 'Lipa Data',
      entityCount: 1,
      cpuEfficiency: 0.1408,
      ramEfficiency: 0.153,
      totalEfficiency: 0.146,
      totalCost: 564.38,
      idleCost: 470.1,
    },
    {
      entityRef: 'group:default/peoriadata',
      title: 'Peoria Data',
      entityCount: 2,
      cpuEfficiency: 0.66,
      ramEfficiency: 0.67,
      totalEfficiency: 0.665,
      totalCost: 603.17,
      idleCost: 150.2,
    },
  ],
};

const render = (api: Partial<CostApi>) =>
  renderInTestApp(
    <TestApiProvider apis={[[costApiRef, api]]}>
      <EfficiencyPanel />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

jest.setTimeout(30_000);

describe('EfficiencyPanel', () => {
  it('shows efficiency per team with a chart, costs and cluster idle', async () => {
    const getOrganisationEfficiency = jest.fn(async () => efficiency);
    await render({ getOrganisationEfficiency });
    const table = await screen.findByRole('table', { name: 'team efficiency' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Lipa Data');
    expect(rows[1]).toHaveTextContent('14%');
    expect(rows[1]).toHaveTextContent('15%');
    expect(rows[1]).toHaveTextContent('$564');
    expect(rows[1]).toHaveTextContent('$470');
    expect(rows[2]).toHaveTextContent('Peoria Data');
    expect(rows[2]).toHaveTextContent('66%');
    expect(screen.getByText('$661')).toBeInTheDocument();
    const chart = screen.getByRole('figure', { name: 'efficiency chart' });
    // recharts draws its SVG surface (bars need a real layout, see e2e).
    expect(chart.querySelector('.recharts-surface')).not.toBeNull();
    expect(within(chart).getAllByText('CPU efficiency').length).toBeGreaterThan(
      0,
    );
    expect(getOrganisationEfficiency).toHaveBeenCalledWith({ window: '30d' });
  });

  it('leaves out cluster idle for those who may not see everything', async () => {
    await render({
      getOrganisationEfficiency: async () => ({
        ...efficiency,
        complete: false,
        clusterIdleCost: undefined,
        teams: efficiency.teams.slice(1),
      }),
    });
    await screen.findByRole('table', { name: 'team efficiency' });
    expect(screen.queryByText(/Cluster idle/)).not.toBeInTheDocument();
  });

  it('explains how to configure OpenCost when it is not configured', async () => {
    await render({
      getOrganisationEfficiency: async () => ({
        configured: false as const,
        message: 'OpenCost is not configured. Set cost.opencost.baseUrl …',
      }),
    });
    expect(
      await screen.findByText('OpenCost is not configured'),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/baseUrl/).length).toBeGreaterThan(0);
  });

  it('says what to annotate when no team has Kubernetes workloads', async () => {
    await render({
      getOrganisationEfficiency: async () => ({ ...efficiency, teams: [] }),
    });
    expect(
      await screen.findByText(/groundwork.dev\/kubernetes-namespace/),
    ).toBeInTheDocument();
  });

  it('shows errors with the shared error component', async () => {
    const error = new Error(
      'the OpenCost server at http://opencost:9003 is unreachable (ECONNREFUSED)',
    );
    error.name = 'ServiceUnavailableError';
    await render({
      getOrganisationEfficiency: async () => {
        throw error;
      },
    });
    expect(
      (await screen.findAllByText(/is unreachable \(ECONNREFUSED\)/)).length,
    ).toBeGreaterThan(0);
  });
});

import { usePermission } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ContractSummary } from '@groundwork/plugin-platform-contract-common';
import { platformContractApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { lateCampaign, mockApi } from '../../testing/fixtures';
import { CampaignsCard } from './CampaignsCard';

// usePermission caches decisions across renders, so tests decide directly.
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));
const allow = (allowed: boolean) => jest.mocked(usePermission).mockReturnValue({ loading: false, allowed });

// material-table renders slowly on a loaded CI machine.
jest.setTimeout(30_000);

const contracts: ContractSummary[] = [
  {
    name: 'kubernetes-service',
    file: 'k8s.yaml',
    valid: true,
    title: 'Kubernetes service contract',
    owner: 'group:default/platform-team',
    version: '1.0.0',
    levels: ['bronze', 'silver'],
    ruleCount: 2,
    errors: [],
  },
];

async function render(api: Parameters<typeof mockApi>[0], canManage: boolean) {
  allow(canManage);
  await renderInTestApp(
    <TestApiProvider apis={[[platformContractApiRef, mockApi(api)]]}>
      <CampaignsCard contracts={contracts} />
    </TestApiProvider>,
    { mountedRoutes: { '/platform-contract': rootRouteRef } },
  );
}

describe('CampaignsCard', () => {
  it('lists campaigns with target, deadline, progress and late teams, linking to each', async () => {
    await render({ listCampaigns: async () => ({ items: [lateCampaign] }) }, false);
    const link = await screen.findByRole('link', { name: 'TechDocs for everything in production' });
    expect(link).toHaveAttribute('href', '/platform-contract/campaigns/techdocs-in-production');
    const row = link.closest('tr')!;
    expect(row).toHaveTextContent('rule techdocs of kubernetes-service');
    expect(row).toHaveTextContent('2026-10-31');
    expect(row).toHaveTextContent('66.7% (2 / 3)');
    expect(row).toHaveTextContent('1 of 2');
    // Only those allowed to manage campaigns may start one.
    expect(screen.queryByRole('button', { name: 'New campaign' })).not.toBeInTheDocument();
  });

  it('explains how to declare a campaign when there is none', async () => {
    await render({ listCampaigns: async () => ({ items: [] }) }, false);
    expect(await screen.findByText('No campaigns yet')).toBeInTheDocument();
    expect(document.body).toHaveTextContent("spec: campaigns: - id: slo-links-q1");
  });

  it('lets admins start a campaign on a rule of a contract', async () => {
    const createCampaign = jest.fn().mockResolvedValue({});
    const listCampaigns = jest.fn().mockResolvedValue({ items: [] });
    await render(
      {
        listCampaigns,
        createCampaign,
        getContract: async () => ({
          ...contracts[0],
          document: {
            spec: {
              levels: [{ name: 'bronze' }],
              rules: [{ id: 'slo', title: 'SLO published' }],
            },
          } as any,
        }),
      },
      true,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'New campaign' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Title/), { target: { value: 'All services have an SLO!' } });
    fireEvent.mouseDown(within(dialog).getByLabelText(/Target/));
    fireEvent.click(await screen.findByRole('option', { name: 'Rule: SLO published (slo)' }));
    fireEvent.change(within(dialog).getByLabelText(/Deadline/), { target: { value: '2099-03-31' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start campaign' }));
    await waitFor(() =>
      expect(createCampaign).toHaveBeenCalledWith({
        id: 'all-services-have-an-slo',
        title: 'All services have an SLO!',
        description: '',
        contract: 'kubernetes-service',
        ruleId: 'slo',
        deadline: '2099-03-31',
        owner: 'group:default/platform-team',
      }),
    );
    // The list is reloaded to show the new campaign.
    await waitFor(() => expect(listCampaigns).toHaveBeenCalledTimes(2));
  });
});

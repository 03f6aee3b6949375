import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { platformContractApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { campaignDetails, mockApi } from '../../testing/fixtures';
import { CampaignPage } from './CampaignPage';

// usePermission caches decisions across renders, so tests decide directly.
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));
const allow = (allowed: boolean) => jest.mocked(usePermission).mockReturnValue({ loading: false, allowed });

// material-table renders slowly on a loaded CI machine.
jest.setTimeout(30_000);

describe('CampaignPage', () => {
  it('shows the campaign, each team and a page of entities with their status', async () => {
    const getCampaign = jest.fn().mockResolvedValue(campaignDetails);
    allow(true);
    await renderInTestApp(
      <TestApiProvider apis={[[platformContractApiRef, mockApi({ getCampaign })]]}>
        <Routes>
          <Route path="/platform-contract/campaigns/:id" element={<CampaignPage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/platform-contract/campaigns/techdocs-in-production'],
        mountedRoutes: {
          '/platform-contract': rootRouteRef,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    expect(await screen.findByRole('heading', { name: 'TechDocs for everything in production' })).toBeInTheDocument();
    expect(screen.getByText('TechDocs')).toBeInTheDocument(); // the markdown description
    expect(screen.getByText('Deadline 2026-10-31')).toBeInTheDocument();
    expect(screen.getByText('1 of 2 teams late')).toBeInTheDocument();
    expect(screen.getByText('66.7% done (2 of 3 entities)')).toBeInTheDocument();

    expect(screen.getByText('100% (2 / 2)').closest('tr')).toHaveTextContent('peoriadata');
    expect(screen.getByText('0% (0 / 1)').closest('tr')).toHaveTextContent('lipadata');

    const late = (await screen.findAllByText('Late')).find(el => el.closest('tr')?.textContent?.includes('primemanagerdrive'));
    expect(late).toBeDefined();
    const done = screen.getByText('Done', { selector: '.MuiChip-label' });
    expect(done.closest('tr')).toHaveTextContent('brightpathmatrix');
    // The entity table asks the backend for its first page.
    expect(getCampaign).toHaveBeenCalledWith('techdocs-in-production', { limit: 20, offset: 0 });
    // Contract-declared campaigns are ended in the YAML, not here.
    expect(screen.queryByRole('button', { name: 'Delete campaign' })).not.toBeInTheDocument();
  });
});

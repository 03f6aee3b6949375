import { NotAllowedError } from '@backstage/errors';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  CommitmentReport,
  NO_COMMITMENT_DATA_ADVICE,
} from '@groundwork/plugin-cost-common';
import { screen, within } from '@testing-library/react';
import { CostApi, costApiRef } from '../../api';
import { projection, report } from './__fixtures__/reports';
import {
  ORGANISATION_NOT_ALLOWED,
  OrganisationCommitments,
} from './OrganisationCommitments';

const groups = [
  { kind: 'Group', metadata: { name: 'acme' }, spec: { type: 'organization' } },
  {
    kind: 'Group',
    metadata: { name: 'TempeAI' },
    spec: { type: 'team', parent: 'data-science' },
  },
].map(g => ({ apiVersion: 'backstage.io/v1alpha1', ...g }));

const render = (api: Partial<CostApi>) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [costApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: groups })],
      ]}
    >
      <OrganisationCommitments />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

// The first render (MUI, recharts) is slow on a busy machine.
jest.setTimeout(30_000);

describe('OrganisationCommitments', () => {
  it('shows the under-used commitment, coverage, savings and the year-end projection against budget', async () => {
    const getProjection = jest.fn(async (ref: string) => projection(ref));
    await render({
      getCommitments: jest.fn().mockResolvedValue(report),
      getProjection,
    });
    // Headline figures.
    const figure = async (name: string) =>
      (await screen.findByRole('group', { name })).textContent;
    expect(await figure('Utilisation')).toBe('Utilisation80%');
    expect(await figure('Coverage of eligible spend')).toMatch(/25%$/);
    expect(await figure('Saved')).toBe('Saved$300');
    expect(await figure('Unused (waste)')).toBe('Unused (waste)$200');
    expect(screen.getByRole('status')).toHaveTextContent(
      'Under-used: EC2 Instance Savings Plan m5 (40% used, $150 unused)',
    );
    // Waste: the under-used commitment is marked, the well-used one is not.
    const commitments = screen.getByRole('table', { name: 'commitments' });
    const rows = within(commitments).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('EC2 Instance Savings Plan m5');
    expect(rows[1]).toHaveTextContent('Under-used (below 80%)');
    expect(rows[1]).toHaveAttribute('data-under-used', 'true');
    // A commitment without a name is shown by its id.
    expect(rows[2]).toHaveTextContent('cud-1');
    expect(rows[2]).not.toHaveTextContent('Under-used');
    // Coverage by provider and service category, and the total.
    const coverage = screen.getByRole('table', { name: 'coverage' });
    expect(
      within(coverage).getByRole('row', { name: /AI and Machine Learning/ }),
    ).toHaveTextContent('10%');
    expect(
      within(coverage).getByRole('row', { name: /Total/ }),
    ).toHaveTextContent('$2,000$50025%');
    expect(
      screen.getByText(/Commitment purchases paid in this period: \$900/),
    ).toBeInTheDocument();
    // Charts: utilisation by month and savings by month.
    expect(
      screen.getByRole('figure', { name: 'utilisation chart' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('figure', { name: 'savings chart' }),
    ).toBeInTheDocument();
    // The organisation's projection: its top-level group only.
    const table = await screen.findByRole('table', {
      name: 'projection group:default/acme',
    });
    expect(getProjection).toHaveBeenCalledTimes(1);
    expect(getProjection).toHaveBeenCalledWith('group:default/acme');
    expect(
      within(table).getByRole('row', { name: /FY2027 \(/ }),
    ).toHaveTextContent('$370,000$360,000$10,000 over (annual budget)');
    expect(
      screen.getByText(
        /Method: run rate \$1,000 a day over the last 30 days; month-over-month trend \+5\.0%/,
      ),
    ).toBeInTheDocument();
  });

  it('says what to enable when the exports have no commitment data, and still projects', async () => {
    const empty: CommitmentReport = {
      ...report,
      hasData: false,
      advice: NO_COMMITMENT_DATA_ADVICE,
    };
    await render({
      getCommitments: jest.fn().mockResolvedValue(empty),
      getProjection: jest.fn(async (ref: string) => projection(ref)),
    });
    expect(
      await screen.findByText('No commitment data in your billing exports'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/PricingCategory and CommitmentDiscount\* columns/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'commitments' }),
    ).not.toBeInTheDocument();
    expect(
      await screen.findByRole('table', {
        name: 'projection group:default/acme',
      }),
    ).toBeInTheDocument();
  });

  it('tells a caller without the organisation permission where to look, without an error', async () => {
    const getProjection = jest.fn();
    await render({
      getCommitments: jest
        .fn()
        .mockRejectedValue(
          new NotAllowedError('Only those who may see all costs'),
        ),
      getProjection,
    });
    expect(
      await screen.findByText(ORGANISATION_NOT_ALLOWED),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Only those who may see all costs/),
    ).not.toBeInTheDocument();
    expect(getProjection).not.toHaveBeenCalled();
  });
});

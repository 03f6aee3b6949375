import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { NO_COMMITMENT_DATA_ADVICE } from '@groundwork/plugin-cost-common';
import { screen, within } from '@testing-library/react';
import { CostApi, costApiRef } from '../../api';
import { projection, report } from './__fixtures__/reports';
import { TeamCommitments } from './TeamCommitments';

const entityRef = 'group:default/tempeai';

const render = (api: Partial<CostApi>) =>
  renderInTestApp(
    <TestApiProvider apis={[[costApiRef, api]]}>
      <TeamCommitments entityRef={entityRef} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

// The first render (MUI, recharts) is slow on a busy machine.
jest.setTimeout(30_000);

describe('TeamCommitments', () => {
  it("shows the team's coverage, savings and projection, not the organisation's waste", async () => {
    const getCommitments = jest.fn().mockResolvedValue({
      ...report,
      entityRef,
    });
    const getProjection = jest.fn(async (ref: string) => ({
      ...projection(ref),
      fiscalYear: {
        ...projection(ref).fiscalYear,
        budget: 400000,
        overBudget: false,
      },
    }));
    await render({ getCommitments, getProjection });
    expect(
      await screen.findByText(
        '25% of eligible spend covered by commitments; $300 saved.',
      ),
    ).toBeInTheDocument();
    expect(getCommitments).toHaveBeenCalledWith({ entityRef });
    expect(getProjection).toHaveBeenCalledWith(entityRef);
    expect(screen.getByRole('table', { name: 'coverage' })).toBeInTheDocument();
    expect(
      screen.getByRole('figure', { name: 'savings chart' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'commitments' }),
    ).not.toBeInTheDocument();
    const table = screen.getByRole('table', {
      name: `projection ${entityRef}`,
    });
    expect(
      within(table).getByRole('row', { name: /FY2027 \(/ }),
    ).toHaveTextContent('$30,000 under (annual budget)');
    expect(
      within(table).getByRole('row', { name: /FY2027 Q3/ }),
    ).toHaveTextContent('$2,000 over (annual budget)');
  });

  it('says what to enable without commitment data, and still projects', async () => {
    await render({
      getCommitments: jest.fn().mockResolvedValue({
        ...report,
        hasData: false,
        advice: NO_COMMITMENT_DATA_ADVICE,
      }),
      getProjection: jest.fn(async (ref: string) => ({
        ...projection(ref),
        quarter: {
          ...projection(ref).quarter,
          budget: undefined,
          overBudget: undefined,
          budgetSource: undefined,
        },
      })),
    });
    expect(
      await screen.findByText(NO_COMMITMENT_DATA_ADVICE),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', {
      name: `projection ${entityRef}`,
    });
    expect(
      within(table).getByRole('row', { name: /FY2027 Q3/ }),
    ).toHaveTextContent('no budget');
  });
});

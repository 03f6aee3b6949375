import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { mlopsApiRef } from '../../api';
import { MlopsPage } from './MlopsPage';

const render = (getOverview: jest.Mock) =>
  renderInTestApp(
    <TestApiProvider apis={[[mlopsApiRef, { getOverview }]]}>
      <MlopsPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

describe('MlopsPage', () => {
  it('says what will appear when there is nothing yet', async () => {
    await render(jest.fn().mockResolvedValue({ projects: [] }));
    expect(await screen.findByText(/will appear here/)).toBeInTheDocument();
  });

  it('lists ML projects with last run, best metric, champion and traceability', async () => {
    await render(
      jest.fn().mockResolvedValue({
        projects: [
          {
            entityRef: 'component:default/zoommapmax',
            owner: 'group:default/tempeai',
            experiments: ['zoommap-eta-forecast'],
            lastRun: {
              runId: 'r',
              runName: 'lgbm-nightly',
              status: 'RUNNING',
              experimentId: '1',
              startTime: 0,
            },
            bestMetric: {
              key: 'val_mae_minutes',
              value: 1.7131,
              direction: 'ASC',
              runId: 'b',
              runName: 'lgbm-weather-join-v2',
            },
            champion: {
              model: 'zoommap-eta',
              version: '3',
              traceability: 'traceable',
              gaps: [],
            },
          },
          {
            entityRef: 'component:default/elsewhere',
            experiments: [],
            error: {
              name: 'ServiceUnavailableError',
              message: "MLflow server 'down' is unreachable",
            },
          },
        ],
      }),
    );
    expect(await screen.findByText('zoommapmax')).toBeInTheDocument();
    expect(screen.getByText(/lgbm-nightly \(RUNNING/)).toBeInTheDocument();
    expect(
      screen.getByText('val_mae_minutes 1.713 (lgbm-weather-join-v2)'),
    ).toBeInTheDocument();
    expect(screen.getByText('zoommap-eta v3')).toBeInTheDocument();
    expect(screen.getByText('traceable')).toBeInTheDocument();
    expect(
      screen.getByText(
        /ServiceUnavailableError: MLflow server 'down' is unreachable/,
      ),
    ).toBeInTheDocument();
  });
});

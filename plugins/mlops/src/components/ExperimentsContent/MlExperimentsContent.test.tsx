import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { mlopsApiRef } from '../../api';
import { mlProject, responseError } from '../../testUtils/fixtures';
import { MlExperimentsContent } from './MlExperimentsContent';

const render = (annotations: Record<string, string>, api: object) =>
  renderInTestApp(
    <TestApiProvider apis={[[mlopsApiRef, api]]}>
      <EntityProvider entity={mlProject(annotations)}>
        <MlExperimentsContent />
      </EntityProvider>
    </TestApiProvider>,
  );

describe('MlExperimentsContent', () => {
  it('says which annotation to add when the entity has none', async () => {
    const getExperiments = jest.fn();
    await render({}, { getExperiments });
    expect(
      screen.getAllByText(/mlflow.org\/experiment-name/).length,
    ).toBeGreaterThan(0);
    expect(getExperiments).not.toHaveBeenCalled();
  });

  it('shows the mapped error when the tracking server is unreachable', async () => {
    const error = await responseError(
      503,
      'ServiceUnavailableError',
      "MLflow server 'demo' is unreachable (ECONNREFUSED)",
    );
    await render(
      { 'mlflow.org/experiment-name': 'zoommap-eta-forecast' },
      { getExperiments: jest.fn().mockRejectedValue(error) },
    );
    expect(
      await screen.findByText(/MLflow server unreachable \(HTTP 503\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/is unreachable \(ECONNREFUSED\)/),
    ).toBeInTheDocument();
  });

  it('reports experiments the server does not know', async () => {
    await render(
      { 'mlflow.org/experiment-name': 'typo' },
      {
        getExperiments: jest.fn().mockResolvedValue({
          server: 'demo',
          experiments: [],
          missing: [{ kind: 'experiment-name', value: 'typo' }],
        }),
      },
    );
    expect(
      await screen.findByText(
        /Not found on MLflow server 'demo': experiment-name 'typo'/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/None of this entity's experiments exist/),
    ).toBeInTheDocument();
  });

  it('shows experiments and their runs', async () => {
    const getRuns = jest.fn().mockResolvedValue({
      runs: [],
      availableParams: [],
      availableMetrics: [],
      columns: { params: [], metrics: [] },
    });
    await render(
      {
        'mlflow.org/experiment-name': 'churn-predictor,churn-predictor-sweeps',
      },
      {
        getExperiments: jest.fn().mockResolvedValue({
          server: 'demo',
          missing: [],
          experiments: [
            {
              experimentId: '2',
              name: 'churn-predictor',
              lifecycleStage: 'active',
              tags: {},
            },
            {
              experimentId: '3',
              name: 'churn-predictor-sweeps',
              lifecycleStage: 'active',
              tags: {},
            },
          ],
        }),
        getRuns,
      },
    );
    expect(
      await screen.findByText('churn-predictor-sweeps'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('This experiment has no runs yet.'),
    ).toBeInTheDocument();
    // one request, carrying the column choice (the default one)
    expect(getRuns).toHaveBeenCalledTimes(1);
    expect(getRuns).toHaveBeenCalledWith(
      'component:default/zoommapmax',
      expect.objectContaining({ experimentIds: ['2', '3'], defaultColumns: 4 }),
    );
    expect(
      screen.getByText('Select runs in the table to chart and compare them.'),
    ).toBeInTheDocument();
  });
});

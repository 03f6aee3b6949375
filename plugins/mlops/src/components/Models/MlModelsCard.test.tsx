import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { fireEvent, screen } from '@testing-library/react';
import { mlopsApiRef } from '../../api';
import { mlProject } from '../../testUtils/fixtures';
import { MlModelsCard } from './MlModelsCard';

describe('MlModelsCard', () => {
  it('lists versions and aliases and traces a version', async () => {
    const getLineage = jest.fn().mockResolvedValue({
      modelVersion: {
        name: 'zoommap-eta',
        version: '3',
        aliases: ['champion'],
        tags: {},
      },
      run: {
        runId: 'r3',
        runName: 'lgbm-weather-join',
        status: 'FINISHED',
        experimentId: '1',
      },
      datasets: [
        {
          name: 'zoommap-trips-2026-10',
          digest: 'a1b2c3d4',
          sourceType: 's3',
          source: '{}',
        },
      ],
      git: {
        repoUrl: 'https://github.com/acme/zoommap-max',
        commit: '0123456789abcdef',
      },
      codeOwner: { entityRef: 'component:default/zoommapmax' },
      traceability: 'traceable',
      gaps: [],
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            mlopsApiRef,
            {
              getModels: jest.fn().mockResolvedValue({
                server: 'demo',
                missing: [{ kind: 'registered-model', value: 'gone' }],
                models: [
                  {
                    name: 'zoommap-eta',
                    aliases: { champion: '3', challenger: '4' },
                    tags: {},
                    versions: [
                      {
                        name: 'zoommap-eta',
                        version: '4',
                        aliases: ['challenger'],
                        tags: {},
                        runId: 'r4',
                        status: 'READY',
                      },
                      {
                        name: 'zoommap-eta',
                        version: '3',
                        aliases: ['champion'],
                        tags: {},
                        runId: 'r3',
                        status: 'READY',
                      },
                    ],
                  },
                ],
              }),
              getLineage,
            },
          ],
        ]}
      >
        <EntityProvider
          entity={mlProject({
            'mlflow.org/registered-model': 'zoommap-eta,gone',
          })}
        >
          <MlModelsCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('@champion → v3')).toBeInTheDocument();
    expect(screen.getByText('@challenger → v4')).toBeInTheDocument();
    expect(
      screen.getByText(/Registered model 'gone' does not exist/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Lineage of v3' }));
    expect(
      await screen.findByText('zoommap-eta v3 is traceable'),
    ).toBeInTheDocument();
    expect(getLineage).toHaveBeenCalledWith(
      'component:default/zoommapmax',
      'zoommap-eta',
      '3',
    );
    expect(screen.getByText('zoommap-trips-2026-10')).toBeInTheDocument();
    expect(screen.getByText('0123456789ab')).toBeInTheDocument();
    expect(screen.getByText('zoommapmax')).toBeInTheDocument();
  });

  it('says which annotation to add', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsApiRef, {}]]}>
        <EntityProvider entity={mlProject({})}>
          <MlModelsCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      screen.getAllByText(/mlflow.org\/registered-model/).length,
    ).toBeGreaterThan(0);
  });
});

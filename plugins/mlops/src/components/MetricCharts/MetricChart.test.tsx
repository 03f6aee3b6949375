import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { RunSummary } from '@groundwork/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { MetricChart } from './MetricChart';

const run = (runId: string, runName: string): RunSummary => ({
  runId,
  runName,
  experimentId: '1',
  status: 'FINISHED',
  params: {},
  metrics: {},
});

describe('MetricChart', () => {
  it('asks for downsampled histories of the selected runs and flags undrawable values', async () => {
    const getMetricHistories = jest.fn().mockResolvedValue({
      series: [
        {
          runId: 'a',
          key: 'val_loss',
          totalPoints: 400,
          points: [
            { step: 0, timestamp: 0, value: 2 },
            { step: 399, timestamp: 1000, value: 0.2 },
          ],
        },
        {
          runId: 'b',
          key: 'val_loss',
          totalPoints: 400,
          points: [
            { step: 0, timestamp: 0, value: 2 },
            { step: 399, timestamp: 1000, value: 'NaN' },
          ],
        },
      ],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsApiRef, { getMetricHistories }]]}>
        <MetricChart
          entityRef="component:default/x"
          runs={[run('a', 'steady'), run('b', 'diverged')]}
          metricKeys={['val_loss', 'train_loss']}
          maxPoints={300}
          width={600}
        />
      </TestApiProvider>,
    );
    await waitFor(() =>
      expect(getMetricHistories).toHaveBeenCalledWith('component:default/x', {
        runIds: ['a', 'b'],
        keys: ['val_loss'],
        maxPoints: 300,
      }),
    );
    expect(
      await screen.findByText('Not drawn: NaN or infinite values in diverged'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Log scale')).toBeInTheDocument();
    expect(screen.getByText('Smoothing 0.00')).toBeInTheDocument();
  });
});

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

// Recharts renders slowly on a loaded CI machine.
jest.setTimeout(30_000);

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
    // whole histories: nothing to say about sampling
    expect(screen.queryByText(/Showing/)).toBeNull();
  });

  const longSeries = (runId: string, shown: number, total: number) => ({
    runId,
    key: 'loss',
    totalPoints: total,
    sampled: true,
    points: Array.from({ length: shown }, (_, i) => ({
      step: Math.round((i * (total - 1)) / (shown - 1)),
      timestamp: i,
      value: 1 / (i + 1),
    })),
  });

  it('says when a history was downsampled', async () => {
    const getMetricHistories = jest
      .fn()
      .mockResolvedValue({ series: [longSeries('a', 2000, 100_000)] });
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsApiRef, { getMetricHistories }]]}>
        <MetricChart
          entityRef="component:default/x"
          runs={[run('a', 'long')]}
          metricKeys={['loss']}
          maxPoints={2000}
          width={600}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Showing 2,000 of 100,000 points (min/max kept)'),
    ).toBeInTheDocument();
  });

  it('names the downsampled runs when several are charted', async () => {
    const getMetricHistories = jest.fn().mockResolvedValue({
      series: [
        longSeries('a', 500, 30_000),
        {
          runId: 'b',
          key: 'loss',
          totalPoints: 2,
          points: [
            { step: 0, timestamp: 0, value: 2 },
            { step: 1, timestamp: 1, value: 1 },
          ],
        },
      ],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsApiRef, { getMetricHistories }]]}>
        <MetricChart
          entityRef="component:default/x"
          runs={[run('a', 'long'), run('b', 'short')]}
          metricKeys={['loss']}
          width={600}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        'Showing 500 of 30,000 points of long (min/max kept)',
      ),
    ).toBeInTheDocument();
  });
});

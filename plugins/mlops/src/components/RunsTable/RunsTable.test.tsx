import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { RunsPage } from '@groundwork/plugin-mlops-common';
import { mlopsApiRef } from '../../api';
import { RunsTable } from './RunsTable';

const page = (names: string[], nextPageToken?: string): RunsPage => ({
  runs: names.map(name => ({
    runId: `id-${name}`,
    runName: name,
    experimentId: '1',
    status: 'FINISHED',
    startTime: Date.UTC(2026, 9, 1),
    endTime: Date.UTC(2026, 9, 1, 0, 5),
    params: { lr: '0.1' },
    metrics: { loss: name === 'b' ? 'NaN' : 0.25 },
  })),
  nextPageToken,
  availableParams: ['lr'],
  availableMetrics: ['loss'],
});

describe('RunsTable', () => {
  it('pages, sorts and filters on the server', async () => {
    const getRuns = jest
      .fn()
      .mockResolvedValueOnce(page(['a', 'b'], 'tok'))
      .mockResolvedValue(page(['c']));
    const onOpenRun = jest.fn();
    const onSelectedChange = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsApiRef, { getRuns }]]}>
        <RunsTable
          entityRef="component:default/x"
          experimentIds={['1']}
          selected={[]}
          onSelectedChange={onSelectedChange}
          onOpenRun={onOpenRun}
          pageSize={2}
        />
      </TestApiProvider>,
    );
    expect(await screen.findByText('a')).toBeInTheDocument();
    expect(screen.getByText('NaN')).toBeInTheDocument();
    expect(screen.getByText('0.2500')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('c')).toBeInTheDocument();
    expect(getRuns).toHaveBeenLastCalledWith(
      'component:default/x',
      expect.objectContaining({ pageToken: 'tok', pageSize: 2 }),
    );

    fireEvent.click(
      screen
        .getAllByRole('button', { name: 'loss' })
        .find(b => b.classList.contains('MuiTableSortLabel-root'))!,
    );
    await waitFor(() =>
      expect(getRuns).toHaveBeenLastCalledWith(
        'component:default/x',
        expect.objectContaining({
          orderBy: ['metrics.`loss` ASC'],
          pageToken: undefined,
        }),
      ),
    );

    fireEvent.change(screen.getByLabelText('MLflow filter'), {
      target: { value: "params.lr = '0.1'" },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(getRuns).toHaveBeenLastCalledWith(
        'component:default/x',
        expect.objectContaining({ filter: "params.lr = '0.1'" }),
      ),
    );

    fireEvent.click(await screen.findByText('c'));
    expect(onOpenRun).toHaveBeenCalledWith('id-c');
    fireEvent.click(screen.getByLabelText('select c'));
    expect(onSelectedChange).toHaveBeenCalledWith([
      expect.objectContaining({ runId: 'id-c' }),
    ]);
  });

  it('says when an experiment is empty', async () => {
    const getRuns = jest.fn().mockResolvedValue({
      runs: [],
      availableParams: [],
      availableMetrics: [],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsApiRef, { getRuns }]]}>
        <RunsTable
          entityRef="component:default/x"
          experimentIds={['4']}
          selected={[]}
          onSelectedChange={jest.fn()}
          onOpenRun={jest.fn()}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('This experiment has no runs yet.'),
    ).toBeInTheDocument();
  });
});

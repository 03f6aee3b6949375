import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { RunsPage } from '@groundwork/plugin-mlops-common';
import { MlopsClient, mlopsApiRef } from '../../api';
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
  columns: { params: ['lr'], metrics: ['loss'] },
});

// Material UI's selects and tables render slowly on a loaded CI machine.
jest.setTimeout(30_000);

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

  it('sends the column choice with its very first request', async () => {
    const urls: string[] = [];
    const body = (params: Record<string, string>): RunsPage => ({
      runs: [
        {
          runId: 'id-a',
          runName: 'a',
          experimentId: '1',
          status: 'FINISHED',
          params,
          metrics: { auc: 0.9 },
        },
      ],
      availableParams: ['depth', 'lr', 'seed'],
      availableMetrics: ['auc'],
      columns: { params: Object.keys(params), metrics: ['auc'] },
    });
    const fetchApi = {
      fetch: jest.fn(async (url: string) => {
        urls.push(url);
        const picked = new URL(url).searchParams.get('params');
        return {
          ok: true,
          json: async () =>
            body(picked === 'seed' ? { seed: '7' } : { depth: '3', lr: '0.1' }),
        };
      }),
    };
    const api = new MlopsClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/mlops' },
      fetchApi: fetchApi as any,
    });
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsApiRef, api]]}>
        <RunsTable
          entityRef="component:default/x"
          experimentIds={['1']}
          selected={[]}
          onSelectedChange={jest.fn()}
          onOpenRun={jest.fn()}
        />
      </TestApiProvider>,
    );
    expect(await screen.findByText('0.1')).toBeInTheDocument();
    // one request, which already asked for the default columns
    expect(urls).toHaveLength(1);
    const first = new URL(urls[0]).searchParams;
    expect(first.get('defaultColumns')).toBe('4');
    expect(first.has('params')).toBe(false);
    // the table shows the columns the server chose
    expect(screen.getAllByRole('columnheader').map(h => h.textContent)).toEqual(
      expect.arrayContaining(['depth', 'lr', 'auc']),
    );
    expect(screen.queryByRole('columnheader', { name: 'seed' })).toBeNull();

    // picking columns asks for exactly those
    fireEvent.mouseDown(
      screen.getAllByRole('button', { name: /depth, lr/ })[0],
    );
    fireEvent.click(await screen.findByRole('option', { name: 'depth' }));
    fireEvent.click(screen.getByRole('option', { name: 'lr' }));
    fireEvent.click(screen.getByRole('option', { name: 'seed' }));
    expect(await screen.findByText('7')).toBeInTheDocument();
    expect(new URL(urls[urls.length - 1]).searchParams.get('params')).toBe(
      'seed',
    );
  });

  it('says when an experiment is empty', async () => {
    const getRuns = jest.fn().mockResolvedValue({
      runs: [],
      availableParams: [],
      availableMetrics: [],
      columns: { params: [], metrics: [] },
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

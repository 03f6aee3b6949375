import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { mlopsApiRef } from '../../api';
import { runDetail } from '../../testUtils/fixtures';
import { RunDetailDrawer } from './RunDetailDrawer';

describe('RunDetailDrawer', () => {
  it('shows source, datasets, params, metrics, artifacts and nested runs', async () => {
    const detail = {
      ...runDetail('a', { lr: '0.1' }, { val_loss: 0.15 }),
      children: [
        { runId: 'c1', runName: 'trial-0', status: 'FINISHED' as const },
      ],
    };
    const onOpenRun = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[[mlopsApiRef, { getRun: jest.fn().mockResolvedValue(detail) }]]}
      >
        <RunDetailDrawer
          entityRef="component:default/x"
          runId="a"
          onClose={jest.fn()}
          onOpenRun={onOpenRun}
        />
      </TestApiProvider>,
    );
    expect(await screen.findByText('run-a')).toBeInTheDocument();
    expect(screen.getByText('0123456789ab').closest('a')).toHaveAttribute(
      'href',
      'https://github.com/acme/zoommap-max/commit/0123456789abcdef0123456789abcdef01234567',
    );
    expect(
      screen.getByText('zoommap-trips-2026-10 (training)'),
    ).toBeInTheDocument();
    expect(screen.getByText(/digest a1b2c3d4/)).toBeInTheDocument();
    expect(screen.getByText('0.1500 (step 399)')).toBeInTheDocument();
    expect(screen.getByText('model/')).toBeInTheDocument();
    fireEvent.click(screen.getByText('trial-0 (FINISHED)'));
    expect(onOpenRun).toHaveBeenCalledWith('c1');
  });
});

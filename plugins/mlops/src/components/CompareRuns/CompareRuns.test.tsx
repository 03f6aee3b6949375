import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { mlopsApiRef } from '../../api';
import { runDetail } from '../../testUtils/fixtures';
import { CompareRuns } from './CompareRuns';

describe('CompareRuns', () => {
  it('shows only differing params and plots them against a metric', async () => {
    const details = {
      a: runDetail('a', { lr: '0.1', seed: '7', model: 'lgbm' }, { auc: 0.8 }),
      b: runDetail(
        'b',
        { lr: '0.05', seed: '7', model: 'xgb' },
        { auc: 'NaN' },
      ),
    };
    const getRun = jest.fn((_ref: string, id: 'a' | 'b') =>
      Promise.resolve(details[id]),
    );
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsApiRef, { getRun }]]}>
        <CompareRuns
          entityRef="component:default/x"
          runs={[details.a.run, details.b.run]}
        />
      </TestApiProvider>,
    );
    const table = await screen.findByRole('table', { name: 'run comparison' });
    expect(within(table).getByText('lr')).toBeInTheDocument();
    expect(within(table).getByText('model')).toBeInTheDocument();
    expect(within(table).queryByText('seed')).not.toBeInTheDocument();
    expect(within(table).getByText('NaN')).toBeInTheDocument();
    expect(
      screen.getByText('2 parameter(s) differ between the selected runs'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'parallel coordinates of lr, model against auc',
      }),
    ).toBeInTheDocument();
  });
});

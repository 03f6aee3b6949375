import { identityApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { Waiver } from '@groundwork/plugin-platform-contract-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { platformContractApiRef } from '../api';
import { mockApi } from '../testing/fixtures';
import { WaiverTable } from './WaiverTable';

const waiver = (id: string, requestedBy: string, reason: string): Waiver => ({
  id,
  contract: 'kubernetes-service',
  entityRef: 'component:default/primemanagerdrive',
  ruleId: 'on-call',
  reason,
  conditions: '',
  expiresAt: '2099-01-01T00:00:00.000Z',
  status: 'requested',
  active: false,
  contractOwner: 'group:default/platform-team',
  requestedBy,
  requestedAt: '2026-01-01T00:00:00.000Z',
});

// The table (material-table) renders slowly on a loaded CI machine.
jest.setTimeout(30_000);

describe('WaiverTable', () => {
  it('disables deciding on the signed-in user’s own request, saying why', async () => {
    const api = mockApi({
      listWaivers: jest.fn().mockResolvedValue({
        items: [
          waiver('mine', 'user:default/Alice', 'My own request'),
          waiver('theirs', 'user:default/bob', 'Bob asks'),
        ],
      }),
      decideWaiver: jest.fn().mockResolvedValue({}),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [platformContractApiRef, api],
          [
            identityApiRef,
            mockApis.identity({ userEntityRef: 'user:default/alice' }),
          ],
        ]}
      >
        <WaiverTable query={{ status: 'requested' }} />
      </TestApiProvider>,
    );
    const rowOf = async (text: string) =>
      (await screen.findAllByRole('row')).find(r =>
        r.textContent?.includes(text),
      )!;

    const mine = await rowOf('My own request');
    await waitFor(() =>
      expect(
        within(mine).getByRole('button', { name: 'Approve' }),
      ).toBeDisabled(),
    );
    expect(within(mine).getByRole('button', { name: 'Reject' })).toBeDisabled();
    expect(
      within(mine).getByText(
        'You requested it: another contract owner decides.',
      ),
    ).toBeInTheDocument();

    const theirs = await rowOf('Bob asks');
    expect(within(theirs).queryByText(/You requested it/)).toBeNull();
    await userEvent.click(
      within(theirs).getByRole('button', { name: 'Approve' }),
    );
    await waitFor(() =>
      expect(api.decideWaiver).toHaveBeenCalledWith('theirs', 'approve'),
    );
  });
});

import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { identityApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { platformContractApiRef } from '../../api';
import { mockApi, serviceEntity, serviceResult } from '../../testing/fixtures';
import { EntityScorecardContent } from './EntityScorecardContent';

function setup() {
  const api = mockApi({
    getEntityResults: jest.fn().mockResolvedValue({ entityRef: serviceResult.entityRef, items: [serviceResult] }),
    evaluateEntity: jest.fn().mockResolvedValue({ entityRef: serviceResult.entityRef, items: [serviceResult] }),
    getContract: jest.fn().mockResolvedValue({
      name: 'kubernetes-service', file: 'x.yaml', valid: true, levels: [], ruleCount: 4, errors: [],
      document: { spec: { maxWaiverDays: 60 } },
    }),
    listWaivers: jest.fn().mockResolvedValue({ items: [] }),
    requestWaiver: jest.fn().mockResolvedValue({}),
  });
  return api;
}

async function render(api: ReturnType<typeof setup>) {
  await renderInTestApp(
    <TestApiProvider apis={[[platformContractApiRef, api], [identityApiRef, mockApis.identity()]]}>
      <EntityProvider entity={serviceEntity}>
        <EntityScorecardContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

// The rules table (material-table) renders slowly on a loaded CI machine.
jest.setTimeout(30_000);

describe('EntityScorecardContent', () => {
  it('lists failing rules first with the facts that decided them', async () => {
    const api = setup();
    await render(api);
    const rows = await screen.findAllByRole('row');
    const titles = rows.map(r => r.textContent ?? '');
    const failIndex = titles.findIndex(t => t.includes('Has an on-call rota'));
    const passIndex = titles.findIndex(t => t.includes('Has an owner'));
    expect(failIndex).toBeGreaterThan(-1);
    expect(failIndex).toBeLessThan(passIndex);
    expect(screen.getByText('annotations.pagerduty.com/service-id: no value')).toBeInTheDocument();
    expect(screen.getByText('security.scan.critical = 0 (stale)')).toBeInTheDocument();
  });

  it('re-evaluates on demand', async () => {
    const api = setup();
    await render(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Re-evaluate now' }));
    await waitFor(() => expect(api.evaluateEntity).toHaveBeenCalledWith('component:default/primemanagerdrive'));
  });

  it('says who may re-evaluate when the backend refuses', async () => {
    const api = setup();
    const refusal = new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message: 'Only the owners of component:default/primemanagerdrive and platform admins may re-evaluate it now',
        },
        request: { method: 'POST', url: '/evaluate' },
        response: { statusCode: 403 },
      }),
      { status: 403, statusText: 'Forbidden', headers: { 'content-type': 'application/json' } },
    );
    (api.evaluateEntity as jest.Mock).mockRejectedValue(await ResponseError.fromResponse(refusal));
    await render(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Re-evaluate now' }));
    expect(await screen.findByText(/Only the owners of component:default\/primemanagerdrive/)).toBeInTheDocument();
  });

  it('requests a waiver with a reason and an expiry within the contract limit', async () => {
    const api = setup();
    await render(api);
    const row = (await screen.findAllByRole('row')).find(r => r.textContent?.includes('Has an on-call rota'))!;
    await userEvent.click(within(row).getByRole('button', { name: 'Request waiver' }));
    const dialog = await screen.findByRole('dialog');
    const submit = within(dialog).getByRole('button', { name: 'Request waiver' });
    expect(submit).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText(/Reason/), {
      target: { value: 'Rota starts next quarter' },
    });
    await waitFor(() => expect(within(dialog).getByText('At most 60 days from today')).toBeInTheDocument());
    await userEvent.click(submit);
    await waitFor(() => expect(api.requestWaiver).toHaveBeenCalled());
    const request = (api.requestWaiver as jest.Mock).mock.calls[0][0];
    expect(request).toMatchObject({
      contract: 'kubernetes-service',
      entityRef: serviceResult.entityRef,
      ruleId: 'on-call',
      reason: 'Rota starts next quarter',
    });
    const days = (Date.parse(request.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThanOrEqual(31);
  });
});

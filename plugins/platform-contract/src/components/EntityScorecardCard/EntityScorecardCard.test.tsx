import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { platformContractApiRef } from '../../api';
import { mockApi, serviceEntity, serviceResult } from '../../testing/fixtures';
import { EntityScorecardCard } from './EntityScorecardCard';

// The rules table (material-table) renders slowly on a loaded CI machine.
jest.setTimeout(30_000);

describe('EntityScorecardCard', () => {
  it('shows the level and lists only the ground rules that are not satisfied', async () => {
    const getEntityResults = jest.fn().mockResolvedValue({
      entityRef: serviceResult.entityRef,
      items: [serviceResult],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[platformContractApiRef, mockApi({ getEntityResults })]]}>
        <EntityProvider entity={serviceEntity}>
          <EntityScorecardCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(getEntityResults).toHaveBeenCalledWith('component:default/primemanagerdrive');
    expect(await screen.findByText('Kubernetes service contract')).toBeInTheDocument();
    expect(screen.getByText('Level: none')).toBeInTheDocument();
    expect(screen.getByText('Ground rules not met')).toBeInTheDocument();
    const failing = screen.getByRole('list', { name: 'Failing ground rules' });
    expect(failing).toHaveTextContent('Has an on-call rota');
    expect(failing).toHaveTextContent('Security scan passes');
    expect(failing).not.toHaveTextContent('Has an owner');
    expect(failing).not.toHaveTextContent('Links its SLO');
  });

  it('says what to do when the entity has no results', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[platformContractApiRef, mockApi({ getEntityResults: async () => ({ entityRef: 'x', items: [] }) })]]}
      >
        <EntityProvider entity={serviceEntity}>
          <EntityScorecardCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Not scored yet')).toBeInTheDocument();
  });

  it('shows the results as soon as a new entity is scored, without a reload', async () => {
    const getEntityResults = jest
      .fn()
      .mockResolvedValueOnce({ entityRef: serviceResult.entityRef, items: [] })
      .mockResolvedValue({ entityRef: serviceResult.entityRef, items: [serviceResult] });
    await renderInTestApp(
      <TestApiProvider apis={[[platformContractApiRef, mockApi({ getEntityResults })]]}>
        <EntityProvider entity={serviceEntity}>
          <EntityScorecardCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Not scored yet')).toBeInTheDocument();
    expect(await screen.findByText('Level: none', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(getEntityResults).toHaveBeenCalledTimes(2);
  });
});

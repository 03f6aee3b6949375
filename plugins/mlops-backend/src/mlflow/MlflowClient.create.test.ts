import { ConflictError } from '@backstage/errors';
import { MlflowEmulator, startEmulator } from '@groundwork/mlflow-emulator';
import { MlflowClient } from './MlflowClient';
import { MlflowUnavailableError } from './errors';

const fixtures = {
  experiments: [
    {
      experiment_id: '1',
      name: 'existing',
      creation_time: 1_700_000_000_000,
      last_update_time: 1_700_000_000_000,
    },
  ],
  runs: [],
};

describe('MlflowClient.createExperiment', () => {
  let emulator: MlflowEmulator;
  let client: MlflowClient;
  beforeEach(async () => {
    emulator = await startEmulator({ fixtures });
    client = new MlflowClient({
      name: 'demo',
      baseUrl: emulator.url,
      backoffMs: 1,
    });
  });
  afterEach(() => emulator.stop());

  it('creates an experiment with tags and returns its id', async () => {
    const { experimentId } = await client.createExperiment({
      name: 'new-one',
      tags: [{ key: 'groundwork.dev/entity', value: 'component:default/x' }],
    });
    const experiment = await client.getExperimentByName('new-one');
    expect(experiment.experiment_id).toBe(experimentId);
    expect(experiment.tags).toEqual([
      { key: 'groundwork.dev/entity', value: 'component:default/x' },
    ]);
  });

  it('maps RESOURCE_ALREADY_EXISTS to a ConflictError', async () => {
    await expect(
      client.createExperiment({ name: 'existing' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('sends a create once, even when the server answers 503', async () => {
    emulator.setFault({ status: 503, path: '/experiments/create' });
    await expect(
      client.createExperiment({ name: 'flaky' }),
    ).rejects.toBeInstanceOf(MlflowUnavailableError);
    expect(
      emulator.requests.filter(r => r.path === '/experiments/create'),
    ).toHaveLength(1);
  });
});

import { MlflowEmulator, startEmulator } from './emulator';

const fixtures = {
  experiments: [
    {
      experiment_id: '7',
      name: 'kept',
      creation_time: 1_700_000_000_000,
      last_update_time: 1_700_000_000_000,
    },
    {
      experiment_id: '8',
      name: 'binned',
      lifecycle_stage: 'deleted' as const,
      creation_time: 1_700_000_000_000,
      last_update_time: 1_700_000_000_000,
    },
  ],
  runs: [],
};

describe('experiments/create and experiments/get-by-name', () => {
  let emulator: MlflowEmulator;
  beforeEach(async () => {
    emulator = await startEmulator({ fixtures });
  });
  afterEach(() => emulator.stop());

  const call = async (path: string, body?: unknown) => {
    const res = await fetch(`${emulator.url}/api/2.0/mlflow${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it('creates an experiment with tags that get-by-name then finds', async () => {
    const created = await call('/experiments/create', {
      name: 'churn model',
      tags: [{ key: 'team', value: 'ViennaAI' }],
    });
    expect(created).toEqual({ status: 200, body: { experiment_id: '9' } });
    const found = await call(
      '/experiments/get-by-name?experiment_name=churn%20model',
    );
    expect(found.status).toBe(200);
    expect(found.body.experiment).toMatchObject({
      experiment_id: '9',
      name: 'churn model',
      lifecycle_stage: 'active',
      artifact_location: 'mlflow-artifacts:/9',
      tags: [{ key: 'team', value: 'ViennaAI' }],
    });
    expect(typeof found.body.experiment.creation_time).toBe('number');
  });

  it('refuses a name that exists, active or deleted, with RESOURCE_ALREADY_EXISTS', async () => {
    for (const name of ['kept', 'binned']) {
      expect(await call('/experiments/create', { name })).toEqual({
        status: 400,
        body: {
          error_code: 'RESOURCE_ALREADY_EXISTS',
          message: `Experiment(name=${name}) already exists.`,
        },
      });
    }
  });

  it('finds deleted experiments by name, as MLflow does', async () => {
    const found = await call('/experiments/get-by-name?experiment_name=binned');
    expect(found.body.experiment).toMatchObject({
      experiment_id: '8',
      lifecycle_stage: 'deleted',
    });
  });

  it('answers an unknown name with RESOURCE_DOES_NOT_EXIST and a missing one with INVALID_PARAMETER_VALUE', async () => {
    expect(await call('/experiments/get-by-name?experiment_name=nope')).toEqual(
      {
        status: 404,
        body: {
          error_code: 'RESOURCE_DOES_NOT_EXIST',
          message: "Could not find experiment with name 'nope'",
        },
      },
    );
    const noName = await call('/experiments/create', { tags: [] });
    expect(noName.status).toBe(400);
    expect(noName.body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: "Missing value for required parameter 'name'.",
    });
  });
});

import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MlflowEmulator, startEmulator } from '@groundwork/mlflow-emulator';
import request from 'supertest';
import { mlopsPlugin } from '../plugin';

const fixtures = {
  experiments: [
    {
      experiment_id: '1',
      name: 'existing',
      creation_time: 1_700_000_000_000,
      last_update_time: 1_700_000_000_000,
    },
    {
      experiment_id: '2',
      name: 'binned',
      lifecycle_stage: 'deleted' as const,
      creation_time: 1_700_000_000_000,
      last_update_time: 1_700_000_000_000,
    },
  ],
  runs: [],
};

describe('POST /api/mlops/experiments and the by-name look-up', () => {
  let main: MlflowEmulator;
  let other: MlflowEmulator;
  beforeEach(async () => {
    main = await startEmulator({ fixtures });
    other = await startEmulator({ fixtures: { experiments: [], runs: [] } });
  });
  afterEach(async () => {
    await main.stop();
    await other.stop();
  });

  const start = async (
    result:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) => {
    const { server } = await startTestBackend({
      features: [
        mlopsPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.permissions.factory({ result }),
        mockServices.rootConfig.factory({
          data: {
            mlops: {
              mlflow: {
                servers: [
                  { name: 'main', baseUrl: main.url },
                  { name: 'other', baseUrl: other.url },
                ],
              },
            },
          },
        }),
      ],
    });
    return server;
  };
  const creates = (emulator: MlflowEmulator) =>
    emulator.requests.filter(r => r.path === '/experiments/create').length;

  it('creates on the default server (201), then answers the same experiment (200)', async () => {
    const server = await start();
    const first = await request(server)
      .post('/api/mlops/experiments')
      .send({ name: 'churn-v2' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      server: 'main',
      experimentId: '3',
      name: 'churn-v2',
      created: true,
    });
    const again = await request(server)
      .post('/api/mlops/experiments')
      .send({ name: 'churn-v2' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, created: false });
    expect(creates(main)).toBe(1);

    const stored = await fetch(
      `${main.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=churn-v2`,
    ).then(r => r.json());
    expect(stored.experiment.tags).toEqual([
      { key: 'groundwork.dev/created-by', value: 'user:default/mock' },
    ]);
  });

  it("tags a created experiment with its owner, which binds it to the owner's entities", async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/mlops/experiments')
      .send({ name: 'eta-v3', owner: 'TempeAI' });
    expect(res.status).toBe(201);
    const stored = await fetch(
      `${main.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=eta-v3`,
    ).then(r => r.json());
    expect(stored.experiment.tags).toContainEqual({
      key: 'groundwork.dev/owner',
      value: 'group:default/tempeai',
    });
    const bad = await request(server)
      .post('/api/mlops/experiments')
      .send({ name: 'eta-v4', owner: 'group:' });
    expect(bad.status).toBe(400);
    expect(creates(main)).toBe(1);
  });

  it('creates on a named server only', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/mlops/experiments')
      .send({ server: 'other', name: 'existing' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ server: 'other', created: true });
    expect(creates(main)).toBe(0);
  });

  it('answers an experiment that appeared between look-up and create (a race) with 200', async () => {
    const server = await start();
    // the look-up misses 'existing' once, so the create runs into it
    main.setFault({ status: 404, times: 1, path: '/experiments/get-by-name' });
    const res = await request(server)
      .post('/api/mlops/experiments')
      .send({ name: 'existing' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      server: 'main',
      experimentId: '1',
      name: 'existing',
      created: false,
    });
    expect(creates(main)).toBe(1);
  });

  it('refuses a deleted experiment’s name with 409 and says how to fix it', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/mlops/experiments')
      .send({ name: 'binned' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /'binned' exists on server 'main' but is deleted; restore it in MLflow or choose another name/,
    );
    expect(creates(main)).toBe(0);
  });

  it.each([
    [{ name: '' }, /must not be empty/],
    [{ name: 'a,b' }, /comma/],
    [{ name: 'x'.repeat(257) }, /at most 256/],
    [{ name: 'x', server: 'http://169.254.169.254' }, /Unknown MLflow server/],
    [{ name: 'x', url: 'http://evil' }, /Unrecognized key/],
  ])('refuses %j with 400', async (body, message) => {
    const server = await start();
    const res = await request(server).post('/api/mlops/experiments').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(creates(main) + creates(other)).toBe(0);
  });

  it('needs mlops.experiment.create for the create and the look-up', async () => {
    const server = await start(AuthorizeResult.DENY);
    const res = await request(server)
      .post('/api/mlops/experiments')
      .send({ name: 'churn-v2' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/mlops\.experiment\.create/);
    const lookup = await request(server).get(
      '/api/mlops/experiments/by-name?server=main&name=existing',
    );
    expect(lookup.status).toBe(403);
    expect(main.requests).toEqual([]);
  });

  it('looks an experiment up by name without creating it', async () => {
    const server = await start();
    const found = await request(server).get(
      '/api/mlops/experiments/by-name?server=main&name=existing',
    );
    expect(found.body).toEqual({
      server: 'main',
      name: 'existing',
      experiment: { experimentId: '1', lifecycleStage: 'active' },
    });
    const missing = await request(server).get(
      '/api/mlops/experiments/by-name?name=new%20one',
    );
    expect(missing.status).toBe(200);
    expect(missing.body).toEqual({ server: 'main', name: 'new one' });
    const unknown = await request(server).get(
      '/api/mlops/experiments/by-name?server=nowhere&name=x',
    );
    expect(unknown.status).toBe(400);
    expect(creates(main)).toBe(0);
  });
});

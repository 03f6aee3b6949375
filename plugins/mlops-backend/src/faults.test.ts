/*
 * Faults of the tracking server (issue 15 item 10, MLflow part), injected by
 * the MLflow emulator: slow past the timeout, 5xx, malformed answers and
 * unreachable. Each ends in a mapped error naming the server and what to do,
 * or in a degraded view; never a crash (500) or a wait past the timeouts.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { MlflowEmulator, startEmulator } from '@groundwork/mlflow-emulator';
import request from 'supertest';
import { mlopsPlugin } from './plugin';

const project = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'mlflow.org/experiment-name': 'churn-predictor,churn-predictor-sweeps',
      'mlflow.org/registered-model': 'churn-classifier',
    },
  },
  spec: {
    type: 'ml-project',
    owner: 'group:default/viennaai',
    lifecycle: 'production',
  },
});
const entities = Array.from({ length: 12 }, (_, i) => project(`churn-${i}`));

const TIMEOUT_MS = 200;
/** Far longer than every attempt and backoff together: reaching it is a hang. */
const SLOW_MS = 15_000;
const base = '/api/mlops/entities/component/default/churn-0';

jest.setTimeout(60_000);

describe('MLflow faults', () => {
  let emulator: MlflowEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());
  afterEach(() => emulator.setFault(undefined));

  const start = (baseUrl = emulator.url) =>
    startTestBackend({
      features: [
        mlopsPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            mlops: {
              mlflow: {
                servers: [
                  { name: 'demo', baseUrl, timeoutMs: TIMEOUT_MS, retries: 1 },
                ],
              },
            },
          },
        }),
      ],
    });

  /** A run of churn-0's, read while MLflow was well. */
  const aRun = async (server: Parameters<typeof request>[0]) => {
    const runs = await request(server)
      .get(`${base}/runs`)
      .query({ filter: "attributes.run_name = 'optuna-sweep-2026-10-21'" });
    return runs.body.runs[0].runId as string;
  };

  it('slow past the timeout: 503 naming the server and the timeout, long before MLflow would answer', async () => {
    const { server } = await start();
    emulator.setFault({ delayMs: SLOW_MS });
    const started = Date.now();
    const response = await request(server).get(`${base}/experiments`);
    expect(Date.now() - started).toBeLessThan(SLOW_MS / 2);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body.error.message).toContain(
      "MLflow server 'demo' did not answer within 200 ms (mlops.mlflow.servers[].timeoutMs); try again later",
    );
  });

  it('slow past the timeout: an overview of many projects asks a few times, then fails the rest at once', async () => {
    const { server } = await start();
    emulator.setFault({ delayMs: SLOW_MS });
    emulator.resetRequests();
    const started = Date.now();
    const response = await request(server).get('/api/mlops/overview');
    expect(Date.now() - started).toBeLessThan(SLOW_MS / 2);
    expect(response.status).toBe(200);
    expect(response.body.projects).toHaveLength(entities.length);
    for (const row of response.body.projects) {
      expect(row.error).toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringContaining(
          "MLflow server 'demo' did not answer within 200 ms",
        ),
      });
    }
    // The first 4 at once; one of them retried while the others waited for
    // its outcome; the rest were never sent.
    expect(emulator.requests.length).toBeLessThanOrEqual(4 + 1);
  });

  it('5xx: 503 with the upstream status and Retry-After', async () => {
    const { server } = await start();
    emulator.setFault({ status: 500 });
    const response = await request(server).get(`${base}/experiments`);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body.error.message).toBe(
      "MLflow server 'demo' is unavailable (HTTP 500): Injected fault (HTTP 500); try again later",
    );
  });

  it('5xx on an optional part: the run view is served, that part degraded with a message', async () => {
    const { server } = await start();
    const runId = await aRun(server);
    emulator.setFault({ status: 502, path: '/artifacts/list' });
    const response = await request(server).get(`${base}/runs/${runId}`);
    expect(response.status).toBe(200);
    expect(response.body.children).toHaveLength(12);
    expect(response.body.artifacts).toEqual([]);
    expect(response.body.degraded).toEqual([
      {
        part: 'artifacts',
        message:
          "MLflow server 'demo' is unavailable (HTTP 502): Injected fault (HTTP 502); try again later",
      },
    ]);
  });

  it('malformed JSON: 502 naming the server, the call and what to check', async () => {
    const { server } = await start();
    emulator.setFault({ status: 200, body: '{"experiment": {"name": ' });
    const response = await request(server).get(`${base}/experiments`);
    expect(response.status).toBe(502);
    expect(response.body.error.message).toBe(
      "MLflow server 'demo' answered /experiments/get-by-name with something that is not JSON; check that mlops.mlflow.servers[].baseUrl points at an MLflow tracking server, not a proxy or login page",
    );
  });

  it('JSON without the expected content: 502, not a crash', async () => {
    const { server } = await start();
    emulator.setFault({ status: 200, body: '{"unexpected": true}' });
    const response = await request(server).get(`${base}/experiments`);
    expect(response.status).toBe(502);
    expect(response.body.error.message).toContain(
      "MLflow server 'demo' answered experiments/get-by-name without the expected content",
    );
  });

  it('malformed JSON on an optional part: the run view is served, children degraded', async () => {
    const { server } = await start();
    const runId = await aRun(server);
    emulator.setFault({ status: 200, body: '<html>', path: '/runs/search' });
    const response = await request(server).get(`${base}/runs/${runId}`);
    expect(response.status).toBe(200);
    expect(response.body.children).toEqual([]);
    expect(response.body.degraded).toEqual([
      { part: 'children', message: expect.stringContaining('not JSON') },
    ]);
  });

  it('unreachable: 503 naming the server and what to check', async () => {
    const gone = await startEmulator();
    await gone.stop();
    const { server } = await start(gone.url);
    const response = await request(server).get(`${base}/experiments`);
    expect(response.status).toBe(503);
    expect(response.body.error.message).toContain(
      "MLflow server 'demo' is unreachable (ECONNREFUSED); check that it is running and that its baseUrl in mlops.mlflow.servers is right",
    );
    const overview = await request(server).get('/api/mlops/overview');
    expect(overview.status).toBe(200);
    expect(overview.body.projects[0].error.name).toBe(
      'ServiceUnavailableError',
    );
  });
});

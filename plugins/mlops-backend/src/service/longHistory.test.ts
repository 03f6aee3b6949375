import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  MlflowEmulator,
  startEmulator,
  syntheticFixtures,
} from '@groundwork/mlflow-emulator';
import request from 'supertest';
import { mlopsPlugin } from '../plugin';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'long',
    annotations: { 'mlflow.org/experiment-name': 'synthetic-benchmark' },
  },
  spec: { type: 'ml-project', owner: 'group:default/x', lifecycle: 'test' },
};

const STEPS = 30_000;
const runId = (i: number) => `synthetic${String(i).padStart(23, '0')}`;
const route = '/api/mlops/entities/component/default/long/metric-histories';

describe('long metric histories', () => {
  let emulator: MlflowEmulator;
  /** Run 0's loss history, with one spike and one dip between any samples. */
  let spike: { step: number; value: number };
  let dip: { step: number; value: number };
  beforeAll(async () => {
    const fixtures = syntheticFixtures({
      runs: 3,
      params: 1,
      metrics: 1,
      lossSteps: STEPS,
      owner: 'group:default/x',
    });
    const loss = fixtures.runs[0].metrics!.loss;
    loss[12_345][2] = 1000;
    loss[23_457][2] = -1000;
    spike = { step: 12_345, value: 1000 };
    dip = { step: 23_457, value: -1000 };
    fixtures.runs[2].status = 'RUNNING';
    emulator = await startEmulator({ fixtures });
  });
  afterAll(() => emulator.stop());

  const start = () =>
    startTestBackend({
      features: [
        mlopsPlugin,
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.rootConfig.factory({
          data: {
            mlops: {
              mlflow: { servers: [{ name: 'e', baseUrl: emulator.url }] },
            },
          },
        }),
      ],
    });

  it('reads the whole history, keeps its extremes and caches a finished run', async () => {
    const { server } = await start();
    emulator.resetRequests();
    const response = await request(server)
      .get(route)
      .query({ runIds: runId(0), keys: 'loss', maxPoints: '500' });
    expect(response.status).toBe(200);
    const [series] = response.body.series;
    expect(series.sampled).toBe(true);
    expect(series.totalPoints).toBe(STEPS);
    expect(series.points.length).toBeLessThanOrEqual(500);
    expect(series.points[0].step).toBe(0);
    expect(series.points[series.points.length - 1].step).toBe(STEPS - 1);
    expect(series.points).toContainEqual(expect.objectContaining(spike));
    expect(series.points).toContainEqual(expect.objectContaining(dip));
    // the whole history, in pages of 25,000, no sampling by MLflow
    expect(emulator.requests.map(r => r.path)).toEqual([
      '/experiments/get-by-name',
      '/runs/search',
      '/metrics/get-history',
      '/metrics/get-history',
    ]);

    emulator.resetRequests();
    const again = await request(server)
      .get(route)
      .query({ runIds: runId(0), keys: 'loss', maxPoints: '500' });
    expect(again.body).toEqual(response.body);
    // only the membership search: the downsampled series came from the cache
    expect(emulator.requests.map(r => r.path)).toEqual(['/runs/search']);

    // another number of points is another cache entry
    emulator.resetRequests();
    const more = await request(server)
      .get(route)
      .query({ runIds: runId(0), keys: 'loss', maxPoints: '2000' });
    expect(more.body.series[0].points.length).toBeGreaterThan(500);
    expect(more.body.series[0].points.length).toBeLessThanOrEqual(2000);
    expect(emulator.requests.map(r => r.path)).toEqual([
      '/runs/search',
      '/metrics/get-history',
      '/metrics/get-history',
    ]);
  });

  it('never caches a running run', async () => {
    const { server } = await start();
    for (let i = 0; i < 2; i++) {
      emulator.resetRequests();
      const response = await request(server)
        .get(route)
        .query({ runIds: runId(2), keys: 'loss', maxPoints: '500' });
      expect(response.status).toBe(200);
      expect(response.body.series[0].totalPoints).toBe(STEPS);
      expect(emulator.requests.map(r => r.path)).toContain(
        '/metrics/get-history',
      );
    }
  });

  it('follows the pages of a server that restricts their size', async () => {
    const { server } = await start();
    emulator.resetRequests();
    emulator.setHistoryPageLimit(7_000);
    const response = await request(server)
      .get(route)
      .query({ runIds: runId(1), keys: 'loss', maxPoints: '500' });
    emulator.setHistoryPageLimit(undefined);
    expect(response.status).toBe(200);
    const [series] = response.body.series;
    expect(series.totalPoints).toBe(STEPS);
    expect(series.points[series.points.length - 1].step).toBe(STEPS - 1);
    expect(
      emulator.requests.filter(r => r.path === '/metrics/get-history'),
    ).toHaveLength(5);
  });

  it('sends a short history whole and unflagged', async () => {
    const { server } = await start();
    const response = await request(server)
      .get(route)
      .query({ runIds: runId(1), keys: 'm0', maxPoints: '500' });
    expect(response.status).toBe(200);
    const [series] = response.body.series;
    expect(series.totalPoints).toBe(1);
    expect(series.points).toHaveLength(1);
    expect(series.sampled).toBeUndefined();
  });
});

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
import { FULL_HISTORY_POINTS } from './MlopsService';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'long',
    annotations: { 'mlflow.org/experiment-name': 'synthetic-benchmark' },
  },
  spec: { type: 'ml-project', owner: 'group:default/x', lifecycle: 'test' },
};

const runId = (i: number) => `synthetic${String(i).padStart(23, '0')}`;
const route = '/api/mlops/entities/component/default/long/metric-histories';

describe('long metric histories', () => {
  let emulator: MlflowEmulator;
  beforeAll(async () => {
    // 30,000-point loss histories: longer than one full read
    emulator = await startEmulator({
      fixtures: syntheticFixtures({
        runs: 3,
        params: 1,
        metrics: 1,
        lossSteps: 3 * FULL_HISTORY_POINTS,
      }),
    });
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

  it('lets MLflow sample histories longer than a full read', async () => {
    const { server } = await start();
    emulator.resetRequests();
    const response = await request(server)
      .get(route)
      .query({ runIds: runId(0), keys: 'loss', maxPoints: '500' });
    expect(response.status).toBe(200);
    const [series] = response.body.series;
    expect(series.sampled).toBe(true);
    expect(series.totalPoints).toBe(2500);
    expect(series.points.length).toBeLessThanOrEqual(500);
    expect(series.points[0].step).toBe(0);
    expect(series.points[series.points.length - 1].step).toBe(
      3 * FULL_HISTORY_POINTS - 1,
    );
    expect(emulator.requests.map(r => r.path)).toEqual([
      '/experiments/get-by-name',
      '/runs/search',
      '/metrics/get-history',
      '/metrics/get-history-bulk-interval',
    ]);
    // cached: only the membership search the second time
    emulator.resetRequests();
    await request(server)
      .get(route)
      .query({ runIds: runId(0), keys: 'loss', maxPoints: '500' });
    expect(emulator.requests.map(r => r.path)).toEqual(['/runs/search']);
  });

  it('reads the whole history from servers without bulk-interval sampling', async () => {
    const { server } = await start();
    emulator.setFault({
      status: 404,
      path: '/metrics/get-history-bulk-interval',
    });
    const response = await request(server)
      .get(route)
      .query({ runIds: runId(1), keys: 'loss', maxPoints: '500' });
    emulator.setFault(undefined);
    expect(response.status).toBe(200);
    const [series] = response.body.series;
    expect(series.sampled).toBeUndefined();
    expect(series.totalPoints).toBe(3 * FULL_HISTORY_POINTS);
    expect(series.points.length).toBeLessThanOrEqual(500);
  });
});

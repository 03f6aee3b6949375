/*
 * Fan-out to MLflow (issue 15 item 9): however many projects an overview
 * lists or series a chart asks for, one tracking server sees at most
 * `maxConcurrentRequests` requests at once, counted at the emulator; and no
 * more than `maxPointsPerSeries` points are read of one history.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  MlflowEmulator,
  mergeFixtures,
  startEmulator,
  loadDemoFixtures,
  syntheticFixtures,
} from '@groundwork/mlflow-emulator';
import request from 'supertest';
import { mlopsPlugin } from './plugin';

const OWNER = 'group:default/tempeai';
const RUNS = 20;
const KEYS = 10;

const project = (name: string, experiment: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'mlflow.org/experiment-name': experiment,
      'mlflow.org/registered-model': 'zoommap-eta',
      'groundwork.dev/mlflow-primary-metric': 'val_mae_minutes ASC',
    },
  },
  spec: { type: 'ml-project', owner: OWNER, lifecycle: 'production' },
});

/** 30 ML projects on one server: each overview row asks MLflow ~6 things. */
const entities = [
  ...Array.from({ length: 30 }, (_, i) =>
    project(`project-${i}`, 'zoommap-eta-forecast'),
  ),
  project('wide', 'synthetic-benchmark'),
];

jest.setTimeout(60_000);

describe('MLflow fan-out limits', () => {
  let emulator: MlflowEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      fixtures: mergeFixtures(
        loadDemoFixtures(),
        syntheticFixtures({
          runs: RUNS,
          params: 1,
          metrics: KEYS,
          lossSteps: 3000,
          owner: OWNER,
        }),
      ),
    });
  });
  afterAll(() => emulator.stop());
  afterEach(() => emulator.setFault(undefined));

  const start = (server: Record<string, unknown> = {}) =>
    startTestBackend({
      features: [
        mlopsPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            mlops: {
              mlflow: {
                servers: [{ name: 'demo', baseUrl: emulator.url, ...server }],
              },
            },
          },
        }),
      ],
    });

  /** Peak concurrency at the emulator while `load` runs, requests slowed down. */
  const peakDuring = async (load: () => Promise<request.Response>) => {
    // Slow answers make concurrent requests overlap at the emulator.
    emulator.setFault({ delayMs: 20 });
    emulator.resetPeakConcurrentRequests();
    const response = await load();
    expect(response.status).toBe(200);
    return { response, peak: emulator.peakConcurrentRequests };
  };

  it('the overview of many projects asks one server at most 4 things at once', async () => {
    const { server } = await start();
    const { response, peak } = await peakDuring(() =>
      request(server).get('/api/mlops/overview'),
    );
    expect(response.body.projects).toHaveLength(entities.length);
    expect(
      response.body.projects.filter((p: any) => p.champion?.version === '3'),
    ).toHaveLength(entities.length);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(4);
  });

  it('without the limit the same overview fans out far wider (what the limit prevents)', async () => {
    const { server } = await start({ maxConcurrentRequests: 1000 });
    const { peak } = await peakDuring(() =>
      request(server).get('/api/mlops/overview'),
    );
    expect(peak).toBeGreaterThan(8);
  });

  it('20 runs × 10 metric histories stay within a configured limit', async () => {
    const { server } = await start({ maxConcurrentRequests: 3 });
    const runIds = Array.from(
      { length: RUNS },
      (_, i) => `synthetic${String(i).padStart(23, '0')}`,
    );
    const keys = Array.from({ length: KEYS }, (_, i) => `m${i}`);
    const { response, peak } = await peakDuring(() =>
      request(server)
        .get('/api/mlops/entities/component/default/wide/metric-histories')
        .query({ runIds: runIds.join(','), keys: keys.join(',') }),
    );
    expect(response.body.series).toHaveLength(RUNS * KEYS);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(3);
  });

  it('reads at most maxPointsPerSeries points of a history and says so', async () => {
    const { server } = await start({ maxPointsPerSeries: 1000 });
    emulator.resetRequests();
    const response = await request(server)
      .get('/api/mlops/entities/component/default/wide/metric-histories')
      .query({ runIds: `synthetic${'0'.padStart(23, '0')}`, keys: 'loss' });
    expect(response.status).toBe(200);
    const [series] = response.body.series;
    expect(series).toMatchObject({ totalPoints: 1000, truncated: true });
    expect(series.points[series.points.length - 1].step).toBe(999);
    expect(
      emulator.requests.filter(r => r.path === '/metrics/get-history'),
    ).toHaveLength(1);
    const whole = await request(server)
      .get('/api/mlops/entities/component/default/wide/metric-histories')
      .query({ runIds: `synthetic${'1'.padStart(23, '0')}`, keys: 'm0' });
    expect(whole.body.series[0].truncated).toBeUndefined();
  });
});

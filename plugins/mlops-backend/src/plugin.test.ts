import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MlflowEmulator, startEmulator } from '@groundwork/mlflow-emulator';
import request from 'supertest';
import { mlopsPlugin } from './plugin';

const component = (
  name: string,
  annotations: Record<string, string>,
  type = 'ml-project',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: { type, owner: 'group:default/tempeai', lifecycle: 'production' },
});

const entities: Entity[] = [
  component('ZoomMapMax', {
    'mlflow.org/experiment-name': 'zoommap-eta-forecast',
    'mlflow.org/registered-model': 'zoommap-eta',
    'groundwork.dev/mlflow-primary-metric': 'val_mae_minutes ASC',
    'backstage.io/source-location': 'url:https://github.com/acme/zoommap-max/',
  }),
  component('churn-predictor', {
    'mlflow.org/experiment-name': 'churn-predictor,churn-predictor-sweeps',
    'mlflow.org/registered-model': 'churn-classifier',
    'github.com/project-slug': 'acme/churn-predictor',
  }),
  component('ghost', { 'mlflow.org/experiment-name': 'does-not-exist' }),
  component('sneaky', {
    'groundwork.dev/mlflow-server': 'http://169.254.169.254',
  }),
  component('elsewhere', {
    'mlflow.org/experiment-name': 'x',
    'groundwork.dev/mlflow-server': 'down',
  }),
  component('plain-service', {}, 'service'),
];

entities[1].spec!.owner = 'ViennaAI'; // a bare name, as in the demo catalog

const base = '/api/mlops/entities/component/default';

describe('mlops backend plugin', () => {
  let emulator: MlflowEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  const start = (extra: any[] = []) =>
    startTestBackend({
      features: [
        mlopsPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            mlops: {
              mlflow: {
                servers: [
                  { name: 'demo', baseUrl: emulator.url },
                  { name: 'down', baseUrl: 'http://127.0.0.1:1', retries: 0 },
                ],
              },
            },
          },
        }),
        ...extra,
      ],
    });

  it('serves an unauthenticated health check', async () => {
    const { server } = await start();
    const response = await request(server).get('/api/mlops/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('rejects unauthenticated calls to its API', async () => {
    const { server } = await start([
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ]);
    expect((await request(server).get('/api/mlops/whoami')).status).toBe(401);
    expect(
      (await request(server).get(`${base}/zoommapmax/experiments`)).status,
    ).toBe(401);
  });

  it('knows the calling user', async () => {
    const { server } = await start();
    const response = await request(server).get('/api/mlops/whoami');
    expect(response.status).toBe(200);
    expect(response.body.principal.userEntityRef).toBe('user:default/mock');
  });

  it('denies entities the permission policy denies', async () => {
    const { server } = await start([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    const response = await request(server).get(
      `${base}/zoommapmax/experiments`,
    );
    expect(response.status).toBe(403);
    const overview = await request(server).get('/api/mlops/overview');
    expect(overview.body).toEqual({ projects: [] });
  });

  describe('with the demo tracking server', () => {
    let server: any;
    beforeAll(async () => {
      ({ server } = await start());
    });

    it('lists an entity’s experiments and reports missing ones', async () => {
      const churn = await request(server).get(
        `${base}/churn-predictor/experiments`,
      );
      expect(churn.status).toBe(200);
      expect(churn.body.server).toBe('demo');
      expect(churn.body.experiments.map((e: any) => e.name)).toEqual([
        'churn-predictor',
        'churn-predictor-sweeps',
      ]);
      const ghost = await request(server).get(`${base}/ghost/experiments`);
      expect(ghost.body).toEqual({
        server: 'demo',
        experiments: [],
        missing: [{ kind: 'experiment-name', value: 'does-not-exist' }],
        refused: [],
      });
      const plain = await request(server).get(
        `${base}/plain-service/experiments`,
      );
      expect(plain.body.experiments).toEqual([]);
    });

    it('refuses annotations that carry URLs and unknown entities', async () => {
      const sneaky = await request(server).get(`${base}/sneaky/experiments`);
      expect(sneaky.status).toBe(400);
      expect(sneaky.body.error.message).toContain('must not contain a URL');
      const unknown = await request(server).get(`${base}/nobody/experiments`);
      expect(unknown.status).toBe(404);
    });

    it('maps an unreachable server to 503 with Retry-After', async () => {
      const response = await request(server).get(
        `${base}/elsewhere/experiments`,
      );
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body.error.message).toContain(
        "MLflow server 'down' is unreachable",
      );
    });

    it('pages runs with one upstream search per page', async () => {
      const query = {
        filter: "params.model_type = 'gradient_boosting'",
        orderBy: 'metrics.auc DESC',
        pageSize: '5',
        params: 'learning_rate,max_depth',
        metrics: 'auc',
      };
      await request(server).get(`${base}/churn-predictor/runs`).query(query); // warms the experiment cache
      emulator.resetRequests();
      const first = await request(server)
        .get(`${base}/churn-predictor/runs`)
        .query(query);
      expect(first.status).toBe(200);
      expect(emulator.requests).toEqual([
        { method: 'POST', path: '/runs/search' },
      ]);
      expect(first.body.runs).toHaveLength(5);
      expect(Object.keys(first.body.runs[0].params).sort()).toEqual([
        'learning_rate',
        'max_depth',
      ]);
      expect(Object.keys(first.body.runs[0].metrics)).toEqual(['auc']);
      expect(first.body.availableMetrics).toEqual(
        expect.arrayContaining(['auc', 'val_loss']),
      );
      let token = first.body.nextPageToken;
      let total = first.body.runs.length;
      while (token) {
        const next = await request(server)
          .get(`${base}/churn-predictor/runs`)
          .query({ ...query, pageToken: token });
        total += next.body.runs.length;
        token = next.body.nextPageToken;
      }
      expect(total).toBe(16); // 4 in the main experiment + 12 sweep trials
    });

    it('returns the default columns when the request leaves them to the server', async () => {
      const all = await request(server)
        .get(`${base}/churn-predictor/runs`)
        .query({ pageSize: '5' });
      const page = await request(server)
        .get(`${base}/churn-predictor/runs`)
        .query({ pageSize: '5', metrics: 'auc', defaultColumns: '2' });
      expect(page.status).toBe(200);
      const params = all.body.availableParams.slice(0, 2);
      expect(params).toHaveLength(2);
      expect(page.body.columns).toEqual({ params, metrics: ['auc'] });
      for (const run of page.body.runs) {
        expect(Object.keys(run.params).every(k => params.includes(k))).toBe(
          true,
        );
        expect(Object.keys(run.metrics)).toEqual(['auc']);
      }
      // neither given nor defaulted: every key
      expect(all.body.columns).toEqual({
        params: all.body.availableParams,
        metrics: all.body.availableMetrics,
      });
    });

    it('validates runs queries', async () => {
      const bad = await request(server)
        .get(`${base}/churn-predictor/runs`)
        .query({ pageSize: '0' });
      expect(bad.status).toBe(400);
      const foreign = await request(server)
        .get(`${base}/churn-predictor/runs`)
        .query({ experimentIds: '1' });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.message).toContain(
        'do not belong to component:default/churn-predictor',
      );
      const badFilter = await request(server)
        .get(`${base}/churn-predictor/runs`)
        .query({ filter: 'metrics.auc >' });
      expect(badFilter.status).toBe(400);
    });

    it('serves run details with parent, children, datasets, git and artifacts', async () => {
      const runs = await request(server)
        .get(`${base}/churn-predictor/runs`)
        .query({ filter: "attributes.run_name = 'optuna-sweep-2026-10-21'" });
      const parentId = runs.body.runs[0].runId;
      const parent = await request(server).get(
        `${base}/churn-predictor/runs/${parentId}`,
      );
      expect(parent.status).toBe(200);
      expect(parent.body.children).toHaveLength(12);
      const child = await request(server).get(
        `${base}/churn-predictor/runs/${parent.body.children[0].runId}`,
      );
      expect(child.body.parent).toMatchObject({ runId: parentId });
      expect(child.body.git).toMatchObject({
        repoUrl: 'https://github.com/acme/churn-predictor',
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      });
      expect(child.body.datasets[0]).toMatchObject({
        digest: expect.any(String),
        context: 'training',
      });
      expect(child.body.artifacts).toContainEqual({
        path: 'model',
        isDir: true,
      });
      // a run of another entity is not reachable through this one
      const foreign = await request(server).get(
        `${base}/zoommapmax/runs/${parentId}`,
      );
      expect(foreign.status).toBe(404);
    });

    it('downsamples metric histories server-side', async () => {
      const runs = await request(server).get(`${base}/zoommapmax/runs`).query({
        filter: "attributes.run_name LIKE 'lgbm-%'",
        orderBy: 'attributes.run_name',
      });
      const ids = runs.body.runs.map((r: any) => r.runId);
      const diverged = runs.body.runs.find(
        (r: any) => r.runName === 'lgbm-lr-0.5',
      ).runId;
      const response = await request(server)
        .get(`${base}/zoommapmax/metric-histories`)
        .query({
          runIds: ids.join(','),
          keys: 'val_loss,train_loss',
          maxPoints: '50',
        });
      expect(response.status).toBe(200);
      expect(response.body.series).toHaveLength(ids.length * 2);
      for (const s of response.body.series) {
        expect(s.points.length).toBeLessThanOrEqual(50);
        expect(s.points[0].step).toBe(0);
        expect(s.points[s.points.length - 1].step).toBe(s.totalPoints - 1);
      }
      const blownUp = response.body.series.find(
        (s: any) => s.runId === diverged && s.key === 'val_loss',
      );
      expect(blownUp.points.map((p: any) => p.value)).toEqual(
        expect.arrayContaining(['NaN', 'Infinity']),
      );
      // finished runs' histories come from the cache the second time
      emulator.resetRequests();
      await request(server)
        .get(`${base}/zoommapmax/metric-histories`)
        .query({ runIds: diverged, keys: 'val_loss', maxPoints: '50' });
      expect(emulator.requests.map(r => r.path)).toEqual(['/runs/search']);
      const tooMany = await request(server)
        .get(`${base}/zoommapmax/metric-histories`)
        .query({ runIds: diverged, keys: 'val_loss', maxPoints: '5000' });
      expect(tooMany.status).toBe(400);
    });

    it('lists registered models with versions and aliases', async () => {
      const response = await request(server).get(`${base}/zoommapmax/models`);
      expect(response.status).toBe(200);
      const [model] = response.body.models;
      expect(model.aliases).toEqual({ champion: '3', challenger: '4' });
      expect(model.versions.map((v: any) => v.version)).toEqual([
        '4',
        '3',
        '2',
        '1',
      ]);
      expect(model.versions[1].aliases).toEqual(['champion']);
    });

    it('traces a model version to its run, data, commit and owning entity', async () => {
      const lineage = await request(server).get(
        `${base}/zoommapmax/models/zoommap-eta/versions/3/lineage`,
      );
      expect(lineage.status).toBe(200);
      expect(lineage.body).toMatchObject({
        traceability: 'traceable',
        gaps: [],
        run: { runName: 'lgbm-weather-join' },
        git: { repoUrl: 'https://github.com/acme/zoommap-max' },
        codeOwner: { entityRef: 'component:default/zoommapmax' },
      });
      expect(lineage.body.datasets.map((d: any) => d.name)).toContain(
        'zoommap-trips-2026-10',
      );
      const bySlug = await request(server).get(
        `${base}/churn-predictor/models/churn-classifier/versions/3/lineage`,
      );
      expect(bySlug.body.codeOwner).toEqual({
        entityRef: 'component:default/churn-predictor',
      });
      const legacy = await request(server).get(
        `${base}/churn-predictor/models/churn-classifier/versions/1/lineage`,
      );
      expect(legacy.body.traceability).toBe('untraceable');
      const notOurs = await request(server).get(
        `${base}/churn-predictor/models/zoommap-eta/versions/3/lineage`,
      );
      expect(notOurs.status).toBe(404);
    });

    it('gives an overview of ML projects', async () => {
      const response = await request(server).get('/api/mlops/overview');
      expect(response.status).toBe(200);
      const byRef = Object.fromEntries(
        response.body.projects.map((p: any) => [p.entityRef, p]),
      );
      expect(Object.keys(byRef)).not.toContain(
        'component:default/plain-service',
      );
      expect(byRef['component:default/zoommapmax']).toMatchObject({
        server: 'demo',
        experiments: ['zoommap-eta-forecast'],
        lastRun: { runName: 'lgbm-nightly', status: 'RUNNING' },
        bestMetric: { key: 'val_mae_minutes', direction: 'ASC' },
        champion: {
          model: 'zoommap-eta',
          version: '3',
          traceability: 'traceable',
        },
      });
      expect(byRef['component:default/churn-predictor'].owner).toBe(
        'group:default/viennaai',
      );
      expect(byRef['component:default/churn-predictor'].champion).toMatchObject(
        {
          version: '2',
          traceability: 'traceable',
        },
      );
      expect(byRef['component:default/sneaky'].error.name).toBe('InputError');
      expect(byRef['component:default/elsewhere'].error.name).toBe(
        'ServiceUnavailableError',
      );
    });
  });
});

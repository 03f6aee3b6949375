/*
 * The confused deputy of issue 14 (item 9), against the real wiring: the
 * catalog backend reading entities from a location anyone could have
 * registered, this plugin, and the MLflow emulator as the tracking server.
 * A catalog author names another team's experiment or model in an annotation
 * of an entity they own; the backend must not read it for them with its own
 * MLflow credentials.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { MlflowEmulator, startEmulator } from '@groundwork/mlflow-emulator';
import { promises as fs } from 'fs';
import os from 'os';
import { join } from 'path';
import request from 'supertest';
import { mlopsPlugin } from './plugin';

const component = (
  name: string,
  owner: string,
  annotations: Record<string, string>,
) => `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations: ${JSON.stringify(annotations)}
spec: { type: ml-project, lifecycle: production, owner: ${owner} }
`;

/**
 * TempeAI owns the zoommap experiment and model (their MLflow tag
 * `groundwork.dev/owner` says so in the demo fixtures); LipaData is the
 * attacker's team.
 */
const CATALOG = [
  component('ZoomMapMax', 'TempeAI', {
    'mlflow.org/experiment-name': 'zoommap-eta-forecast',
    'mlflow.org/registered-model': 'zoommap-eta',
  }),
  // The attacks: another team's experiment by name and by id, its model.
  component('borrowed-eta', 'LipaData', {
    'mlflow.org/experiment-name': 'zoommap-eta-forecast',
    'mlflow.org/registered-model': 'zoommap-eta',
  }),
  component('borrowed-by-id', 'group:default/lipadata', {
    'mlflow.org/experiment-id': '1',
  }),
  // An experiment nobody claimed, and one an access rule gives LipaData.
  component('lipadata-scratch', 'LipaData', {
    'mlflow.org/experiment-name': 'scratch-notebooks,Default',
  }),
  // Experiments tagged in MLflow for LipaData and for this entity itself.
  component('ledger-ml', 'LipaData', {
    'mlflow.org/experiment-name': 'lipadata-shared,ledger-ml-runs',
  }),
  // A server that trusts only its access rules, not MLflow tags.
  component('strict-ledger', 'LipaData', {
    'groundwork.dev/mlflow-server': 'strict',
    'mlflow.org/experiment-name': 'lipadata-shared',
  }),
  component('strict-zoommap', 'TempeAI', {
    'groundwork.dev/mlflow-server': 'strict',
    'mlflow.org/experiment-name': 'zoommap-eta-forecast',
  }),
].join('---');

const ENTITIES = [
  'zoommapmax',
  'borrowed-eta',
  'borrowed-by-id',
  'lipadata-scratch',
  'ledger-ml',
  'strict-ledger',
  'strict-zoommap',
];

jest.setTimeout(180_000);

const base = '/api/mlops/entities/component/default';

describe('mlops security: experiment and model names are bound to owners', () => {
  let dir: string;
  let emulator: MlflowEmulator;
  let server: Parameters<typeof request>[0];

  const createExperiment = async (name: string, owner: string) => {
    const res = await fetch(
      `${emulator.url}/api/2.0/mlflow/experiments/create`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name,
          tags: [{ key: 'groundwork.dev/owner', value: owner }],
        }),
      },
    );
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    await createExperiment('lipadata-shared', 'group:default/lipadata');
    await createExperiment('ledger-ml-runs', 'component:default/ledger-ml');
    dir = await fs.mkdtemp(join(os.tmpdir(), 'mlops-security-'));
    await fs.writeFile(join(dir, 'catalog.yaml'), CATALOG);
    ({ server } = await startTestBackend({
      features: [
        mlopsPlugin,
        catalogPlugin,
        eventsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              stitchingStrategy: { pollingInterval: { milliseconds: 100 } },
              locations: [{ type: 'file', target: join(dir, 'catalog.yaml') }],
              rules: [{ allow: ['Component', 'Location'] }],
            },
            events: { useEventBus: 'never' },
            mlops: {
              mlflow: {
                servers: [
                  {
                    name: 'demo',
                    baseUrl: emulator.url,
                    access: [
                      {
                        owner: 'group:default/lipadata',
                        experimentPrefixes: ['scratch-'],
                      },
                    ],
                  },
                  {
                    name: 'strict',
                    baseUrl: emulator.url,
                    trustOwnerTag: false,
                    access: [
                      {
                        owner: 'group:default/tempeai',
                        experimentPrefixes: ['zoommap-'],
                        modelPrefixes: ['zoommap-'],
                      },
                    ],
                  },
                ],
              },
            },
          },
        }),
      ],
    }));
    for (const name of ENTITIES) {
      for (let tries = 0; ; tries++) {
        const res = await request(server).get(
          `/api/catalog/entities/by-name/component/default/${name}`,
        );
        if (res.status === 200) break;
        if (tries > 1200) throw new Error(`The catalog never served ${name}`);
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    }
  });
  afterAll(async () => {
    await emulator.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('the owner of the experiment and model still sees them', async () => {
    const experiments = await request(server).get(
      `${base}/zoommapmax/experiments`,
    );
    expect(experiments.status).toBe(200);
    expect(experiments.body.experiments.map((e: any) => e.name)).toEqual([
      'zoommap-eta-forecast',
    ]);
    expect(experiments.body.refused).toEqual([]);
    const models = await request(server).get(`${base}/zoommapmax/models`);
    expect(models.body.models.map((m: any) => m.name)).toEqual(['zoommap-eta']);
  });

  it("refuses another team's experiment named in an annotation, with a message and no data", async () => {
    const experiments = await request(server).get(
      `${base}/borrowed-eta/experiments`,
    );
    expect(experiments.status).toBe(200);
    expect(experiments.body.experiments).toEqual([]);
    expect(experiments.body.refused).toEqual([
      {
        kind: 'experiment-name',
        value: 'zoommap-eta-forecast',
        message: expect.stringContaining(
          'is not bound to group:default/lipadata, the owner of component:default/borrowed-eta',
        ),
      },
    ]);
    // Nothing of it through the other routes either.
    const runs = await request(server).get(`${base}/borrowed-eta/runs`);
    expect(runs.body.runs).toEqual([]);
    const byId = await request(server)
      .get(`${base}/borrowed-eta/runs`)
      .query({ experimentIds: '1' });
    expect(byId.status).toBe(400);
    const ownerRuns = await request(server).get(`${base}/zoommapmax/runs`);
    const runId = ownerRuns.body.runs[0].runId;
    const run = await request(server).get(`${base}/borrowed-eta/runs/${runId}`);
    expect(run.status).toBe(404);
    expect(run.body).not.toHaveProperty('params');
    const histories = await request(server)
      .get(`${base}/borrowed-eta/metric-histories`)
      .query({ runIds: runId, keys: 'val_loss' });
    expect(histories.status).toBe(404);
    expect(histories.body).not.toHaveProperty('series');
  });

  it("refuses another team's experiment named by id", async () => {
    const experiments = await request(server).get(
      `${base}/borrowed-by-id/experiments`,
    );
    expect(experiments.body.experiments).toEqual([]);
    expect(experiments.body.refused).toEqual([
      expect.objectContaining({ kind: 'experiment-id', value: '1' }),
    ]);
    const runs = await request(server).get(`${base}/borrowed-by-id/runs`);
    expect(runs.body.runs).toEqual([]);
  });

  it("refuses another team's registered model, its lineage and its champion", async () => {
    const models = await request(server).get(`${base}/borrowed-eta/models`);
    expect(models.status).toBe(200);
    expect(models.body.models).toEqual([]);
    expect(models.body.refused).toEqual([
      expect.objectContaining({
        kind: 'registered-model',
        value: 'zoommap-eta',
        message: expect.stringContaining('is not bound to'),
      }),
    ]);
    const lineage = await request(server).get(
      `${base}/borrowed-eta/models/zoommap-eta/versions/3/lineage`,
    );
    expect(lineage.status).toBe(403);
    expect(lineage.body.error.message).toContain('is not bound to');
    expect(lineage.body).not.toHaveProperty('run');
    const overview = await request(server).get('/api/mlops/overview');
    const row = overview.body.projects.find(
      (p: any) => p.entityRef === 'component:default/borrowed-eta',
    );
    expect(row.experiments).toEqual([]);
    expect(row).not.toHaveProperty('lastRun');
    expect(row).not.toHaveProperty('champion');
    expect(row.refused.map((r: any) => r.value)).toEqual([
      'zoommap-eta-forecast',
      'zoommap-eta',
    ]);
  });

  it('serves what an access rule or an MLflow owner tag binds, and nothing unbound', async () => {
    const scratch = await request(server).get(
      `${base}/lipadata-scratch/experiments`,
    );
    expect(scratch.body.experiments.map((e: any) => e.name)).toEqual([
      'scratch-notebooks',
    ]);
    expect(scratch.body.refused.map((r: any) => r.value)).toEqual(['Default']);
    const ledger = await request(server).get(`${base}/ledger-ml/experiments`);
    expect(ledger.body.experiments.map((e: any) => e.name)).toEqual([
      'lipadata-shared',
      'ledger-ml-runs',
    ]);
  });

  it('a server that does not trust owner tags goes by its access rules only', async () => {
    const tagged = await request(server).get(
      `${base}/strict-ledger/experiments`,
    );
    expect(tagged.body.experiments).toEqual([]);
    expect(tagged.body.refused.map((r: any) => r.value)).toEqual([
      'lipadata-shared',
    ]);
    const ruled = await request(server).get(
      `${base}/strict-zoommap/experiments`,
    );
    expect(ruled.body.experiments.map((e: any) => e.name)).toEqual([
      'zoommap-eta-forecast',
    ]);
  });

  it('parses request bodies up to 5 MB, as the other plugins do, and answers a larger one with a 413', async () => {
    const create = (bytes: number) =>
      request(server)
        .post('/api/mlops/experiments')
        .send({ name: 'x'.repeat(bytes) });
    // Parsed, then refused by validation (names have at most 1000 characters).
    expect((await create(1024 * 1024)).status).toBe(400);
    const tooLarge = await create(6 * 1024 * 1024);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.message).toBe(
      'The request body is larger than 5 MB; MLOps requests are small: check what is sent',
    );
  });
});

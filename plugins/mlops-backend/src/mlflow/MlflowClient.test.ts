import { MlflowEmulator, startEmulator } from '@groundwork/mlflow-emulator';
import { collectAll, MlflowClient } from './MlflowClient';
import { MlflowUnavailableError } from './errors';
import { MlflowMetric } from './types';

describe('MlflowClient against the emulator', () => {
  let emulator: MlflowEmulator;
  let client: MlflowClient;
  beforeAll(async () => {
    emulator = await startEmulator();
    client = new MlflowClient({
      name: 'demo',
      baseUrl: emulator.url,
      backoffMs: 1,
      timeoutMs: 2000,
    });
  });
  afterAll(() => emulator.stop());
  afterEach(() => emulator.setFault(undefined));

  it('gets and searches experiments', async () => {
    const byName = await client.getExperimentByName('zoommap-eta-forecast');
    expect(byName).toMatchObject({
      experiment_id: '1',
      lifecycle_stage: 'active',
    });
    expect(byName.tags).toContainEqual({ key: 'team', value: 'TempeAI' });
    const byId = await client.getExperiment('2');
    expect(byId.name).toBe('churn-predictor');
    expect(byId.tags).toEqual([
      { key: 'team', value: 'ViennaAI' },
      { key: 'groundwork.dev/owner', value: 'group:default/viennaai' },
    ]);
    const all = await collectAll(pageToken =>
      client.searchExperiments({ maxResults: 2, pageToken }),
    );
    expect(all.map(e => e.name).sort()).toEqual([
      'Default',
      'churn-predictor',
      'churn-predictor-sweeps',
      'scratch-notebooks',
      'zoommap-eta-forecast',
    ]);
    const none = await client.searchExperiments({ filter: "name = 'nope'" });
    expect(none).toEqual({ items: [] });
  });

  it('normalises runs: missing repeated fields become [], NaN strings become numbers', async () => {
    const empty = await client.searchRuns({ experimentIds: ['4'] });
    expect(empty).toEqual({ items: [] });
    const { items } = await client.searchRuns({
      experimentIds: ['1'],
      filter: "attributes.run_name = 'lgbm-lr-0.5'",
    });
    const run = await client.getRun(items[0].info.run_id);
    expect(run.info.status).toBe('FAILED');
    expect(run.data.metrics.find(m => m.key === 'val_loss')!.value).toBeNaN();
    expect(run.inputs.dataset_inputs[0].dataset.digest).toMatch(
      /^[0-9a-f]{8}$/,
    );
    const history = await collectAll(pageToken =>
      client.getMetricHistoryPage({
        runId: run.info.run_id,
        metricKey: 'val_loss',
        pageToken,
      }),
    );
    expect(history).toHaveLength(400);
    expect(history.map(m => m.value)).toContain(Infinity);
    // artifacts of a run that logged none: MLflow omits `files`
    const running = await client.searchRuns({
      experimentIds: ['1'],
      filter: "attributes.status = 'RUNNING'",
    });
    const artifacts = await client.listArtifacts({
      runId: running.items[0].info.run_id,
    });
    expect(artifacts.items).toEqual([]);
    expect(artifacts.rootUri).toContain(running.items[0].info.run_id);
  });

  it('searches runs with filter and order and pages to the end', async () => {
    emulator.resetRequests();
    const runs = await collectAll(pageToken =>
      client.searchRuns({
        experimentIds: ['3'],
        filter: "params.model_type = 'gradient_boosting'",
        orderBy: ['metrics.auc DESC'],
        maxResults: 5,
        pageToken,
      }),
    );
    expect(runs).toHaveLength(12);
    expect(emulator.requests).toHaveLength(3);
    const aucs = runs.map(
      r => r.data.metrics.find(m => m.key === 'auc')!.value,
    );
    expect(aucs).toEqual([...aucs].sort((a, b) => b - a));
  });

  it('pages metric histories, and reads a whole one in one request', async () => {
    const { items } = await client.searchRuns({
      experimentIds: ['2'],
      maxResults: 2,
    });
    const runId = items[0].info.run_id;
    const pages: number[] = [];
    const all = await collectAll(async pageToken => {
      const p = await client.getMetricHistoryPage({
        runId,
        metricKey: 'train_loss',
        maxResults: 100,
        pageToken,
      });
      pages.push(p.items.length);
      return p;
    });
    expect(pages).toEqual([100, 100, 100]);
    expect(all.map(m => m.step)).toEqual(
      Array.from({ length: 300 }, (_, i) => i),
    );
    emulator.resetRequests();
    const whole: MlflowMetric[][] = [];
    const read = await client.readMetricHistory(runId, 'train_loss', p =>
      whole.push(p),
    );
    // 300 points: one page
    expect(whole).toEqual([all]);
    expect(read).toEqual({ truncated: false });
    expect(emulator.requests).toEqual([
      { method: 'GET', path: '/metrics/get-history' },
    ]);
  });

  it('lists artifacts', async () => {
    const { items } = await client.searchRuns({
      experimentIds: ['2'],
      maxResults: 1,
    });
    const root = await client.listArtifacts({ runId: items[0].info.run_id });
    expect(root.items).toContainEqual({
      path: 'model',
      is_dir: true,
      file_size: undefined,
    });
    const model = await client.listArtifacts({
      runId: items[0].info.run_id,
      path: 'model',
    });
    expect(
      model.items.find(f => f.path === 'model/model.pkl')!.file_size,
    ).toBeGreaterThan(0);
  });

  it('reads the model registry', async () => {
    const model = await client.getRegisteredModel('zoommap-eta');
    expect(model.aliases).toEqual([
      { alias: 'champion', version: '3' },
      { alias: 'challenger', version: '4' },
    ]);
    expect(model.latest_versions.map(v => v.version)).toEqual(['4']);
    const models = await collectAll(pageToken =>
      client.searchRegisteredModels({ maxResults: 1, pageToken }),
    );
    expect(models.map(m => m.name)).toEqual([
      'churn-classifier',
      'zoommap-eta',
    ]);
    const versions = await collectAll(pageToken =>
      client.searchModelVersions({
        filter: "name = 'churn-classifier'",
        maxResults: 2,
        pageToken,
      }),
    );
    expect(versions.map(v => v.version)).toEqual(['3', '2', '1']);
    expect(versions[2].run_id).toBeUndefined();
    expect(versions[2].aliases).toEqual([]);
    expect(versions[2].tags).toEqual([]);
    const v = await client.getModelVersion('zoommap-eta', '4');
    expect(v.aliases).toEqual(['challenger']);
    const champion = await client.getModelVersionByAlias(
      'zoommap-eta',
      'champion',
    );
    expect(champion.version).toBe('3');
  });

  describe('maps errors', () => {
    it('RESOURCE_DOES_NOT_EXIST to NotFoundError', async () => {
      await expect(client.getExperimentByName('nope')).rejects.toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining('nope'),
      });
      await expect(
        client.getModelVersion('zoommap-eta', '99'),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });

    it('INVALID_PARAMETER_VALUE to InputError', async () => {
      await expect(
        client.searchRuns({ experimentIds: ['1'], filter: 'metrics.loss >' }),
      ).rejects.toMatchObject({ name: 'InputError' });
    });

    it('retries 503 and then succeeds', async () => {
      emulator.resetRequests();
      emulator.setFault({ status: 503, times: 2 });
      await expect(client.getExperiment('1')).resolves.toMatchObject({
        name: 'zoommap-eta-forecast',
      });
      expect(emulator.requests).toHaveLength(3);
    });

    it('gives up after the retries with a 503 carrying retry-after', async () => {
      emulator.resetRequests();
      emulator.setFault({ status: 502, retryAfterSeconds: 0 });
      const error = await client.getExperiment('1').catch(e => e);
      expect(error).toBeInstanceOf(MlflowUnavailableError);
      expect(error.name).toBe('ServiceUnavailableError');
      expect(error.retryAfterSeconds).toBe(0);
      expect(error.upstreamRetryAfterSeconds).toBe(0);
      expect(emulator.requests).toHaveLength(3);
    });

    it('timeouts to ServiceUnavailableError', async () => {
      const impatient = new MlflowClient({
        name: 'slow',
        baseUrl: emulator.url,
        timeoutMs: 50,
        retries: 0,
      });
      emulator.setFault({ delayMs: 300 });
      await expect(impatient.getExperiment('1')).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringContaining('did not answer within 50 ms'),
      });
    });

    it('connection refused to ServiceUnavailableError', async () => {
      const down = new MlflowClient({
        name: 'down',
        baseUrl: 'http://127.0.0.1:1',
        retries: 1,
        backoffMs: 1,
      });
      await expect(down.getExperiment('1')).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringContaining("MLflow server 'down' is unreachable"),
      });
    });
  });
});

describe('MlflowClient credentials', () => {
  let emulator: MlflowEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      auth: { basic: { username: 'u', password: 'p' } },
    });
  });
  afterAll(() => emulator.stop());

  it('sends basic auth', async () => {
    const client = new MlflowClient({
      name: 'auth',
      baseUrl: emulator.url,
      basicAuth: { username: 'u', password: 'p' },
    });
    await expect(client.getExperiment('1')).resolves.toMatchObject({
      experiment_id: '1',
    });
  });

  it.each([
    ['401 (no credentials)', {}],
    ['403 (wrong token)', { token: 'wrong' }],
  ])('maps %s to a 502 about our credentials', async (_, auth) => {
    const client = new MlflowClient({
      name: 'auth',
      baseUrl: emulator.url,
      ...auth,
    });
    const error = await client.getExperiment('1').catch(e => e);
    expect(error.statusCode).toBe(502);
    expect(error.message).toContain('tracking server rejected our credentials');
  });
});

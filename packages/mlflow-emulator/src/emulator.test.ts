import { MlflowEmulator, startEmulator } from './emulator';
import { syntheticFixtures } from './synthetic';

describe('MLflow emulator', () => {
  let emulator: MlflowEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  const get = async (path: string) => {
    const res = await fetch(`${emulator.url}/api/2.0/mlflow${path}`);
    return { status: res.status, body: await res.json() };
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${emulator.url}/api/2.0/mlflow${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it('gets experiments by name and id, with documented errors', async () => {
    const byName = await get(
      '/experiments/get-by-name?experiment_name=churn-predictor',
    );
    expect(byName.body.experiment.experiment_id).toBe('2');
    const missing = await get('/experiments/get?experiment_id=404');
    expect(missing).toEqual({
      status: 404,
      body: {
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: expect.any(String),
      },
    });
    const noParam = await get('/experiments/get');
    expect(noParam.status).toBe(400);
    expect(noParam.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('answers an empty search with {}', async () => {
    expect(await post('/runs/search', { experiment_ids: ['4'] })).toEqual({
      status: 200,
      body: {},
    });
  });

  it('filters, sorts and pages runs to the end', async () => {
    const ids: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const { body } = await post('/runs/search', {
        experiment_ids: ['3'],
        filter:
          "tags.mlflow.parentRunId LIKE '%' AND params.learning_rate = '0.05'",
        order_by: ['metrics.auc DESC'],
        max_results: 2,
        page_token: pageToken,
      });
      ids.push(...body.runs.map((r: any) => r.info.run_id));
      const aucs = body.runs.map(
        (r: any) => r.data.metrics.find((m: any) => m.key === 'auc').value,
      );
      expect([...aucs].sort((a, b) => b - a)).toEqual(aucs);
      pageToken = body.next_page_token;
      pages += 1;
    } while (pageToken);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(pages).toBe(2);
  });

  it('filters on attributes and rejects bad filters', async () => {
    const { body } = await post('/runs/search', {
      experiment_ids: ['1'],
      filter: "attributes.status = 'FAILED'",
    });
    expect(body.runs.map((r: any) => r.info.run_name)).toEqual(['lgbm-lr-0.5']);
    const bad = await post('/runs/search', {
      experiment_ids: ['1'],
      filter: 'metrics.val_loss >',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('serves run details with datasets and NaN as a string', async () => {
    const { body } = await post('/runs/search', {
      experiment_ids: ['1'],
      filter: "attributes.run_name = 'lgbm-lr-0.5'",
    });
    const run = body.runs[0];
    expect(run.data.metrics.find((m: any) => m.key === 'val_loss').value).toBe(
      'NaN',
    );
    const detail = await get(`/runs/get?run_id=${run.info.run_id}`);
    expect(detail.body.run.inputs.dataset_inputs[0].dataset).toMatchObject({
      name: 'zoommap-trips-2026-09',
      digest: expect.any(String),
      source_type: 's3',
    });
    const history = await get(
      `/metrics/get-history?run_id=${run.info.run_id}&metric_key=val_loss&max_results=1000`,
    );
    const values = history.body.metrics.map((m: any) => m.value);
    expect(values).toContain('Infinity');
    expect(values).toContain('NaN');
  });

  it('pages metric histories', async () => {
    const { body } = await post('/runs/search', {
      experiment_ids: ['2'],
      max_results: 1,
    });
    const runId = body.runs[0].info.run_id;
    const steps: number[] = [];
    let token = '';
    do {
      const page = await get(
        `/metrics/get-history?run_id=${runId}&metric_key=train_loss&max_results=128${
          token ? `&page_token=${encodeURIComponent(token)}` : ''
        }`,
      );
      steps.push(...page.body.metrics.map((m: any) => m.step));
      token = page.body.next_page_token ?? '';
    } while (token);
    expect(steps).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('samples histories in bulk, keeping first and last steps', async () => {
    const { body } = await post('/runs/search', {
      experiment_ids: ['2'],
      max_results: 2,
    });
    const [a, b] = body.runs.map((r: any) => r.info.run_id);
    const res = await get(
      `/metrics/get-history-bulk-interval?run_ids=${a}&run_ids=${b}&metric_key=val_loss&max_results=10`,
    );
    const forA = res.body.metrics.filter((m: any) => m.run_id === a);
    expect(forA).toHaveLength(10);
    expect(forA[0].step).toBe(0);
    expect(forA[9].step).toBe(299);
    expect(res.body.metrics.some((m: any) => m.run_id === b)).toBe(true);
  });

  it('lists artifacts one directory level at a time', async () => {
    const { body } = await post('/runs/search', {
      experiment_ids: ['2'],
      max_results: 1,
    });
    const runId = body.runs[0].info.run_id;
    const root = await get(`/artifacts/list?run_id=${runId}`);
    expect(root.body.files).toEqual(
      expect.arrayContaining([{ path: 'model', is_dir: true }]),
    );
    const model = await get(`/artifacts/list?run_id=${runId}&path=model`);
    expect(model.body.files.map((f: any) => f.path)).toContain('model/MLmodel');
  });

  it('serves the model registry with aliases', async () => {
    const model = await get('/registered-models/get?name=zoommap-eta');
    expect(model.body.registered_model.aliases).toEqual([
      { alias: 'champion', version: '3' },
      { alias: 'challenger', version: '4' },
    ]);
    const search = await get(
      "/registered-models/search?filter=name%20LIKE%20'churn%25'",
    );
    expect(search.body.registered_models.map((m: any) => m.name)).toEqual([
      'churn-classifier',
    ]);
    const versions = await get(
      "/model-versions/search?filter=name%3D'churn-classifier'",
    );
    expect(versions.body.model_versions.map((v: any) => v.version)).toEqual([
      '3',
      '2',
      '1',
    ]);
    expect(versions.body.model_versions[2].run_id).toBeUndefined();
    const byAlias = await get(
      '/registered-models/alias?name=churn-classifier&alias=champion',
    );
    expect(byAlias.body.model_version).toMatchObject({
      version: '2',
      aliases: ['champion'],
    });
    const v = await get('/model-versions/get?name=zoommap-eta&version=9');
    expect(v.status).toBe(404);
  });

  it('records requests and injects faults', async () => {
    emulator.resetRequests();
    emulator.setFault({ status: 503, times: 1, retryAfterSeconds: 3 });
    const res = await fetch(
      `${emulator.url}/api/2.0/mlflow/experiments/get?experiment_id=1`,
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    expect((await get('/experiments/get?experiment_id=1')).status).toBe(200);
    expect(emulator.requests).toEqual([
      { method: 'GET', path: '/experiments/get' },
      { method: 'GET', path: '/experiments/get' },
    ]);
  });

  it('sends an injected body as it is', async () => {
    emulator.setFault({ status: 200, body: '{"experiment": {', times: 1 });
    const res = await fetch(
      `${emulator.url}/api/2.0/mlflow/experiments/get?experiment_id=1`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.text()).toBe('{"experiment": {');
    expect((await get('/experiments/get?experiment_id=1')).status).toBe(200);
  });
});

describe('MLflow emulator with auth and synthetic data', () => {
  it('demands credentials', async () => {
    const emulator = await startEmulator({
      fixtures: syntheticFixtures({
        runs: 3,
        params: 2,
        metrics: 2,
        lossSteps: 5,
      }),
      auth: { token: 'secret' },
    });
    try {
      const url = `${emulator.url}/api/2.0/mlflow/experiments/get?experiment_id=9000`;
      expect((await fetch(url)).status).toBe(401);
      expect(
        (await fetch(url, { headers: { authorization: 'Bearer wrong' } }))
          .status,
      ).toBe(403);
      const ok = await fetch(url, {
        headers: { authorization: 'Bearer secret' },
      });
      expect((await ok.json()).experiment.name).toBe('synthetic-benchmark');
    } finally {
      await emulator.stop();
    }
  });

  it('generates the benchmark shape', () => {
    const fixtures = syntheticFixtures({ runs: 10, lossSteps: 3 });
    expect(fixtures.runs).toHaveLength(10);
    expect(Object.keys(fixtures.runs[0].params!)).toHaveLength(50);
    expect(Object.keys(fixtures.runs[0].metrics!)).toHaveLength(21);
  });
});

import { RequestControl, takeFault } from '@groundwork/emulator-server';
import express, { NextFunction, Request, Response } from 'express';
import { EmulatorStore, invalid, MlflowApiError } from './store';

/** Request log entry, for tests and benchmarks that count upstream calls. */
export interface EmulatorRequest {
  method: string;
  /** Path below `/api/2.0/mlflow`, e.g. `/runs/search`. */
  path: string;
}

/**
 * A failure the emulator injects instead of answering; `path` (below
 * `/api/2.0/mlflow`, e.g. `/metrics/get-history-bulk-interval`) limits it to
 * one endpoint. A `status` of 404 answers `ENDPOINT_NOT_FOUND`, as an MLflow
 * too old for the endpoint does. A `body` is sent as it is, as JSON, with the
 * status (e.g. `{ status: 200, body: '{"runs": [' }`: a truncated answer, or
 * a proxy's page).
 */
export type EmulatorFault = (
  | {
      status: number;
      times?: number;
      retryAfterSeconds?: number;
      body?: string;
    }
  | { delayMs: number; times?: number }
) & { path?: string };

/** Credentials the emulator demands when set (like MLflow's basic-auth app). */
export interface EmulatorAuth {
  token?: string;
  basic?: { username: string; password: string };
}

export interface EmulatorControl
  extends RequestControl<EmulatorRequest, EmulatorFault> {
  auth?: EmulatorAuth;
  /**
   * The most points a get-history page holds, whatever `max_results` asks
   * (MLflow lets servers restrict it); unset: as many as asked, and the
   * whole history when `max_results` is not given.
   */
  historyPageLimit?: number;
  /** API requests being answered now, and the most at once so far. */
  inFlight?: number;
  peakInFlight?: number;
}

/**
 * MLflow omits unset fields and empty repeated fields from its JSON, so an
 * empty search answers `{}`.
 */
export function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(prune);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || v === null || v === '') continue;
      if (Array.isArray(v) && v.length === 0) continue;
      out[k] = prune(v);
    }
    return out;
  }
  return value;
}

/**
 * A `JSON.stringify` replacer doing what {@link prune} does while
 * serialising, without copying the body first (a page of 100 full runs would
 * otherwise be copied object by object).
 */
function pruneReplacer(this: unknown, _key: string, value: unknown) {
  if (Array.isArray(this)) return value; // array items are kept as they are
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  return value;
}

/** The JSON MLflow would send for `body`: like `JSON.stringify(prune(body))`. */
export function toMlflowJson(body: unknown): string {
  return JSON.stringify(body, pruneReplacer) ?? '{}';
}

function str(value: unknown, name: string, required: true): string;
function str(
  value: unknown,
  name: string,
  required?: false,
): string | undefined;
function str(value: unknown, name: string, required?: boolean) {
  if (value === undefined || value === '') {
    if (required) {
      throw invalid(`Missing value for required parameter '${name}'.`);
    }
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalid(`Invalid value for parameter '${name}'`);
  }
  return value;
}

function int(
  value: unknown,
  name: string,
  limits: { default?: number; max?: number } = {},
): number | undefined {
  if (value === undefined || value === '') {
    return limits.default;
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw invalid(
      `Invalid value ${JSON.stringify(
        value,
      )} for parameter '${name}' supplied: must be a positive integer`,
    );
  }
  if (limits.max !== undefined && n > limits.max) {
    throw invalid(
      `Invalid value ${n} for parameter '${name}' supplied. It must be at most ${limits.max}`,
    );
  }
  return n;
}

function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** The filtering, ordering and paging parameters of every MLflow search. */
function searchParams(
  p: Record<string, unknown>,
  maxResults: { default: number; max: number },
) {
  return {
    filter: str(p.filter, 'filter'),
    maxResults: int(p.max_results, 'max_results', maxResults)!,
    orderBy: list(p.order_by),
    pageToken: str(p.page_token, 'page_token'),
  };
}

function checkAuth(auth: EmulatorAuth, req: Request) {
  const header = req.headers.authorization ?? '';
  const expected: string[] = [];
  if (auth.token) expected.push(`Bearer ${auth.token}`);
  if (auth.basic) {
    expected.push(
      `Basic ${Buffer.from(
        `${auth.basic.username}:${auth.basic.password}`,
      ).toString('base64')}`,
    );
  }
  if (!header) {
    throw new MlflowApiError(
      401,
      'UNAUTHENTICATED',
      'You are not authenticated. Please provide valid credentials.',
    );
  }
  if (!expected.includes(header)) {
    throw new MlflowApiError(
      403,
      'PERMISSION_DENIED',
      'Permission denied for the supplied credentials.',
    );
  }
}

/** The Express app serving the emulated REST API 2.0 from a store. */
export function createEmulatorApp(
  store: EmulatorStore,
  control: EmulatorControl,
): express.Express {
  const app = express();
  // MLflow (Flask) sends no ETag; hashing a multi-megabyte history would
  // only slow the emulator down
  app.set('etag', false);
  app.use(express.json({ limit: '10mb' }));

  app.use(async (req: Request, res: Response, next: NextFunction) => {
    const mount = /^\/(?:ajax-)?api\/2\.0\/mlflow(\/.*)$/.exec(req.path);
    if (mount) {
      control.requests.push({ method: req.method, path: mount[1] });
      control.inFlight = (control.inFlight ?? 0) + 1;
      control.peakInFlight = Math.max(
        control.peakInFlight ?? 0,
        control.inFlight,
      );
      res.once('close', () => {
        control.inFlight! -= 1;
      });
    }
    // A fault with a `path` hits only that endpoint.
    const faultPath = control.fault?.path;
    const fault =
      faultPath === undefined || faultPath === mount?.[1]
        ? await takeFault(control)
        : undefined;
    if (fault) {
      if (fault.retryAfterSeconds !== undefined) {
        res.setHeader('Retry-After', String(fault.retryAfterSeconds));
      }
      if (fault.body !== undefined) {
        res.status(fault.status).type('application/json').send(fault.body);
        return;
      }
      let errorCode = 'INVALID_STATE';
      if (fault.status >= 500) errorCode = 'INTERNAL_ERROR';
      else if (fault.status === 404) errorCode = 'ENDPOINT_NOT_FOUND';
      res.status(fault.status).json({
        error_code: errorCode,
        message: `Injected fault (HTTP ${fault.status})`,
      });
      return;
    }
    try {
      if (control.auth) checkAuth(control.auth, req);
      next();
    } catch (e) {
      next(e);
    }
  });

  const router = express.Router();
  const send = (res: Response, body: unknown) =>
    res.type('application/json').send(toMlflowJson(body));
  const params = (req: Request): Record<string, unknown> =>
    req.method === 'GET'
      ? (req.query as Record<string, unknown>)
      : req.body ?? {};

  router.get('/experiments/get', (req, res) =>
    send(res, {
      experiment: store.getExperiment(
        str(req.query.experiment_id, 'experiment_id', true),
      ),
    }),
  );
  router.get('/experiments/get-by-name', (req, res) =>
    send(res, {
      experiment: store.getExperimentByName(
        str(req.query.experiment_name, 'experiment_name', true),
      ),
    }),
  );
  router.post('/experiments/create', (req, res) => {
    const name = str(req.body?.name, 'name', true);
    const tags: Record<string, string> = {};
    for (const tag of (req.body?.tags ?? []) as unknown[]) {
      const { key, value } = (tag ?? {}) as { key?: unknown; value?: unknown };
      tags[str(key, 'tags.key', true)] = str(value, 'tags.value') ?? '';
    }
    send(
      res,
      store.createExperiment({
        name,
        artifactLocation: str(req.body?.artifact_location, 'artifact_location'),
        tags,
      }),
    );
  });
  const searchExperiments = (req: Request, res: Response) => {
    const p = params(req);
    send(
      res,
      store.searchExperiments({
        ...searchParams(p, { default: 1000, max: 50000 }),
        viewType: str(p.view_type, 'view_type'),
      }),
    );
  };
  router.get('/experiments/search', searchExperiments);
  router.post('/experiments/search', searchExperiments);

  router.get('/runs/get', (req, res) =>
    send(res, {
      run: store.getRun(
        str(req.query.run_id ?? req.query.run_uuid, 'run_id', true),
      ),
    }),
  );
  router.post('/runs/search', (req, res) => {
    const p = params(req);
    send(
      res,
      store.searchRuns({
        ...searchParams(p, { default: 1000, max: 50000 }),
        experimentIds: list(p.experiment_ids),
        runViewType: str(p.run_view_type, 'run_view_type'),
      }),
    );
  });

  router.get('/metrics/get-history', (req, res) => {
    // MLflow caps get-history-bulk's max_results, not get-history's
    const asked = int(req.query.max_results, 'max_results');
    const limit = control.historyPageLimit;
    const chunks = store.getMetricHistoryJson({
      runId: str(req.query.run_id ?? req.query.run_uuid, 'run_id', true),
      metricKey: str(req.query.metric_key, 'metric_key', true),
      maxResults: limit ? Math.min(asked ?? limit, limit) : asked,
      pageToken: str(req.query.page_token, 'page_token'),
    });
    // the stored bytes as they are: a 100,000-point history is ~7 MB
    res.type('application/json');
    res.setHeader(
      'Content-Length',
      chunks.reduce((n, c) => n + c.length, 0),
    );
    chunks.forEach((chunk, i) =>
      i < chunks.length - 1 ? res.write(chunk) : res.end(chunk),
    );
  });
  router.get('/metrics/get-history-bulk-interval', (req, res) => {
    const runIds = list(req.query.run_ids);
    if (runIds.length === 0) {
      throw invalid("Missing value for required parameter 'run_ids'.");
    }
    if (runIds.length > 100) {
      throw invalid(
        'GetMetricHistoryBulkInterval request must specify at most 100 run_ids.',
      );
    }
    const startStep = req.query.start_step;
    const endStep = req.query.end_step;
    if ((startStep === undefined) !== (endStep === undefined)) {
      throw invalid(
        'If either start step or end step are specified, both must be specified.',
      );
    }
    send(
      res,
      store.getMetricHistoryBulkInterval({
        runIds,
        metricKey: str(req.query.metric_key, 'metric_key', true),
        startStep: startStep === undefined ? undefined : Number(startStep),
        endStep: endStep === undefined ? undefined : Number(endStep),
        maxResults: int(req.query.max_results, 'max_results', {
          default: 320,
          max: 2500,
        })!,
      }),
    );
  });

  router.get('/artifacts/list', (req, res) =>
    send(
      res,
      store.listArtifacts(
        str(req.query.run_id ?? req.query.run_uuid, 'run_id', true),
        str(req.query.path, 'path'),
      ),
    ),
  );

  router.get('/registered-models/get', (req, res) =>
    send(res, {
      registered_model: store.getRegisteredModel(
        str(req.query.name, 'name', true),
      ),
    }),
  );
  router.get('/registered-models/search', (req, res) =>
    send(
      res,
      store.searchRegisteredModels(
        searchParams(req.query, { default: 100, max: 1000 }),
      ),
    ),
  );
  router.get('/registered-models/alias', (req, res) =>
    send(res, {
      model_version: store.getModelVersionByAlias(
        str(req.query.name, 'name', true),
        str(req.query.alias, 'alias', true),
      ),
    }),
  );
  router.get('/model-versions/search', (req, res) =>
    send(
      res,
      store.searchModelVersions(
        searchParams(req.query, { default: 200000, max: 200000 }),
      ),
    ),
  );
  router.get('/model-versions/get', (req, res) =>
    send(res, {
      model_version: store.getModelVersion(
        str(req.query.name, 'name', true),
        str(req.query.version, 'version', true),
      ),
    }),
  );

  app.use(['/api/2.0/mlflow', '/ajax-api/2.0/mlflow'], router);
  app.get('/health', (_req, res) => {
    res.type('text/plain').send('OK');
  });

  app.use((req: Request, res: Response) => {
    res.status(404).json({
      error_code: 'ENDPOINT_NOT_FOUND',
      message: `No emulated endpoint for ${req.method} ${req.path}`,
    });
  });
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof MlflowApiError) {
      res
        .status(err.status)
        .json({ error_code: err.errorCode, message: err.message });
      return;
    }
    if (err instanceof SyntaxError) {
      res
        .status(400)
        .json({ error_code: 'MALFORMED_REQUEST', message: err.message });
      return;
    }
    res.status(500).json({
      error_code: 'INTERNAL_ERROR',
      message: err instanceof Error ? err.message : String(err),
    });
  });
  return app;
}

import {
  DEFAULT_RETRY_AFTER_SECONDS,
  errorFromResponse,
  isRetryable,
  MlflowBadGatewayError,
  MlflowKnownUnavailableError,
  MlflowUnavailableError,
} from './errors';
import { RequestLimiter } from './RequestLimiter';
import {
  KeyValue,
  MlflowDatasetInput,
  MlflowExperiment,
  MlflowFileInfo,
  MlflowMetric,
  MlflowModelVersion,
  MlflowRegisteredModel,
  MlflowRun,
  Page,
  SearchExperimentsRequest,
  SearchRegistryRequest,
  SearchRunsRequest,
} from './types';

/** How to reach one MLflow tracking server. */
export interface MlflowClientOptions {
  /** The configured server name, used in error messages. */
  name: string;
  baseUrl: string;
  token?: string;
  basicAuth?: { username: string; password: string };
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** Extra attempts for reads that failed with a retryable error (default 2). */
  retries?: number;
  /** Base delay of the exponential backoff (default 250 ms). */
  backoffMs?: number;
  /** Requests in flight to this server at once (default 4). */
  maxConcurrentRequests?: number;
  /** Points read of one metric history at most (default 200,000). */
  maxPointsPerSeries?: number;
}

type Raw = Record<string, any>;

/**
 * Points per metric history page asked of MLflow (which sets no maximum for
 * get-history): pages small enough to be dealt with one by one, rather than a
 * whole 100,000-point history held as objects at once.
 */
export const METRIC_HISTORY_PAGE_SIZE = 25_000;

const MAX_RETRY_WAIT_MS = 5000;
const WAIT_FOR_PROBE = Symbol('wait for the probe');

/** Defaults of {@link MlflowClientOptions}. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 4;
export const DEFAULT_MAX_POINTS_PER_SERIES = 200_000;

function num(value: unknown): number {
  // MLflow serialises NaN and ±Infinity as strings, int64 sometimes as strings
  return typeof value === 'number' ? value : Number(value);
}
function optNum(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : num(value);
}
const keyValues = (raw: unknown): KeyValue[] =>
  ((raw as KeyValue[] | undefined) ?? []).map(t => ({
    key: t.key,
    value: t.value ?? '',
  }));

/**
 * Normalises one of MLflow's metric objects in place: it is called for every
 * point of a history, which can be 100,000s, so no copy is made.
 */
function toMetric(raw: Raw): MlflowMetric {
  if (typeof raw.value !== 'number') raw.value = num(raw.value);
  if (typeof raw.timestamp !== 'number')
    raw.timestamp = num(raw.timestamp ?? 0);
  if (typeof raw.step !== 'number') raw.step = num(raw.step ?? 0);
  return raw as MlflowMetric;
}

function toExperiment(raw: Raw): MlflowExperiment {
  return {
    ...raw,
    experiment_id: raw.experiment_id,
    name: raw.name,
    last_update_time: optNum(raw.last_update_time),
    creation_time: optNum(raw.creation_time),
    tags: keyValues(raw.tags),
  };
}

function toRun(raw: Raw): MlflowRun {
  const info = raw.info ?? {};
  return {
    info: {
      ...info,
      run_id: info.run_id ?? info.run_uuid,
      experiment_id: info.experiment_id,
      status: info.status,
      start_time: optNum(info.start_time),
      end_time: optNum(info.end_time),
    },
    data: {
      metrics: (raw.data?.metrics ?? []).map(toMetric),
      params: keyValues(raw.data?.params),
      tags: keyValues(raw.data?.tags),
    },
    inputs: {
      dataset_inputs: (raw.inputs?.dataset_inputs ?? []).map(
        (d: Raw): MlflowDatasetInput => ({
          tags: keyValues(d.tags),
          dataset: d.dataset,
        }),
      ),
    },
  };
}

function toModelVersion(raw: Raw): MlflowModelVersion {
  return {
    ...raw,
    name: raw.name,
    version: String(raw.version),
    creation_timestamp: optNum(raw.creation_timestamp),
    last_updated_timestamp: optNum(raw.last_updated_timestamp),
    tags: keyValues(raw.tags),
    aliases: raw.aliases ?? [],
  };
}

function toRegisteredModel(raw: Raw): MlflowRegisteredModel {
  return {
    ...raw,
    name: raw.name,
    creation_timestamp: optNum(raw.creation_timestamp),
    last_updated_timestamp: optNum(raw.last_updated_timestamp),
    latest_versions: (raw.latest_versions ?? []).map(toModelVersion),
    tags: keyValues(raw.tags),
    aliases: raw.aliases ?? [],
  };
}

const page = <T>(items: T[], token: unknown): Page<T> =>
  token ? { items, nextPageToken: String(token) } : { items };

/**
 * Follows `next_page_token` until the end.
 */
export async function* paginate<T>(
  fetchPage: (pageToken?: string) => Promise<Page<T>>,
): AsyncGenerator<T[]> {
  let token: string | undefined;
  do {
    const result = await fetchPage(token);
    yield result.items;
    token = result.nextPageToken;
  } while (token);
}

/** Collects every item of a paginated search. */
export async function collectAll<T>(
  fetchPage: (pageToken?: string) => Promise<Page<T>>,
): Promise<T[]> {
  const all: T[] = [];
  for await (const items of paginate(fetchPage)) {
    all.push(...items);
  }
  return all;
}

/** A part of an MLflow answer we need, or a 502 naming the server and path. */
function required<T>(value: T | undefined, server: string, path: string): T {
  if (value === undefined || value === null || typeof value !== 'object') {
    throw new MlflowBadGatewayError(
      `MLflow server '${server}' answered ${path} without the expected content; check that mlops.mlflow.servers[].baseUrl points at an MLflow tracking server`,
    );
  }
  return value;
}

/**
 * A typed client for the MLflow REST API 2.0 (tracking and model registry).
 * Reads that failed in a way that may succeed later (timeouts, connection
 * errors, 429, 5xx) are retried with exponential backoff; the one write,
 * {@link MlflowClient.createExperiment}, is sent once. At most
 * `maxConcurrentRequests` requests are in flight at once; once a request has
 * failed for good with the server unavailable, further requests fail at once
 * for the `Retry-After` we advise, rather than each waiting out its timeout.
 */
export class MlflowClient {
  readonly name: string;
  readonly maxPointsPerSeries: number;
  private readonly apiUrl: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly limiter: RequestLimiter;
  private unavailable?: { until: number; error: MlflowUnavailableError };
  /**
   * Settles when the one request retrying a failed attempt (the probe) is
   * done; meanwhile other requests wait for its outcome instead of each
   * trying a server that just failed.
   */
  private probe?: Promise<void>;

  constructor(options: MlflowClientOptions) {
    this.name = options.name;
    this.apiUrl = `${options.baseUrl.replace(/\/+$/, '')}/api/2.0/mlflow`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 2;
    this.backoffMs = options.backoffMs ?? 250;
    this.limiter = new RequestLimiter(
      options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS,
    );
    this.maxPointsPerSeries =
      options.maxPointsPerSeries ?? DEFAULT_MAX_POINTS_PER_SERIES;
    this.headers = { accept: 'application/json' };
    if (options.token) {
      this.headers.authorization = `Bearer ${options.token}`;
    } else if (options.basicAuth) {
      this.headers.authorization = `Basic ${Buffer.from(
        `${options.basicAuth.username}:${options.basicAuth.password}`,
      ).toString('base64')}`;
    }
  }

  // ---- experiments -------------------------------------------------------

  async getExperiment(experimentId: string): Promise<MlflowExperiment> {
    const res = await this.get('/experiments/get', {
      experiment_id: experimentId,
    });
    return toExperiment(required(res.experiment, this.name, 'experiments/get'));
  }

  async getExperimentByName(name: string): Promise<MlflowExperiment> {
    const res = await this.get('/experiments/get-by-name', {
      experiment_name: name,
    });
    return toExperiment(
      required(res.experiment, this.name, 'experiments/get-by-name'),
    );
  }

  /**
   * Creates an experiment; MLflow answers `RESOURCE_ALREADY_EXISTS` (a
   * {@link ConflictError}) when the name is taken, even by a deleted one.
   * Sent once, never retried: a retry after a timeout could create twice.
   */
  async createExperiment(request: {
    name: string;
    artifactLocation?: string;
    tags?: KeyValue[];
  }): Promise<{ experimentId: string }> {
    const res = await this.post(
      '/experiments/create',
      {
        name: request.name,
        artifact_location: request.artifactLocation,
        tags: request.tags,
      },
      { retry: false },
    );
    if (typeof res.experiment_id !== 'string' || !res.experiment_id) {
      throw new MlflowBadGatewayError(
        `MLflow server '${this.name}' answered experiments/create without an experiment_id`,
      );
    }
    return { experimentId: res.experiment_id };
  }

  async searchExperiments(
    request: SearchExperimentsRequest = {},
  ): Promise<Page<MlflowExperiment>> {
    const res = await this.post('/experiments/search', {
      filter: request.filter,
      max_results: request.maxResults,
      order_by: request.orderBy,
      page_token: request.pageToken,
      view_type: request.viewType,
    });
    return page((res.experiments ?? []).map(toExperiment), res.next_page_token);
  }

  // ---- runs --------------------------------------------------------------

  async getRun(runId: string): Promise<MlflowRun> {
    const res = await this.get('/runs/get', { run_id: runId });
    return toRun(required(res.run, this.name, 'runs/get'));
  }

  async searchRuns(request: SearchRunsRequest): Promise<Page<MlflowRun>> {
    const res = await this.post('/runs/search', {
      experiment_ids: request.experimentIds,
      filter: request.filter,
      run_view_type: request.runViewType,
      max_results: request.maxResults,
      order_by: request.orderBy,
      page_token: request.pageToken,
    });
    return page((res.runs ?? []).map(toRun), res.next_page_token);
  }

  // ---- metrics -----------------------------------------------------------

  async getMetricHistoryPage(request: {
    runId: string;
    metricKey: string;
    maxResults?: number;
    pageToken?: string;
  }): Promise<Page<MlflowMetric>> {
    const res = await this.get('/metrics/get-history', {
      run_id: request.runId,
      metric_key: request.metricKey,
      max_results: request.maxResults,
      page_token: request.pageToken,
    });
    return page((res.metrics ?? []).map(toMetric), res.next_page_token);
  }

  /**
   * A run's history of one metric, page by page (pages of
   * {@link METRIC_HISTORY_PAGE_SIZE}), in MLflow's order, up to
   * `maxPointsPerSeries` points: `truncated` when the history goes on. MLflow
   * stores that cannot page a history (its file store, older SQL stores)
   * answer the whole history at once, which is cut just the same.
   */
  async readMetricHistory(
    runId: string,
    metricKey: string,
    onPage: (metrics: MlflowMetric[]) => void,
  ): Promise<{ truncated: boolean }> {
    let read = 0;
    let pageToken: string | undefined;
    do {
      const room = this.maxPointsPerSeries - read;
      const result = await this.getMetricHistoryPage({
        runId,
        metricKey,
        maxResults: Math.min(METRIC_HISTORY_PAGE_SIZE, room),
        pageToken,
      });
      const kept =
        result.items.length > room ? result.items.slice(0, room) : result.items;
      onPage(kept);
      read += kept.length;
      pageToken = result.nextPageToken;
      if (kept.length < result.items.length) return { truncated: true };
    } while (pageToken && read < this.maxPointsPerSeries);
    return { truncated: Boolean(pageToken) };
  }

  // ---- artifacts ---------------------------------------------------------

  async listArtifacts(request: {
    runId: string;
    path?: string;
    pageToken?: string;
  }): Promise<Page<MlflowFileInfo> & { rootUri?: string }> {
    const res = await this.get('/artifacts/list', {
      run_id: request.runId,
      path: request.path,
      page_token: request.pageToken,
    });
    const files: MlflowFileInfo[] = (res.files ?? []).map((f: Raw) => ({
      path: f.path,
      is_dir: Boolean(f.is_dir),
      file_size: optNum(f.file_size),
    }));
    return { ...page(files, res.next_page_token), rootUri: res.root_uri };
  }

  // ---- model registry ----------------------------------------------------

  async getRegisteredModel(name: string): Promise<MlflowRegisteredModel> {
    const res = await this.get('/registered-models/get', { name });
    return toRegisteredModel(
      required(res.registered_model, this.name, 'registered-models/get'),
    );
  }

  async searchRegisteredModels(
    request: SearchRegistryRequest = {},
  ): Promise<Page<MlflowRegisteredModel>> {
    const res = await this.get('/registered-models/search', {
      filter: request.filter,
      max_results: request.maxResults,
      order_by: request.orderBy,
      page_token: request.pageToken,
    });
    return page(
      (res.registered_models ?? []).map(toRegisteredModel),
      res.next_page_token,
    );
  }

  async searchModelVersions(
    request: SearchRegistryRequest = {},
  ): Promise<Page<MlflowModelVersion>> {
    const res = await this.get('/model-versions/search', {
      filter: request.filter,
      max_results: request.maxResults,
      order_by: request.orderBy,
      page_token: request.pageToken,
    });
    return page(
      (res.model_versions ?? []).map(toModelVersion),
      res.next_page_token,
    );
  }

  async getModelVersion(
    name: string,
    version: string,
  ): Promise<MlflowModelVersion> {
    const res = await this.get('/model-versions/get', { name, version });
    return toModelVersion(
      required(res.model_version, this.name, 'model-versions/get'),
    );
  }

  async getModelVersionByAlias(
    name: string,
    alias: string,
  ): Promise<MlflowModelVersion> {
    const res = await this.get('/registered-models/alias', { name, alias });
    return toModelVersion(
      required(res.model_version, this.name, 'registered-models/alias'),
    );
  }

  // ---- transport ---------------------------------------------------------

  private get(
    path: string,
    query: Record<string, string | number | string[] | undefined>,
  ) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) {
        params.append(key, String(v));
      }
    }
    const qs = params.toString();
    return this.call(`${path}${qs ? `?${qs}` : ''}`, { method: 'GET' });
  }

  private post(
    path: string,
    body: Record<string, unknown>,
    options: { retry: boolean } = { retry: true },
  ) {
    return this.call(
      path,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      options.retry ? this.retries : 0,
    );
  }

  private async call(
    path: string,
    init: RequestInit,
    retries = this.retries,
  ): Promise<Raw> {
    // This request's own probe, if it became one (held in an object the
    // loop's callbacks share, rather than a reassigned variable).
    const own: { endProbe?: () => void } = {};
    try {
      for (let attempt = 0; ; attempt++) {
        while (this.probe && !own.endProbe) await this.probe;
        try {
          const answer = await this.limiter.run(async () => {
            // A probe may have started while this request waited its turn.
            if (this.probe && !own.endProbe) return WAIT_FOR_PROBE;
            this.failIfKnownUnavailable();
            try {
              return await this.attempt(path, init);
            } catch (error) {
              // Becomes the probe before its slot goes to the next request.
              if (isRetryable(error) && attempt < retries && !this.probe) {
                let settle!: () => void;
                this.probe = new Promise<void>(resolve => (settle = resolve));
                own.endProbe = () => {
                  this.probe = undefined;
                  settle();
                };
              }
              throw error;
            }
          });
          if (answer !== WAIT_FOR_PROBE) return answer;
          attempt -= 1; // not an attempt: wait for the probe, then try
        } catch (error) {
          if (!isRetryable(error) || attempt >= retries) {
            if (isRetryable(error)) {
              this.unavailable = {
                until: Date.now() + error.retryAfterSeconds * 1000,
                error,
              };
            }
            throw error;
          }
          await this.backoff(attempt, error);
        }
      }
    } finally {
      own.endProbe?.();
    }
  }

  /** Exponential backoff with jitter, or longer if the server asked. */
  private async backoff(attempt: number, error: MlflowUnavailableError) {
    const backoff = this.backoffMs * 2 ** attempt * (0.5 + Math.random());
    const wait = Math.min(
      Math.max(backoff, (error.upstreamRetryAfterSeconds ?? 0) * 1000),
      MAX_RETRY_WAIT_MS,
    );
    await new Promise(resolve => setTimeout(resolve, wait));
  }

  /**
   * Fails at once while a recent request found the server unavailable, so
   * that requests queued behind it do not each wait out their timeouts.
   */
  private failIfKnownUnavailable() {
    const known = this.unavailable;
    if (!known) return;
    const waitMs = known.until - Date.now();
    if (waitMs <= 0) {
      this.unavailable = undefined;
      return;
    }
    const seconds = Math.ceil(waitMs / 1000);
    throw new MlflowKnownUnavailableError(
      `${known.error.message} (not asked again for ${seconds} s)`,
      seconds,
      { cause: known.error },
    );
  }

  private async attempt(path: string, init: RequestInit): Promise<Raw> {
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}${path}`, {
        ...init,
        headers: {
          ...this.headers,
          ...(init.headers as Record<string, string>),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const e = error as {
        name?: string;
        message?: string;
        cause?: { code?: string };
      };
      const reason =
        e?.name === 'TimeoutError' || e?.name === 'AbortError'
          ? `did not answer within ${this.timeoutMs} ms (mlops.mlflow.servers[].timeoutMs); try again later`
          : `is unreachable (${
              e?.cause?.code ?? e?.message
            }); check that it is running and that its baseUrl in mlops.mlflow.servers is right`;
      throw new MlflowUnavailableError(
        `MLflow server '${this.name}' ${reason}`,
        DEFAULT_RETRY_AFTER_SECONDS,
        { cause: error },
      );
    }
    let text: string;
    try {
      // arrayBuffer() and Buffer's decoding: markedly cheaper than text() for
      // a multi-megabyte metric history
      text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    } catch (error) {
      throw new MlflowUnavailableError(
        `MLflow server '${this.name}' did not finish its answer within ${this.timeoutMs} ms`,
        DEFAULT_RETRY_AFTER_SECONDS,
        { cause: error },
      );
    }
    let body: Raw | undefined;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      throw errorFromResponse(
        this.name,
        response.status,
        body,
        response.headers.get('retry-after'),
      );
    }
    if (!body) {
      throw new MlflowBadGatewayError(
        `MLflow server '${this.name}' answered ${
          path.split('?')[0]
        } with something that is not JSON; check that mlops.mlflow.servers[].baseUrl points at an MLflow tracking server, not a proxy or login page`,
      );
    }
    return body;
  }
}

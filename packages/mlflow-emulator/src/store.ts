import {
  EmulatorFixtures,
  FixtureDataset,
  FixtureExperiment,
  FixtureMetricValue,
  FixtureModelVersion,
  FixtureRegisteredModel,
  FixtureRun,
} from './types';
import {
  FilterClause,
  InvalidParameterError,
  matchesClause,
  OrderClause,
  parseFilter,
  parseOrderBy,
} from './filter';

/** An MLflow error as the REST API reports it. */
export class MlflowApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (message: string) =>
  new MlflowApiError(404, 'RESOURCE_DOES_NOT_EXIST', message);
export const invalid = (message: string) =>
  new MlflowApiError(400, 'INVALID_PARAMETER_VALUE', message);

interface Point {
  step: number;
  timestamp: number;
  value: number;
}

interface StoredRun {
  fixture: FixtureRun;
  artifactUri: string;
  /** Per metric key, sorted by step then timestamp. */
  history: Map<string, Point[]>;
  /** Per metric key, the value MLflow reports as the run's current one. */
  latest: Map<string, Point>;
  /** Per metric key, the history's JSON, built on first read. */
  historyJson?: Map<string, HistoryJson>;
}

/**
 * A metric history's points as MLflow's JSON objects, comma-separated, in
 * UTF-8, and where each one ends: any page of it is one slice, sent as it is.
 */
interface HistoryJson {
  bytes: Buffer;
  /** `ends[i]`: the byte offset just past point `i` in `bytes`. */
  ends: Uint32Array;
}

type Json = Record<string, unknown>;

function decodeValue(value: FixtureMetricValue): number {
  return typeof value === 'number' ? value : Number(value);
}

/** Numbers as MLflow's JSON has them: non-finite values become strings. */
export function encodeValue(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

const keyValues = (map: Record<string, string> | undefined) =>
  Object.entries(map ?? {}).map(([key, value]) => ({ key, value }));

/**
 * Paging as MLflow does it: an opaque base64 token holding an offset. The
 * page is items `start` to `end` (exclusive) of `total`.
 */
export function pageBounds(
  total: number,
  maxResults: number,
  pageToken: string | undefined,
): { start: number; end: number; nextPageToken?: string } {
  let offset = 0;
  if (pageToken) {
    try {
      offset = JSON.parse(
        Buffer.from(pageToken, 'base64').toString('utf8'),
      ).offset;
    } catch {
      throw invalid(`Invalid page token '${pageToken}'`);
    }
    if (!Number.isInteger(offset) || offset < 0) {
      throw invalid(`Invalid page token '${pageToken}'`);
    }
  }
  const end = Math.min(offset + maxResults, total);
  return {
    start: Math.min(offset, total),
    end,
    nextPageToken:
      end < total
        ? Buffer.from(JSON.stringify({ offset: end })).toString('base64')
        : undefined,
  };
}

/**
 * A page of `items` as MLflow answers a list: their JSON under `key` and,
 * when more follow, the next page's token (see {@link pageBounds}).
 */
function pageAnswer<K extends string, T, J>(
  key: K,
  items: T[],
  request: { maxResults: number; pageToken?: string },
  toJson: (item: T) => J,
) {
  const { start, end, nextPageToken } = pageBounds(
    items.length,
    request.maxResults,
    request.pageToken,
  );
  return {
    [key]: items.slice(start, end).map(toJson),
    next_page_token: nextPageToken,
  } as Record<K, J[]> & { next_page_token?: string };
}

function compareNullable(
  a: string | number | undefined,
  b: string | number | undefined,
  ascending: boolean,
): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1; // missing values sort last either way
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') {
    // NaN sorts as the largest value, as in MLflow's SQL store
    const na = Number.isNaN(a) ? Infinity : a;
    const nb = Number.isNaN(b) ? Infinity : b;
    if (na === nb) return 0;
    return (na < nb ? -1 : 1) * (ascending ? 1 : -1);
  }
  const sa = String(a);
  const sb = String(b);
  if (sa === sb) return 0;
  return (sa < sb ? -1 : 1) * (ascending ? 1 : -1);
}

/**
 * A comparator for `order_by`: each clause in turn, with `value` reading what
 * it names of an item, then `tiebreak`.
 */
function byOrder<T>(
  order: OrderClause[],
  value: (item: T, clause: OrderClause) => string | number | undefined,
  tiebreak: (a: T, b: T) => number,
) {
  return (a: T, b: T) => {
    for (const o of order) {
      const r = compareNullable(value(a, o), value(b, o), o.ascending);
      if (r) return r;
    }
    return tiebreak(a, b);
  };
}

const RUN_STRING_ATTRIBUTES = [
  'run_id',
  'run_name',
  'status',
  'user_id',
  'artifact_uri',
  'lifecycle_stage',
];

/** Run attributes a fixture run holds under the same name. */
const FIXTURE_RUN_ATTRIBUTES = [
  'start_time',
  'end_time',
  'run_id',
  'run_name',
  'status',
  'user_id',
] as const;

/** Experiment attributes a fixture experiment holds under the same name. */
const EXPERIMENT_ATTRIBUTES = [
  'name',
  'experiment_id',
  'creation_time',
  'last_update_time',
] as const;

function isOneOf<K extends string>(keys: readonly K[], key: string): key is K {
  return (keys as readonly string[]).includes(key);
}

/** In-memory state of an emulated tracking server and model registry. */
export class EmulatorStore {
  private readonly experiments = new Map<string, FixtureExperiment>();
  private readonly runs = new Map<string, StoredRun>();
  private readonly runsByExperiment = new Map<string, StoredRun[]>();
  private readonly models = new Map<string, FixtureRegisteredModel>();

  constructor(fixtures: EmulatorFixtures) {
    for (const experiment of fixtures.experiments) {
      this.experiments.set(experiment.experiment_id, experiment);
      this.runsByExperiment.set(experiment.experiment_id, []);
    }
    for (const run of fixtures.runs) {
      this.addRun(run);
    }
    for (const model of fixtures.registered_models ?? []) {
      this.models.set(model.name, model);
    }
  }

  private addRun(fixture: FixtureRun) {
    const experiment = this.experiments.get(fixture.experiment_id);
    if (!experiment) {
      throw new Error(
        `Fixture run ${fixture.run_id} refers to unknown experiment ${fixture.experiment_id}`,
      );
    }
    const history = new Map<string, Point[]>();
    const latest = new Map<string, Point>();
    for (const [key, points] of Object.entries(fixture.metrics ?? {})) {
      const sorted = points
        .map(([step, timestamp, value]) => ({
          step,
          timestamp,
          value: decodeValue(value),
        }))
        .sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
      history.set(key, sorted);
      latest.set(key, sorted[sorted.length - 1]);
    }
    const stored: StoredRun = {
      fixture,
      artifactUri: `${
        experiment.artifact_location ??
        `mlflow-artifacts:/${experiment.experiment_id}`
      }/${fixture.run_id}/artifacts`,
      history,
      latest,
    };
    this.runs.set(fixture.run_id, stored);
    this.runsByExperiment.get(fixture.experiment_id)!.push(stored);
  }

  // ---- experiments -------------------------------------------------------

  private experimentJson(e: FixtureExperiment): Json {
    return {
      experiment_id: e.experiment_id,
      name: e.name,
      artifact_location:
        e.artifact_location ?? `mlflow-artifacts:/${e.experiment_id}`,
      lifecycle_stage: e.lifecycle_stage ?? 'active',
      last_update_time: e.last_update_time,
      creation_time: e.creation_time,
      tags: keyValues(e.tags),
    };
  }

  getExperiment(id: string): Json {
    const experiment = this.experiments.get(id);
    if (!experiment) {
      throw notFound(`No Experiment with id=${id} exists`);
    }
    return this.experimentJson(experiment);
  }

  getExperimentByName(name: string): Json {
    const experiments = [...this.experiments.values()].filter(
      e => e.name === name,
    );
    const experiment =
      experiments.find(e => (e.lifecycle_stage ?? 'active') === 'active') ??
      experiments[0];
    if (!experiment) {
      throw notFound(`Could not find experiment with name '${name}'`);
    }
    return this.experimentJson(experiment);
  }

  /**
   * MLflow's `experiments/create`: names are unique across active and
   * deleted experiments; ids count up, as in MLflow's SQL stores.
   */
  createExperiment(request: {
    name: string;
    artifactLocation?: string;
    tags?: Record<string, string>;
  }): { experiment_id: string } {
    const { name } = request;
    if ([...this.experiments.values()].some(e => e.name === name)) {
      throw new MlflowApiError(
        400,
        'RESOURCE_ALREADY_EXISTS',
        `Experiment(name=${name}) already exists.`,
      );
    }
    const ids = [...this.experiments.keys()]
      .map(Number)
      .filter(Number.isFinite);
    const experimentId = String(Math.max(0, ...ids) + 1);
    const now = Date.now();
    this.experiments.set(experimentId, {
      experiment_id: experimentId,
      name,
      artifact_location: request.artifactLocation,
      lifecycle_stage: 'active',
      creation_time: now,
      last_update_time: now,
      tags: request.tags,
    });
    this.runsByExperiment.set(experimentId, []);
    return { experiment_id: experimentId };
  }

  searchExperiments(request: {
    filter?: string;
    maxResults: number;
    pageToken?: string;
    orderBy?: string[];
    viewType?: string;
  }) {
    const clauses = parseFilter(request.filter);
    const order = parseOrderBy(request.orderBy);
    const viewType = request.viewType ?? 'ACTIVE_ONLY';
    const attr = (e: FixtureExperiment, key: string) => {
      if (!isOneOf(EXPERIMENT_ATTRIBUTES, key)) {
        throw invalid(`Invalid attribute key '${key}' for experiments`);
      }
      return e[key];
    };
    const value = (
      e: FixtureExperiment,
      c: { entity: string; key: string },
    ) => {
      if (c.entity === 'tag') return e.tags?.[c.key];
      if (c.entity === 'attribute') return attr(e, c.key);
      throw invalid(`Invalid entity type '${c.entity}' for experiments`);
    };
    const matched = [...this.experiments.values()]
      .filter(e => {
        const stage = e.lifecycle_stage ?? 'active';
        if (viewType === 'ACTIVE_ONLY') return stage === 'active';
        if (viewType === 'DELETED_ONLY') return stage === 'deleted';
        return true;
      })
      .filter(e => clauses.every(c => matchesClause(c, value(e, c))))
      .sort(
        byOrder(order, value, (a, b) =>
          compareNullable(
            Number(a.experiment_id),
            Number(b.experiment_id),
            false,
          ),
        ),
      );
    return pageAnswer('experiments', matched, request, e =>
      this.experimentJson(e),
    );
  }

  // ---- runs --------------------------------------------------------------

  private runValue(
    run: StoredRun,
    c: { entity: FilterClause['entity']; key: string },
  ): string | number | undefined {
    const f = run.fixture;
    switch (c.entity) {
      case 'metric':
        return run.latest.get(c.key)?.value;
      case 'param':
        return f.params?.[c.key];
      case 'tag':
        return f.tags?.[c.key];
      default:
    }
    if (isOneOf(FIXTURE_RUN_ATTRIBUTES, c.key)) return f[c.key];
    switch (c.key) {
      case 'artifact_uri':
        return run.artifactUri;
      case 'lifecycle_stage':
        return f.lifecycle_stage ?? 'active';
      default:
        throw invalid(
          `Invalid attribute key '${c.key}' specified. Valid keys are '${[
            ...RUN_STRING_ATTRIBUTES,
            'start_time',
            'end_time',
          ].join("', '")}'`,
        );
    }
  }

  private runJson(run: StoredRun): Json {
    const f = run.fixture;
    return {
      info: {
        run_id: f.run_id,
        run_uuid: f.run_id,
        run_name: f.run_name,
        experiment_id: f.experiment_id,
        user_id: f.user_id ?? '',
        status: f.status,
        start_time: f.start_time,
        end_time: f.end_time,
        artifact_uri: run.artifactUri,
        lifecycle_stage: f.lifecycle_stage ?? 'active',
      },
      data: {
        metrics: [...run.latest.entries()].map(([key, p]) => ({
          key,
          value: encodeValue(p.value),
          timestamp: p.timestamp,
          step: p.step,
        })),
        params: keyValues(f.params),
        tags: keyValues(f.tags),
      },
      inputs: {
        dataset_inputs: (f.datasets ?? []).map((d: FixtureDataset) => ({
          tags: keyValues(d.tags),
          dataset: {
            name: d.name,
            digest: d.digest,
            source_type: d.source_type,
            source: d.source,
            schema: d.schema,
            profile: d.profile,
          },
        })),
      },
    };
  }

  private requireRun(runId: string): StoredRun {
    const run = this.runs.get(runId);
    if (!run) {
      throw notFound(`Run '${runId}' not found`);
    }
    return run;
  }

  getRun(runId: string): Json {
    return this.runJson(this.requireRun(runId));
  }

  searchRuns(request: {
    experimentIds: string[];
    filter?: string;
    runViewType?: string;
    maxResults: number;
    orderBy?: string[];
    pageToken?: string;
  }) {
    let clauses: FilterClause[];
    let order: OrderClause[];
    try {
      clauses = parseFilter(request.filter);
      order = parseOrderBy(request.orderBy);
    } catch (e) {
      if (e instanceof InvalidParameterError) throw invalid(e.message);
      throw e;
    }
    const viewType = request.runViewType ?? 'ACTIVE_ONLY';
    const candidates = request.experimentIds.flatMap(
      id => this.runsByExperiment.get(id) ?? [],
    );
    const filtered = candidates
      .filter(run => {
        const stage = run.fixture.lifecycle_stage ?? 'active';
        if (viewType === 'ACTIVE_ONLY') return stage === 'active';
        if (viewType === 'DELETED_ONLY') return stage === 'deleted';
        return true;
      })
      .filter(run =>
        clauses.every(c => {
          try {
            return matchesClause(c, this.runValue(run, c));
          } catch (e) {
            if (e instanceof InvalidParameterError) throw invalid(e.message);
            throw e;
          }
        }),
      );
    // Sort keys are looked up once per run, not once per comparison: with
    // 10,000 runs a sort makes ~130,000 comparisons.
    const keyed = filtered.map(run => ({
      run,
      keys: order.map(o => this.runValue(run, o)),
    }));
    keyed.sort((a, b) => {
      for (let i = 0; i < order.length; i++) {
        const r = compareNullable(a.keys[i], b.keys[i], order[i].ascending);
        if (r) return r;
      }
      return (
        compareNullable(
          a.run.fixture.start_time,
          b.run.fixture.start_time,
          false,
        ) || compareNullable(a.run.fixture.run_id, b.run.fixture.run_id, true)
      );
    });
    return pageAnswer('runs', keyed, request, k => this.runJson(k.run));
  }

  // ---- metrics -----------------------------------------------------------

  getMetricHistory(request: {
    runId: string;
    metricKey: string;
    maxResults?: number;
    pageToken?: string;
  }) {
    const run = this.requireRun(request.runId);
    const points = run.history.get(request.metricKey) ?? [];
    const pageSize = request.maxResults ?? Math.max(points.length, 1);
    return pageAnswer(
      'metrics',
      points,
      { maxResults: pageSize, pageToken: request.pageToken },
      p => ({
        key: request.metricKey,
        value: encodeValue(p.value),
        timestamp: p.timestamp,
        step: p.step,
      }),
    );
  }

  /**
   * {@link getMetricHistory} as the JSON MLflow sends, in UTF-8 chunks to send
   * one after the other. A history's JSON is built once, on its first read
   * (fixtures never change), so a page of any size, starting anywhere, is a
   * view of those bytes: nothing is serialised or copied again.
   */
  getMetricHistoryJson(request: {
    runId: string;
    metricKey: string;
    maxResults?: number;
    pageToken?: string;
  }): Buffer[] {
    const run = this.requireRun(request.runId);
    const { bytes, ends } = this.historyJson(run, request.metricKey);
    const { start, end, nextPageToken } = pageBounds(
      ends.length,
      // without max_results MLflow answers the whole history at once
      request.maxResults ?? Math.max(ends.length, 1),
      request.pageToken,
    );
    // empty repeated and unset fields are omitted, as MLflow does
    const parts: Buffer[] = [];
    if (end > start) {
      const from = start === 0 ? 0 : ends[start - 1] + 1; // past the comma
      parts.push(
        Buffer.from('"metrics":['),
        bytes.subarray(from, ends[end - 1]),
        Buffer.from(']'),
      );
    }
    if (nextPageToken) {
      parts.push(
        Buffer.from(
          `${parts.length ? ',' : ''}"next_page_token":${JSON.stringify(
            nextPageToken,
          )}`,
        ),
      );
    }
    return [Buffer.from('{'), ...parts, Buffer.from('}')];
  }

  private historyJson(run: StoredRun, metricKey: string): HistoryJson {
    run.historyJson ??= new Map();
    let json = run.historyJson.get(metricKey);
    if (!json) {
      const points = run.history.get(metricKey) ?? [];
      const key = JSON.stringify(metricKey);
      const parts = new Array<string>(points.length);
      const ends = new Uint32Array(points.length);
      let offset = -1; // no comma before the first point
      for (let i = 0; i < points.length; i++) {
        const p = points[i];
        const value = encodeValue(p.value);
        // as JSON.stringify writes it; the store test compares the two
        parts[i] = `{"key":${key},"value":${
          typeof value === 'string' ? `"${value}"` : value
        },"timestamp":${p.timestamp},"step":${p.step}}`;
        offset += Buffer.byteLength(parts[i]) + 1;
        ends[i] = offset;
      }
      json = { bytes: Buffer.from(parts.join(',')), ends };
      run.historyJson.set(metricKey, json);
    }
    return json;
  }

  /**
   * Like MLflow: per run, the points at up to `maxResults` evenly spaced steps
   * of the requested range, always including its first and last step.
   */
  getMetricHistoryBulkInterval(request: {
    runIds: string[];
    metricKey: string;
    startStep?: number;
    endStep?: number;
    maxResults: number;
  }) {
    const metrics: Json[] = [];
    for (const runId of request.runIds) {
      const run = this.requireRun(runId);
      const all = run.history.get(request.metricKey) ?? [];
      const points =
        request.startStep === undefined && request.endStep === undefined
          ? all
          : all.filter(
              p =>
                (request.startStep === undefined ||
                  p.step >= request.startStep) &&
                (request.endStep === undefined || p.step <= request.endStep),
            );
      // points are sorted by step: distinct steps in one pass
      const steps: number[] = [];
      for (const p of points) {
        if (steps.length === 0 || steps[steps.length - 1] !== p.step) {
          steps.push(p.step);
        }
      }
      let chosen: Set<number> | undefined; // undefined: every step
      if (steps.length > request.maxResults) {
        chosen = new Set<number>();
        const last = steps.length - 1;
        for (let i = 0; i < request.maxResults; i++) {
          chosen.add(
            steps[Math.round((i * last) / Math.max(request.maxResults - 1, 1))],
          );
        }
        chosen.add(steps[last]);
      }
      for (const p of points) {
        if (!chosen || chosen.has(p.step)) {
          metrics.push({
            key: request.metricKey,
            value: encodeValue(p.value),
            timestamp: p.timestamp,
            step: p.step,
            run_id: runId,
          });
        }
      }
    }
    return { metrics };
  }

  // ---- artifacts ---------------------------------------------------------

  listArtifacts(runId: string, path: string | undefined) {
    const run = this.requireRun(runId);
    const prefix = path ? `${path.replace(/\/+$/, '')}/` : '';
    const children = new Map<string, Json>();
    for (const artifact of run.fixture.artifacts ?? []) {
      if (!artifact.path.startsWith(prefix)) continue;
      const rest = artifact.path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) {
        children.set(artifact.path, {
          path: artifact.path,
          is_dir: false,
          file_size: artifact.file_size,
        });
      } else {
        const dir = `${prefix}${rest.slice(0, slash)}`;
        children.set(dir, { path: dir, is_dir: true });
      }
    }
    return {
      root_uri: run.artifactUri,
      files: [...children.values()].sort((a, b) =>
        String(a.path).localeCompare(String(b.path)),
      ),
    };
  }

  // ---- model registry ----------------------------------------------------

  private requireModel(name: string): FixtureRegisteredModel {
    const model = this.models.get(name);
    if (!model) {
      throw notFound(`Registered Model with name=${name} not found`);
    }
    return model;
  }

  private versionJson(
    model: FixtureRegisteredModel,
    v: FixtureModelVersion,
  ): Json {
    return {
      name: model.name,
      version: v.version,
      creation_timestamp: v.creation_timestamp,
      last_updated_timestamp: v.last_updated_timestamp,
      user_id: v.user_id,
      current_stage: v.current_stage ?? 'None',
      description: v.description,
      source: v.source,
      run_id: v.run_id,
      status: v.status ?? 'READY',
      tags: keyValues(v.tags),
      aliases: Object.entries(model.aliases ?? {})
        .filter(([, version]) => version === v.version)
        .map(([alias]) => alias),
    };
  }

  private modelJson(model: FixtureRegisteredModel): Json {
    const latestPerStage = new Map<string, FixtureModelVersion>();
    for (const v of model.versions) {
      const stage = v.current_stage ?? 'None';
      const current = latestPerStage.get(stage);
      if (!current || Number(v.version) > Number(current.version)) {
        latestPerStage.set(stage, v);
      }
    }
    return {
      name: model.name,
      creation_timestamp: model.creation_timestamp,
      last_updated_timestamp: model.last_updated_timestamp,
      description: model.description,
      latest_versions: [...latestPerStage.values()].map(v =>
        this.versionJson(model, v),
      ),
      tags: keyValues(model.tags),
      aliases: Object.entries(model.aliases ?? {}).map(([alias, version]) => ({
        alias,
        version,
      })),
    };
  }

  getRegisteredModel(name: string): Json {
    return this.modelJson(this.requireModel(name));
  }

  searchRegisteredModels(request: {
    filter?: string;
    maxResults: number;
    orderBy?: string[];
    pageToken?: string;
  }) {
    const clauses = this.registryFilter(request.filter, ['name']);
    const order = parseOrderBy(request.orderBy);
    const value = (m: FixtureRegisteredModel, key: string) => {
      if (key === 'name') return m.name;
      if (key === 'last_updated_timestamp') return m.last_updated_timestamp;
      throw invalid(`Invalid order_by key '${key}' for registered models`);
    };
    const matched = [...this.models.values()]
      .filter(m => clauses.every(c => matchesClause(c, m.name)))
      .sort(
        byOrder(
          order,
          (m, o) => value(m, o.key),
          (a, b) => compareNullable(a.name, b.name, true),
        ),
      );
    return pageAnswer('registered_models', matched, request, m =>
      this.modelJson(m),
    );
  }

  private registryFilter(filter: string | undefined, keys: string[]) {
    try {
      const clauses = parseFilter(filter);
      for (const c of clauses) {
        if (c.entity !== 'attribute' || !keys.includes(c.key)) {
          throw invalid(
            `Invalid filter key '${c.key}'; supported: ${keys.join(', ')}`,
          );
        }
      }
      return clauses;
    } catch (e) {
      if (e instanceof InvalidParameterError) throw invalid(e.message);
      throw e;
    }
  }

  searchModelVersions(request: {
    filter?: string;
    maxResults: number;
    orderBy?: string[];
    pageToken?: string;
  }) {
    const clauses = this.registryFilter(request.filter, [
      'name',
      'run_id',
      'source_path',
    ]);
    const order = parseOrderBy(request.orderBy);
    const all = [...this.models.values()].flatMap(model =>
      model.versions.map(v => ({ model, v })),
    );
    const value = (
      { model, v }: { model: FixtureRegisteredModel; v: FixtureModelVersion },
      key: string,
    ) => {
      switch (key) {
        case 'name':
          return model.name;
        case 'run_id':
          return v.run_id;
        case 'source_path':
          return v.source;
        case 'version_number':
          return Number(v.version);
        case 'creation_timestamp':
          return v.creation_timestamp;
        case 'last_updated_timestamp':
          return v.last_updated_timestamp;
        default:
          throw invalid(`Invalid key '${key}' for model versions`);
      }
    };
    const matched = all
      .filter(entry =>
        clauses.every(c => matchesClause(c, value(entry, c.key))),
      )
      .sort(
        byOrder(
          order,
          (entry, o) => value(entry, o.key),
          (a, b) =>
            compareNullable(a.model.name, b.model.name, true) ||
            compareNullable(Number(a.v.version), Number(b.v.version), false),
        ),
      );
    return pageAnswer('model_versions', matched, request, ({ model, v }) =>
      this.versionJson(model, v),
    );
  }

  getModelVersion(name: string, version: string): Json {
    const model = this.requireModel(name);
    const v = model.versions.find(candidate => candidate.version === version);
    if (!v) {
      throw notFound(
        `Model Version (name=${name}, version=${version}) not found`,
      );
    }
    return this.versionJson(model, v);
  }

  getModelVersionByAlias(name: string, alias: string): Json {
    const model = this.requireModel(name);
    const version = model.aliases?.[alias];
    if (!version) {
      throw invalid(`Registered model alias ${alias} not found.`);
    }
    return this.getModelVersion(name, version);
  }
}

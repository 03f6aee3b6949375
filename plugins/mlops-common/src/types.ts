/**
 * A metric value as the MLOps REST API sends it: non-finite values (which JSON
 * cannot hold) travel as the strings MLflow itself uses.
 *
 * @public
 */
export type MetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

/**
 * Converts a {@link MetricValue} to a number.
 *
 * @public
 */
export function metricToNumber(value: MetricValue): number {
  return typeof value === 'number' ? value : Number(value);
}

/**
 * Converts a number to a {@link MetricValue}.
 *
 * @public
 */
export function numberToMetric(value: number): MetricValue {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** @public */
export type RunStatus =
  | 'RUNNING'
  | 'SCHEDULED'
  | 'FINISHED'
  | 'FAILED'
  | 'KILLED';

/** @public */
export interface ExperimentSummary {
  experimentId: string;
  name: string;
  lifecycleStage: string;
  artifactLocation?: string;
  creationTime?: number;
  lastUpdateTime?: number;
  tags: Record<string, string>;
}

/**
 * An annotation reference that the tracking server does not know.
 *
 * @public
 */
export interface MissingReference {
  kind: 'experiment-name' | 'experiment-id' | 'registered-model';
  value: string;
}

/**
 * An annotation reference the entity is not entitled to: the experiment or
 * model is not bound to the entity's owner (see the backend's "Security
 * model"). Its data is not served.
 *
 * @public
 */
export interface RefusedReference extends MissingReference {
  /** Why, and how to bind it. */
  message: string;
}

/**
 * A part of a view that could not be loaded; the rest of the view is served.
 *
 * @public
 */
export interface DegradedPart {
  /** e.g. `children`, `artifacts`, `lastRun`. */
  part: string;
  message: string;
}

/** @public */
export interface EntityExperimentsResponse {
  /** Name of the configured MLflow server used. */
  server: string;
  experiments: ExperimentSummary[];
  missing: MissingReference[];
  refused: RefusedReference[];
}

/** @public */
export interface RunSummary {
  runId: string;
  runName: string;
  experimentId: string;
  status: RunStatus;
  startTime?: number;
  endTime?: number;
  userId?: string;
  parentRunId?: string;
  /** Only the requested param columns. */
  params: Record<string, string>;
  /** Only the requested metric columns (latest values). */
  metrics: Record<string, MetricValue>;
}

/** @public */
export interface RunsPage {
  runs: RunSummary[];
  nextPageToken?: string;
  /** Param and metric keys present on this page, for column pickers. */
  availableParams: string[];
  availableMetrics: string[];
  /**
   * The param and metric columns the runs carry: the requested ones, or the
   * default choice when the request left them to the server
   * (`defaultColumns`).
   */
  columns: { params: string[]; metrics: string[] };
}

/** @public */
export interface DatasetReference {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string;
  profile?: string;
  /** The `mlflow.data.context` input tag, e.g. training or evaluation. */
  context?: string;
}

/** @public */
export interface GitSource {
  repoUrl?: string;
  commit?: string;
  branch?: string;
}

/** @public */
export interface RunReference {
  runId: string;
  runName: string;
  status: RunStatus;
}

/** @public */
export interface ArtifactEntry {
  path: string;
  isDir: boolean;
  fileSize?: number;
}

/** @public */
export interface RunDetail {
  run: RunSummary & { artifactUri?: string; lifecycleStage?: string };
  params: Record<string, string>;
  metrics: Record<
    string,
    { value: MetricValue; step: number; timestamp: number }
  >;
  tags: Record<string, string>;
  git: GitSource;
  source: { name?: string; type?: string };
  datasets: DatasetReference[];
  parent?: RunReference;
  children: RunReference[];
  artifacts: ArtifactEntry[];
  /** Optional parts (parent, children, artifacts) that could not be loaded. */
  degraded?: DegradedPart[];
}

/** @public */
export interface MetricPoint {
  step: number;
  timestamp: number;
  value: MetricValue;
}

/** @public */
export interface MetricSeries {
  runId: string;
  key: string;
  /**
   * In step order; downsampled when `sampled`, always keeping the first and
   * last points and each bucket's minimum and maximum.
   */
  points: MetricPoint[];
  /** How many points the whole history has. */
  totalPoints: number;
  /**
   * The history was downsampled: `points` holds fewer than its `totalPoints`
   * points (first, last, and each bucket's minimum and maximum kept).
   */
  sampled?: boolean;
  /**
   * The history is longer than the server reads of one series
   * (`mlops.mlflow.servers[].maxPointsPerSeries`): only its first
   * `totalPoints` points, in MLflow's order, were read.
   */
  truncated?: boolean;
}

/** @public */
export interface MetricHistoriesResponse {
  series: MetricSeries[];
}

/** @public */
export interface ModelVersionSummary {
  name: string;
  version: string;
  status?: string;
  currentStage?: string;
  runId?: string;
  source?: string;
  description?: string;
  creationTimestamp?: number;
  lastUpdatedTimestamp?: number;
  aliases: string[];
  tags: Record<string, string>;
}

/** @public */
export interface RegisteredModelSummary {
  name: string;
  description?: string;
  creationTimestamp?: number;
  lastUpdatedTimestamp?: number;
  /** alias → version */
  aliases: Record<string, string>;
  tags: Record<string, string>;
  /** Newest first. */
  versions: ModelVersionSummary[];
}

/** @public */
export interface EntityModelsResponse {
  server: string;
  models: RegisteredModelSummary[];
  missing: MissingReference[];
  refused: RefusedReference[];
}

/**
 * How far a model version can be traced: to its run, the run's data and code,
 * and the catalog entity owning that code.
 *
 * @public
 */
export type Traceability = 'traceable' | 'partial' | 'untraceable';

/** @public */
export interface ModelLineage {
  modelVersion: ModelVersionSummary;
  run?: RunReference & {
    experimentId: string;
    startTime?: number;
    endTime?: number;
  };
  datasets: DatasetReference[];
  git?: GitSource;
  /** The catalog entity whose source location or project slug matches the run's repository. */
  codeOwner?: { entityRef: string; title?: string };
  traceability: Traceability;
  /** Human-readable links missing from the chain. */
  gaps: string[];
}

/** @public */
export interface ProjectOverview {
  entityRef: string;
  title?: string;
  owner?: string;
  server?: string;
  experiments: string[];
  lastRun?: RunReference & { startTime?: number; experimentId: string };
  bestMetric?: {
    key: string;
    value: MetricValue;
    direction: 'ASC' | 'DESC';
    runId: string;
    runName: string;
  };
  champion?: {
    model: string;
    version: string;
    traceability: Traceability;
    gaps: string[];
  };
  /** Annotated experiments and models not bound to the entity's owner. */
  refused?: RefusedReference[];
  /** Parts of this row (last run, best run, champion) that could not be loaded. */
  degraded?: DegradedPart[];
  /** Why this row could not be loaded at all. */
  error?: { name: string; message: string };
}

/** @public */
export interface OverviewResponse {
  projects: ProjectOverview[];
}

/**
 * `POST /experiments`: get or create an experiment on a configured server.
 *
 * @public
 */
export interface CreateExperimentRequest {
  /** A configured server name (`mlops.mlflow.servers[].name`); the default server when absent. */
  server?: string;
  name: string;
  /**
   * The owner group of the entity the experiment is for; a created
   * experiment is tagged `groundwork.dev/owner` with it, which binds it to
   * that owner's entities.
   */
  owner?: string;
}

/**
 * The answer of `POST /experiments` (200 when it existed, 201 when created).
 *
 * @public
 */
export interface CreateExperimentResponse {
  server: string;
  experimentId: string;
  name: string;
  created: boolean;
}

/**
 * The answer of `GET /servers/:server/experiments/by-name?name=`.
 *
 * @public
 */
export interface ExperimentLookupResponse {
  server: string;
  name: string;
  /** The experiment, when the server has one of that name (active or deleted). */
  experiment?: { experimentId: string; lifecycleStage: string };
}

/**
 * The JSON fixture format the emulator is seeded from. It is our own compact
 * format (not an MLflow export): maps instead of key/value lists, metric
 * histories as `[step, timestamp, value]` tuples. Non-finite metric values are
 * written as the strings `"NaN"`, `"Infinity"` and `"-Infinity"`, as MLflow
 * itself serialises them.
 */

/** A metric value as stored in JSON fixtures. */
export type FixtureMetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

/** One logged metric value: `[step, timestamp in ms, value]`. */
export type FixtureMetricPoint = [number, number, FixtureMetricValue];

export interface FixtureExperiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: 'active' | 'deleted';
  creation_time: number;
  last_update_time: number;
  tags?: Record<string, string>;
}

export interface FixtureDataset {
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema?: string;
  profile?: string;
  /** Input tags, e.g. `{ "mlflow.data.context": "training" }`. */
  tags?: Record<string, string>;
}

export interface FixtureArtifact {
  /** Path of a file relative to the run's artifact root; directories are derived. */
  path: string;
  file_size: number;
}

export type FixtureRunStatus =
  | 'RUNNING'
  | 'SCHEDULED'
  | 'FINISHED'
  | 'FAILED'
  | 'KILLED';

export interface FixtureRun {
  run_id: string;
  experiment_id: string;
  run_name: string;
  status: FixtureRunStatus;
  start_time: number;
  end_time?: number;
  user_id?: string;
  lifecycle_stage?: 'active' | 'deleted';
  params?: Record<string, string>;
  tags?: Record<string, string>;
  metrics?: Record<string, FixtureMetricPoint[]>;
  datasets?: FixtureDataset[];
  artifacts?: FixtureArtifact[];
}

export interface FixtureModelVersion {
  version: string;
  run_id?: string;
  source: string;
  status?: 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';
  current_stage?: string;
  description?: string;
  user_id?: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  tags?: Record<string, string>;
}

export interface FixtureRegisteredModel {
  name: string;
  description?: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  tags?: Record<string, string>;
  /** alias → version */
  aliases?: Record<string, string>;
  versions: FixtureModelVersion[];
}

/** Everything an emulator is seeded with. */
export interface EmulatorFixtures {
  experiments: FixtureExperiment[];
  runs: FixtureRun[];
  registered_models?: FixtureRegisteredModel[];
}

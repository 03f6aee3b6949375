/**
 * MLflow REST API 2.0 messages, written from mlflow/protos/service.proto and
 * model_registry.proto, in the normalised form {@link MlflowClient} returns:
 * repeated fields are always arrays (MLflow omits empty ones) and metric
 * values are numbers (MLflow sends NaN and ±Infinity as strings).
 */

export type MlflowRunStatus =
  | 'RUNNING'
  | 'SCHEDULED'
  | 'FINISHED'
  | 'FAILED'
  | 'KILLED';

export type MlflowViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface KeyValue {
  key: string;
  value: string;
}

/** `Experiment` */
export interface MlflowExperiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  last_update_time?: number;
  creation_time?: number;
  tags: KeyValue[];
}

/** `Metric` (and `MetricWithRunId`, which adds run_id) */
export interface MlflowMetric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
  run_id?: string;
}

/** `RunInfo` */
export interface MlflowRunInfo {
  run_id: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status: MlflowRunStatus;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

/** `Dataset` */
export interface MlflowDataset {
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema?: string;
  profile?: string;
}

/** `DatasetInput` */
export interface MlflowDatasetInput {
  tags: KeyValue[];
  dataset: MlflowDataset;
}

/** `Run` */
export interface MlflowRun {
  info: MlflowRunInfo;
  data: { metrics: MlflowMetric[]; params: KeyValue[]; tags: KeyValue[] };
  inputs: { dataset_inputs: MlflowDatasetInput[] };
}

/** `FileInfo` */
export interface MlflowFileInfo {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

/** `ModelVersion` */
export interface MlflowModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';
  status_message?: string;
  tags: KeyValue[];
  run_link?: string;
  aliases: string[];
}

/** `RegisteredModel` */
export interface MlflowRegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  description?: string;
  latest_versions: MlflowModelVersion[];
  tags: KeyValue[];
  aliases: Array<{ alias: string; version: string }>;
}

/** One page of a paginated search. */
export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

/** `SearchRuns` request */
export interface SearchRunsRequest {
  experimentIds: string[];
  filter?: string;
  runViewType?: MlflowViewType;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

/** `SearchExperiments` request */
export interface SearchExperimentsRequest {
  filter?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
  viewType?: MlflowViewType;
}

/** `SearchRegisteredModels` / `SearchModelVersions` request */
export interface SearchRegistryRequest {
  filter?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

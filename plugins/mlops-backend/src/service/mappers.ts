import {
  DatasetReference,
  ExperimentSummary,
  GitSource,
  ModelVersionSummary,
  numberToMetric,
  RunReference,
  RunStatus,
  RunSummary,
} from '@groundwork/plugin-mlops-common';
import {
  KeyValue,
  MlflowExperiment,
  MlflowModelVersion,
  MlflowRun,
} from '../mlflow/types';

export const PARENT_RUN_TAG = 'mlflow.parentRunId';

export const toRecord = (pairs: KeyValue[]): Record<string, string> =>
  Object.fromEntries(pairs.map(p => [p.key, p.value]));

export function toExperimentSummary(e: MlflowExperiment): ExperimentSummary {
  return {
    experimentId: e.experiment_id,
    name: e.name,
    lifecycleStage: e.lifecycle_stage ?? 'active',
    artifactLocation: e.artifact_location,
    creationTime: e.creation_time,
    lastUpdateTime: e.last_update_time,
    tags: toRecord(e.tags),
  };
}

export function toRunReference(run: MlflowRun): RunReference {
  return {
    runId: run.info.run_id,
    runName: run.info.run_name ?? run.info.run_id,
    status: run.info.status as RunStatus,
  };
}

/**
 * A table row; `columns` picks params and metrics (undefined: all of them).
 */
export function toRunSummary(
  run: MlflowRun,
  columns: { params?: string[]; metrics?: string[] } = {},
): RunSummary {
  const pick = <T>(entries: Array<[string, T]>, keys?: string[]) =>
    Object.fromEntries(
      keys ? entries.filter(([k]) => keys.includes(k)) : entries,
    );
  const tags = toRecord(run.data.tags);
  return {
    ...toRunReference(run),
    experimentId: run.info.experiment_id,
    startTime: run.info.start_time,
    endTime: run.info.end_time,
    userId: tags['mlflow.user'] ?? (run.info.user_id || undefined),
    parentRunId: tags[PARENT_RUN_TAG],
    params: pick(
      run.data.params.map(p => [p.key, p.value]),
      columns.params,
    ),
    metrics: pick(
      run.data.metrics.map(m => [m.key, numberToMetric(m.value)]),
      columns.metrics,
    ),
  };
}

export function gitSource(run: MlflowRun): GitSource {
  const tags = toRecord(run.data.tags);
  return {
    repoUrl: tags['mlflow.source.git.repoURL'],
    commit: tags['mlflow.source.git.commit'],
    branch: tags['mlflow.source.git.branch'],
  };
}

export function datasets(run: MlflowRun): DatasetReference[] {
  return run.inputs.dataset_inputs.map(input => ({
    name: input.dataset.name,
    digest: input.dataset.digest,
    sourceType: input.dataset.source_type,
    source: input.dataset.source,
    schema: input.dataset.schema,
    profile: input.dataset.profile,
    context: toRecord(input.tags)['mlflow.data.context'],
  }));
}

export function toModelVersionSummary(
  v: MlflowModelVersion,
): ModelVersionSummary {
  return {
    name: v.name,
    version: v.version,
    status: v.status,
    currentStage: v.current_stage,
    runId: v.run_id || undefined,
    source: v.source,
    description: v.description,
    creationTimestamp: v.creation_timestamp,
    lastUpdatedTimestamp: v.last_updated_timestamp,
    aliases: v.aliases,
    tags: toRecord(v.tags),
  };
}

/** Quotes a value for an MLflow filter string. */
export function quote(value: string): string {
  return `'${value.replace(/'/g, "\\'")}'`;
}

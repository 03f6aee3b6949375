/**
 * MLflow experiment names of an entity, comma-separated.
 *
 * @public
 */
export const MLFLOW_EXPERIMENT_NAME_ANNOTATION = 'mlflow.org/experiment-name';
/**
 * MLflow experiment ids of an entity, comma-separated.
 *
 * @public
 */
export const MLFLOW_EXPERIMENT_ID_ANNOTATION = 'mlflow.org/experiment-id';
/**
 * Registered model names of an entity, comma-separated.
 *
 * @public
 */
export const MLFLOW_REGISTERED_MODEL_ANNOTATION = 'mlflow.org/registered-model';
/**
 * Name of one of the configured MLflow servers (`mlops.mlflow.servers[].name`);
 * never a URL. Defaults to the first configured server.
 *
 * @public
 */
export const MLFLOW_SERVER_ANNOTATION = 'groundwork.dev/mlflow-server';
/**
 * The metric that ranks runs in overviews, optionally followed by ASC (the
 * default, lower is better) or DESC, e.g. `auc DESC`.
 *
 * @public
 */
export const MLFLOW_PRIMARY_METRIC_ANNOTATION =
  'groundwork.dev/mlflow-primary-metric';

/**
 * The `spec.type` of catalog components that are ML projects.
 *
 * @public
 */
export const ML_PROJECT_TYPE = 'ml-project';

/**
 * The minimal shape of a catalog entity the helpers here need.
 *
 * @public
 */
export interface AnnotatedEntity {
  metadata: { annotations?: Record<string, string> };
  spec?: { type?: unknown } | object;
}

/**
 * Whether an entity has any MLflow experiment annotation.
 *
 * @public
 */
export function hasMlflowExperiments(entity: AnnotatedEntity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[MLFLOW_EXPERIMENT_NAME_ANNOTATION]?.trim() ||
      annotations[MLFLOW_EXPERIMENT_ID_ANNOTATION]?.trim(),
  );
}

/**
 * Whether an entity has a registered model annotation.
 *
 * @public
 */
export function hasMlflowModels(entity: AnnotatedEntity): boolean {
  return Boolean(
    entity.metadata.annotations?.[MLFLOW_REGISTERED_MODEL_ANNOTATION]?.trim(),
  );
}

/**
 * Whether an entity is an ML project (by type) or carries MLflow annotations.
 *
 * @public
 */
export function isMlProject(entity: AnnotatedEntity): boolean {
  return (
    (entity.spec as { type?: unknown } | undefined)?.type === ML_PROJECT_TYPE ||
    hasMlflowExperiments(entity) ||
    hasMlflowModels(entity)
  );
}

/**
 * Experiments, runs, metrics, datasets and registered models from MLflow, traced end to end. Types shared by the frontend and the backend.
 *
 * @packageDocumentation
 */
export { mlopsPluginId } from './constants';
export {
  mlopsReadPermission,
  mlopsExperimentCreatePermission,
  mlopsPermissions,
} from './permissions';
export {
  MLFLOW_EXPERIMENT_NAME_ANNOTATION,
  MLFLOW_EXPERIMENT_ID_ANNOTATION,
  MLFLOW_REGISTERED_MODEL_ANNOTATION,
  MLFLOW_SERVER_ANNOTATION,
  MLFLOW_PRIMARY_METRIC_ANNOTATION,
  ML_PROJECT_TYPE,
  hasMlflowExperiments,
  hasMlflowModels,
  isMlProject,
} from './annotations';
export type { AnnotatedEntity } from './annotations';
export {
  experimentNameProblem,
  MLFLOW_EXPERIMENT_NAME_MAX_LENGTH,
} from './experimentName';
export { metricToNumber, numberToMetric } from './types';
export type * from './types';

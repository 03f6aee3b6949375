/**
 * Experiments, runs, metrics, datasets and registered models from MLflow, traced end to end.
 *
 * @packageDocumentation
 */
export { mlopsBackendFeatures as default } from './features';
export { mlopsPlugin } from './plugin';

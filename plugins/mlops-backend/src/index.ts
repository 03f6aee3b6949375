/**
 * Experiments, runs, metrics, datasets and registered models from MLflow, traced end to end.
 *
 * @packageDocumentation
 */
export { mlopsPlugin as default } from './plugin';

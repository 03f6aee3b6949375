/**
 * Experiments, runs, metrics, datasets and registered models from MLflow, traced end to end.
 *
 * Legacy frontend system exports; the new frontend system uses `/alpha`.
 *
 * @packageDocumentation
 */
export { mlopsPlugin, MlopsPage } from './plugin';

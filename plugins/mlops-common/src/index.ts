/**
 * Experiments, runs, metrics, datasets and registered models from MLflow, traced end to end. Types shared by the frontend and the backend.
 *
 * @packageDocumentation
 */
export { mlopsPluginId } from './constants';

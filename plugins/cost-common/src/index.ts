/**
 * Cloud spend from FOCUS billing exports, attributed to catalog entities, with budgets, forecasts and alerts. Types shared by the frontend and the backend.
 *
 * @packageDocumentation
 */
export { costPluginId } from './constants';

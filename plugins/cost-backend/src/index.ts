/**
 * Cloud spend from FOCUS billing exports, attributed to catalog entities, with budgets, forecasts and alerts.
 *
 * @packageDocumentation
 */
export { costPlugin as default } from './plugin';

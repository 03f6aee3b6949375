/**
 * Cloud spend from FOCUS billing exports, attributed to catalog entities, with budgets, forecasts and alerts.
 *
 * Legacy frontend system exports; the new frontend system uses `/alpha`.
 *
 * @packageDocumentation
 */
export { costPlugin, CostPage } from './plugin';

/**
 * Cloud spend from FOCUS billing exports, attributed to catalog entities, with budgets, forecasts and alerts.
 *
 * Legacy frontend system exports; the new frontend system uses `/alpha`.
 *
 * @packageDocumentation
 */
export {
  costPlugin,
  CostPage,
  EntityCostCard,
  EntityCostContent,
} from './plugin';
export { costApiRef, CostClient } from './api';
export type { CostApi, DayRange } from './api';

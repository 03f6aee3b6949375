/**
 * Cloud spend from FOCUS billing exports, attributed to catalog entities, with budgets, forecasts and alerts.
 *
 * @packageDocumentation
 */
export { costPlugin as default } from './plugin';
export { catalogModuleCostPermissionRules } from './permissions/catalogModuleCostPermissionRules';
export { isCostOwnerRule, costConditions } from './permissions/isCostOwnerRule';

/**
 * Cloud spend from FOCUS billing exports, attributed to catalog entities, with budgets, forecasts and alerts.
 *
 * @packageDocumentation
 */
export { costBackendFeatures as default } from './features';
export { costPlugin } from './plugin';
export { catalogModuleCostPermissionRules } from './permissions/catalogModuleCostPermissionRules';
export { isCostOwnerRule, costConditions } from './permissions/isCostOwnerRule';

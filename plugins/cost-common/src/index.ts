/**
 * Cloud spend from FOCUS billing exports, attributed to catalog entities, with budgets, forecasts and alerts. Types shared by the frontend and the backend.
 *
 * @packageDocumentation
 */
export {
  costPluginId,
  COST_TAGS_ANNOTATION,
  COST_BUDGET_ANNOTATION,
  COST_ANNUAL_BUDGET_ANNOTATION,
  BUDGET_ALERT_THRESHOLDS,
} from './constants';
export {
  costReadPermission,
  costBudgetWritePermission,
  costIngestAdminPermission,
  costPermissions,
} from './permissions';
export { parseBudgetAnnotation, parseCostTagsAnnotation } from './annotations';
export {
  KUBERNETES_NAMESPACE_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  parseKubernetesNamespaceAnnotation,
  parseKubernetesLabelSelectorAnnotation,
} from './annotations';
export type * from './types';
export type {
  AttributionAuditResponse,
  AttributionConflict,
  AttributionRulesResponse,
  TagClaim,
  TagClaimsResponse,
} from './claims';
export { NO_COMMITMENT_DATA_ADVICE } from './commitments';
export type * from './commitments';

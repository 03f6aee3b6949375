/**
 * The backend plugin id; the REST API is served under `/api/cost`.
 *
 * @public
 */
export const costPluginId = 'cost';

/**
 * Entity annotation listing the billing tags whose cost belongs to the entity,
 * as comma separated `key=value` pairs that must all match, e.g.
 * `application=BrightPathMatrix` or `project=atlas, env=prod`.
 *
 * @public
 */
export const COST_TAGS_ANNOTATION = 'groundwork.dev/cost-tags';

/**
 * Entity annotation giving a monthly budget, e.g. `500 USD`. A budget set
 * through the API takes precedence.
 *
 * @public
 */
export const COST_BUDGET_ANNOTATION = 'groundwork.dev/cost-budget';

/**
 * Entity annotation giving an annual (fiscal year) budget, e.g.
 * `180000 USD`, for opex projections. A budget set through the API
 * (`/budgets/:kind/:namespace/:name/annual`) takes precedence.
 *
 * @public
 */
export const COST_ANNUAL_BUDGET_ANNOTATION =
  'groundwork.dev/cost-annual-budget';

/**
 * Budget thresholds (percent of the monthly budget) that raise an alert.
 *
 * @public
 */
export const BUDGET_ALERT_THRESHOLDS = [50, 80, 100] as const;

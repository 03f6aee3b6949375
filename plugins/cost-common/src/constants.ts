/**
 * The backend plugin id; the REST API is served under `/api/cost`.
 *
 * @public
 */
export const costPluginId = 'cost';

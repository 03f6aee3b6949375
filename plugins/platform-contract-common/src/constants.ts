/**
 * The backend plugin id; the REST API is served under `/api/platform-contract`.
 *
 * @public
 */
export const platformContractPluginId = 'platform-contract';

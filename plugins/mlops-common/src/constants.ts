/**
 * The backend plugin id; the REST API is served under `/api/mlops`.
 *
 * @public
 */
export const mlopsPluginId = 'mlops';

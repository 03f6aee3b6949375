import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** Calls another backend plugin's REST API on behalf of the task's initiator. */
export interface PluginRequest {
  discovery: DiscoveryService;
  auth: AuthService;
  /** The initiator's credentials (`await ctx.getInitiatorCredentials()`). */
  credentials: BackstageCredentials;
  pluginId: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the plugin's base URL, starting with `/`. */
  path: string;
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Sends the request and returns the parsed JSON answer. Errors say which
 * plugin answered what, and what to check.
 */
export async function requestPlugin<T>(request: PluginRequest): Promise<T> {
  const { discovery, auth, credentials, pluginId, method, path } = request;
  const what = `${method} /api/${pluginId}${path}`;
  const baseUrl = await discovery.getBaseUrl(pluginId);
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: credentials,
    targetPluginId: pluginId,
  });
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(request.body !== undefined && {
          'content-type': 'application/json',
        }),
      },
      body:
        request.body !== undefined ? JSON.stringify(request.body) : undefined,
      signal: request.signal,
    });
  } catch (error) {
    throw new ServiceUnavailableError(
      `Could not reach the ${pluginId} plugin (${what} at ${baseUrl}): ${
        (error as Error).message
      }. Check that the ${pluginId} backend plugin is installed in this Backstage backend and running.`,
    );
  }
  if (response.ok) return (await response.json()) as T;

  const { message } = (await ResponseError.fromResponse(response)).body.error;
  const answered = `The ${pluginId} plugin answered ${what} with ${response.status} ${response.statusText}: ${message}.`;
  switch (response.status) {
    case 400:
    case 413:
      throw new InputError(answered);
    case 401:
    case 403:
      throw new NotAllowedError(
        `${answered} The user who started the task needs access to the ${pluginId} plugin; check the permission policy.`,
      );
    case 404:
      throw new NotFoundError(
        `${answered} Check that the ${pluginId} plugin is installed and recent enough to serve ${path}.`,
      );
    default:
      throw new ServiceUnavailableError(
        `${answered} Check the ${pluginId} plugin's logs.`,
      );
  }
}

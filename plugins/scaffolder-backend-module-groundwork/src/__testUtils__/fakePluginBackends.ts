import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createServer, RequestListener } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * Starts, for the enclosing `describe`, a local HTTP server that stands in for
 * other plugins' backends (`/api/<pluginId>/...`), and returns the action
 * factory options whose discovery points at it.
 */
export function registerFakePluginBackends(handler: RequestListener) {
  const server = createServer(handler);
  let origin = '';
  beforeAll(async () => {
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  return {
    discovery: {
      getBaseUrl: async (pluginId: string) => `${origin}/api/${pluginId}`,
      getExternalBaseUrl: async (pluginId: string) =>
        `${origin}/api/${pluginId}`,
    },
    auth: mockServices.auth(),
  };
}

/**
 * A mock action context on `workspacePath` whose initiator is a user, as the
 * actions that call other plugins on the user's behalf need.
 */
export function initiatedActionContext(
  workspacePath: string,
  input: Record<string, unknown>,
  extra: object = {},
) {
  return {
    ...createMockActionContext({
      input: { path: 'catalog-info.yaml', ...input },
      workspacePath,
    }),
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/ana'),
    ...extra,
  };
}

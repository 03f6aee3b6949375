import { mockServices } from '@backstage/backend-test-utils';
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

import { createServer, IncomingMessage, ServerResponse } from 'node:http';

/** Health endpoints the Helm chart's probes call (platform contract: probes). */
const routes: Record<string, (res: ServerResponse) => void> = {
  '/healthz': res => res.end('ok'),
  '/readyz': res => res.end('ok'),
  '/': res => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ service: '${{ values.name }}' }));
  },
};

export function createApp() {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const route = routes[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (!route) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    route(res);
  });
}

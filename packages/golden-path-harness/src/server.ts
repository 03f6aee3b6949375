import { AddressInfo } from 'node:net';

/** The harness backend's HTTP server, as `startTestBackend` gives it. */
export interface HarnessServer {
  address(): AddressInfo | string | null;
}

/** The server's base URL on this machine. */
export function serverUrl(server: HarnessServer) {
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  createEmulatorApp,
  EmulatorControl,
  EmulatorFault,
  EmulatorRequest,
} from './app';
import { EmulatorFixtures } from './types';

/** Options for {@link startEmulator}. */
export interface StartEmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Data to serve (default: the shipped demo fixtures). */
  fixtures?: EmulatorFixtures;
  /** Demand this bearer token, like OpenCost behind an auth proxy. */
  token?: string;
  /** The emulated clock (default: the real one). */
  now?: () => Date;
}

/** A running emulator. */
export interface OpenCostEmulator {
  /** e.g. `http://127.0.0.1:9003` — use as `cost.opencost.baseUrl`. */
  url: string;
  port: number;
  /** Every API request received, in order. */
  readonly requests: EmulatorRequest[];
  resetRequests(): void;
  /** Makes the next requests fail or hang; `undefined` clears it. */
  setFault(fault: EmulatorFault | undefined): void;
  stop(): Promise<void>;
}

/** Reads the demo fixtures shipped in this package. */
export function loadDemoFixtures(): EmulatorFixtures {
  const root = path.dirname(
    require.resolve('@groundwork/opencost-emulator/package.json'),
  );
  return loadFixturesFile(path.join(root, 'fixtures', 'demo.json'));
}

/** Reads fixtures from a JSON file. */
export function loadFixturesFile(file: string): EmulatorFixtures {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Starts an OpenCost Allocation API emulator. */
export async function startEmulator(
  options: StartEmulatorOptions = {},
): Promise<OpenCostEmulator> {
  const control: EmulatorControl = {
    requests: [],
    token: options.token,
    now: options.now ?? (() => new Date()),
  };
  const server = http.createServer(
    createEmulatorApp(options.fixtures ?? loadDemoFixtures(), control),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    get requests() {
      return control.requests;
    },
    resetRequests() {
      control.requests = [];
    },
    setFault(fault) {
      control.fault = fault && { ...fault };
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
}

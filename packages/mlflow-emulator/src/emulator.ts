import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  createEmulatorApp,
  EmulatorAuth,
  EmulatorControl,
  EmulatorFault,
  EmulatorRequest,
} from './app';
import { EmulatorStore } from './store';
import { EmulatorFixtures } from './types';

/** Options for {@link startEmulator}. */
export interface StartEmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Data to serve (default: the shipped demo fixtures). */
  fixtures?: EmulatorFixtures;
  /** Require these credentials, like an MLflow server behind auth. */
  auth?: EmulatorAuth;
}

/** A running emulator. */
export interface MlflowEmulator {
  /** e.g. `http://127.0.0.1:5055` — use as an MLflow tracking URI. */
  url: string;
  port: number;
  /** Every API request received, in order. */
  readonly requests: EmulatorRequest[];
  /** Forgets the recorded requests. */
  resetRequests(): void;
  /** Makes the next requests fail or hang; `undefined` clears it. */
  setFault(fault: EmulatorFault | undefined): void;
  /**
   * Caps get-history pages at this many points whatever `max_results` asks,
   * as an MLflow server may; `undefined` lifts the cap.
   */
  setHistoryPageLimit(points: number | undefined): void;
  stop(): Promise<void>;
}

/** Reads the demo fixtures shipped in this package. */
export function loadDemoFixtures(): EmulatorFixtures {
  const root = path.dirname(
    require.resolve('@groundwork/mlflow-emulator/package.json'),
  );
  return loadFixturesFile(path.join(root, 'fixtures', 'demo.json'));
}

/** Reads fixtures from a JSON file. */
export function loadFixturesFile(file: string): EmulatorFixtures {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Starts an MLflow REST API emulator. */
export async function startEmulator(
  options: StartEmulatorOptions = {},
): Promise<MlflowEmulator> {
  const store = new EmulatorStore(options.fixtures ?? loadDemoFixtures());
  const control: EmulatorControl = { requests: [], auth: options.auth };
  const server = http.createServer(createEmulatorApp(store, control));
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
    setHistoryPageLimit(points) {
      control.historyPageLimit = points;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
}

import http from 'node:http';
import { AddressInfo } from 'node:net';

/** Where an emulator listens. */
export interface ListenOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
}

/** Where an emulator listens and what it serves. */
export interface EmulatorOptions<TFixtures> extends ListenOptions {
  /** Data to serve (default: the shipped demo fixtures). */
  fixtures?: TFixtures;
}

/**
 * A failure an emulator injects instead of answering: a status to answer, or
 * a delay before answering, for `times` requests (default: until cleared).
 */
export type InjectedFault =
  | { status: number; times?: number }
  | { delayMs: number; times?: number };

/** The state an emulator's app and its tests share. */
export interface RequestControl<TRequest, TFault extends InjectedFault> {
  /** Every API request received, in order. */
  requests: TRequest[];
  fault?: TFault;
}

/** A running emulator. */
export interface RunningEmulator<TRequest, TFault extends InjectedFault> {
  /** e.g. `http://127.0.0.1:5055`: the base URL to point a client at. */
  url: string;
  port: number;
  /** Every API request received, in order. */
  readonly requests: TRequest[];
  /** Forgets the recorded requests. */
  resetRequests(): void;
  /** Makes the next requests fail or hang; `undefined` clears it. */
  setFault(fault: TFault | undefined): void;
  stop(): Promise<void>;
}

/** Serves an emulator's app until stopped. */
export async function serveEmulator<TRequest, TFault extends InjectedFault>(
  app: http.RequestListener,
  control: RequestControl<TRequest, TFault>,
  options: ListenOptions = {},
): Promise<RunningEmulator<TRequest, TFault>> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    get requests() {
      return control.requests;
    },
    resetRequests() {
      control.requests = [];
    },
    setFault(fault) {
      // A copy, as counting down `times` must not change the caller's object.
      control.fault = fault && { ...fault };
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // Idle keep-alive connections would hold `close` open.
        server.closeAllConnections();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * The injected fault's part in one request: counts it down (clearing it
 * once spent) and waits out its delay. Gives the fault when the request must
 * fail with its status.
 */
export async function takeFault<TFault extends InjectedFault>(control: {
  fault?: TFault;
}): Promise<Extract<TFault, { status: number }> | undefined> {
  const fault = control.fault;
  if (!fault) return undefined;
  if (fault.times !== undefined) {
    fault.times -= 1;
    if (fault.times <= 0) control.fault = undefined;
  }
  if ('delayMs' in fault) {
    await new Promise(resolve => setTimeout(resolve, fault.delayMs));
    return undefined;
  }
  return fault as Extract<TFault, { status: number }>;
}

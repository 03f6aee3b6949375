/*
 * The MLflow emulator of `yarn bench:mlops`, in a worker thread: MLflow is a
 * server of its own, so the emulator gets its own heap and event loop. In the
 * backend's thread it would add its 10,000 runs and 800,000 history points
 * to every garbage collection of the backend, and queue its own work on the
 * backend's event loop, which no real deployment does. It still shares the
 * machine's cores with the backend.
 */
import {
  loadDemoFixtures,
  mergeFixtures,
  MlflowEmulator,
  startEmulator,
  syntheticFixtures,
} from '@groundwork/mlflow-emulator';
import {
  isMainThread,
  parentPort,
  Worker,
  workerData,
} from 'node:worker_threads';

export interface EmulatorThreadOptions {
  /** Runs of the synthetic experiment 'synthetic-benchmark' (id 9000). */
  runs: number;
  /** Runs of 'synthetic-long-history' (id 9001), each with a long `loss`. */
  longHistoryRuns: number;
  longHistorySteps: number;
}

/** The emulator running in its thread, seen from the bench. */
export interface EmulatorThread {
  url: string;
  /** How long building the fixtures and seeding the emulator took. */
  seededMs: number;
  /** API requests received since the last reset. */
  requestCount(): Promise<number>;
  resetRequests(): Promise<void>;
  stop(): Promise<void>;
}

type Command = 'count' | 'reset' | 'stop';

/**
 * Owner of the bench's entities, tagged on its synthetic experiments
 * (`groundwork.dev/owner`): MLOps shows an experiment only to entities of the
 * owner it is bound to.
 */
export const BENCH_OWNER = 'group:default/bench';

/** Runs of 'synthetic-long-history' are named `longhistory000…0<i>`. */
function longHistoryFixtures(options: EmulatorThreadOptions) {
  const fixtures = syntheticFixtures({
    runs: options.longHistoryRuns,
    params: 5,
    metrics: 1,
    lossSteps: options.longHistorySteps,
    experimentId: '9001',
    experimentName: 'synthetic-long-history',
    owner: BENCH_OWNER,
  });
  for (const run of fixtures.runs) {
    run.run_id = run.run_id.replace('synthetic', 'longhistory');
  }
  return fixtures;
}

export async function startEmulatorThread(
  options: EmulatorThreadOptions,
): Promise<EmulatorThread> {
  // the worker inherits this process's `-r` of Backstage's TypeScript loader
  const worker = new Worker(__filename, { workerData: options });
  const replies: Array<(value: unknown) => void> = [];
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', code =>
      reject(new Error(`emulator thread exited with code ${code}`)),
    );
  });
  failed.catch(() => {}); // reported by whichever call is waiting
  worker.on('message', message => replies.shift()?.(message));
  const next = () =>
    Promise.race([new Promise<any>(resolve => replies.push(resolve)), failed]);
  const ask = (command: Command) => {
    const reply = next();
    worker.postMessage(command);
    return reply;
  };
  const { url, seededMs } = await next();
  return {
    url,
    seededMs,
    requestCount: () => ask('count'),
    resetRequests: () => ask('reset'),
    stop: async () => {
      await ask('stop');
      await worker.terminate();
    },
  };
}

async function serve() {
  const options = workerData as EmulatorThreadOptions;
  const started = performance.now();
  const emulator: MlflowEmulator = await startEmulator({
    fixtures: mergeFixtures(
      loadDemoFixtures(),
      syntheticFixtures({ runs: options.runs, owner: BENCH_OWNER }),
      longHistoryFixtures(options),
    ),
  });
  const port = parentPort!;
  port.postMessage({
    url: emulator.url,
    seededMs: performance.now() - started,
  });
  port.on('message', async (command: Command) => {
    if (command === 'count') port.postMessage(emulator.requests.length);
    if (command === 'reset') port.postMessage(emulator.resetRequests());
    if (command === 'stop') port.postMessage(await emulator.stop());
  });
}

if (!isMainThread) {
  serve().catch(error => {
    process.stderr.write(`emulator thread: ${error.stack ?? error}\n`);
    process.exit(1);
  });
}

import {
  CompiledContract,
  ConditionOptions,
  compileContract,
  PlatformContractDocument,
  SubjectEvaluator,
} from '@groundwork/plugin-platform-contract-common';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { batchStatuses, EvaluationBatch } from './evaluationBatch';

/** Runs the rules of a full run's batches; see `batchStatuses`. */
export interface BatchEvaluator {
  evaluate(batch: EvaluationBatch): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Evaluates on the calling thread. */
export class InProcessBatchEvaluator implements BatchEvaluator {
  constructor(private readonly evaluator: SubjectEvaluator) {}

  async evaluate(batch: EvaluationBatch) {
    return batchStatuses(this.evaluator, batch);
  }

  async close() {}
}

const WORKER_KIND = 'platform-contract-evaluation';
/** This module's file, which a worker thread loads to serve evaluations. */
const evaluationWorkerFile = __filename;

interface WorkerSetup {
  kind: typeof WORKER_KIND;
  contracts: Array<{ document: PlatformContractDocument; file: string }>;
  conditionOptions: ConditionOptions;
  factMaxAgeHours: number;
}

type Reply =
  | { id: number; statuses: Uint8Array }
  | { id: number; error: string }
  | { ready: true };

/**
 * Evaluates on a worker thread, so that decoding facts and running rules
 * overlap the main thread reading facts and storing results: a full run then
 * uses two cores. Only status codes come back. The worker compiles the same
 * contract documents; it starts with the first batch (or `start`) and lives
 * until `close`; if it dies, the batches in flight fail and the next batch
 * starts a new one.
 */
export class WorkerBatchEvaluator implements BatchEvaluator {
  private worker?: { thread: Worker; ready: Promise<void> };
  private readonly pending = new Map<
    number,
    { resolve(statuses: Uint8Array): void; reject(error: Error): void }
  >();
  private nextId = 0;

  constructor(
    private readonly options: {
      contracts: CompiledContract[];
      /** As the contracts were compiled on the main thread. */
      conditionOptions?: ConditionOptions;
      factMaxAgeHours: number;
      /**
       * Node options of the worker; by default the process's own. Running
       * the TypeScript sources outside a Node loader (Jest) needs a transform.
       */
      execArgv?: string[];
    },
  ) {}

  evaluate(batch: EvaluationBatch): Promise<Uint8Array> {
    const { thread } = this.spawn();
    const id = this.nextId++;
    thread.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      thread.postMessage({ id, batch });
    });
  }

  /** Starts the worker ahead of a full run; resolves once it has compiled the contracts. */
  async start(): Promise<void> {
    await this.spawn().ready;
  }

  private spawn() {
    if (this.worker) return this.worker;
    const setup: WorkerSetup = {
      kind: WORKER_KIND,
      contracts: this.options.contracts.map(({ document, file }) => ({
        document,
        file,
      })),
      conditionOptions: this.options.conditionOptions ?? {},
      factMaxAgeHours: this.options.factMaxAgeHours,
    };
    const thread = new Worker(evaluationWorkerFile, {
      workerData: setup,
      execArgv: this.options.execArgv,
    });
    // An idle worker must not keep the process alive.
    thread.unref();
    let ready!: { resolve(): void; reject(error: Error): void };
    const worker = {
      thread,
      ready: new Promise<void>((resolve, reject) => {
        ready = { resolve, reject };
      }),
    };
    // Rejections reach whoever awaits `start`; evaluations have their own.
    worker.ready.catch(() => {});
    thread.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        ready.resolve();
        return;
      }
      const request = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) thread.unref();
      if ('error' in reply) request?.reject(new Error(reply.error));
      else request?.resolve(reply.statuses);
    });
    const fail = (error: Error) => {
      ready.reject(error);
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const request of this.pending.values()) request.reject(error);
      this.pending.clear();
    };
    thread.on('error', fail);
    thread.on('exit', code =>
      fail(new Error(`Evaluation worker thread exited with code ${code}`)),
    );
    this.worker = worker;
    return worker;
  }

  async close() {
    const worker = this.worker;
    if (!worker) return;
    for (const request of this.pending.values()) {
      request.reject(new Error('Evaluation worker thread closed'));
    }
    this.pending.clear();
    this.worker = undefined;
    await worker.thread.terminate();
  }
}

function serve(setup: WorkerSetup) {
  const contracts = setup.contracts.map(({ document, file }) => {
    const { contract, errors } = compileContract(
      document,
      file,
      setup.conditionOptions,
    );
    if (!contract) throw new Error(JSON.stringify(errors));
    return contract;
  });
  const evaluator = new SubjectEvaluator(contracts, setup.factMaxAgeHours);
  const port = parentPort!;
  port.on(
    'message',
    ({ id, batch }: { id: number; batch: EvaluationBatch }) => {
      try {
        const statuses = batchStatuses(evaluator, batch);
        port.postMessage({ id, statuses } satisfies Reply, [statuses.buffer]);
      } catch (e) {
        port.postMessage({
          id,
          error: String((e as Error)?.stack ?? e),
        } satisfies Reply);
      }
    },
  );
  port.postMessage({ ready: true } satisfies Reply);
}

if (
  !isMainThread &&
  (workerData as WorkerSetup | undefined)?.kind === WORKER_KIND
) {
  serve(workerData);
}

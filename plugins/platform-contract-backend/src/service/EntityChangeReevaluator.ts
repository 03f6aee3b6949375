import { LoggerService } from '@backstage/backend-plugin-api';

/** Times a change waits for the catalog to serve the announced version, at least a second each. */
const MAX_WAITS = 5;
const MIN_WAIT_MS = 1000;

/**
 * Re-evaluates entities whose catalog definition or pushed facts changed, a
 * little later (the catalog stitches relations after processing) and in
 * batches: changes arriving within the delay are evaluated together, each
 * entity once. A batch larger than `maxBatch` asks for a full evaluation
 * instead.
 *
 * A catalog change is announced while the catalog is still processing the
 * entity, so it comes with the new version's fingerprint: until the catalog
 * serves that version (`isCurrent`) the entity waits another delay, lest it
 * be evaluated from the old version and stay so until the next full run.
 */
export class EntityChangeReevaluator {
  private readonly pending = new Map<
    string,
    { fingerprint?: string; waits: number }
  >();
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      evaluateEntity: (entityRef: string) => Promise<unknown>;
      evaluateAll: () => Promise<void>;
      /** Whether the catalog serves the version with this fingerprint (or no longer has the entity). */
      isCurrent: (entityRef: string, fingerprint: string) => Promise<boolean>;
      logger: LoggerService;
      delayMs: number;
      maxBatch: number;
    },
  ) {}

  /** `fingerprint`: of the new catalog version, when the change is one. */
  entityChanged(entityRef: string, fingerprint?: string) {
    this.enqueue(entityRef, { fingerprint, waits: 0 });
  }

  private enqueue(
    entityRef: string,
    change: { fingerprint?: string; waits: number },
  ) {
    this.pending.set(entityRef, change);
    if (!this.timer) {
      const { delayMs } = this.deps;
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.running = this.running.then(() => this.flush());
        },
        change.waits ? Math.max(delayMs, MIN_WAIT_MS) : delayMs,
      );
      this.timer.unref?.();
    }
  }

  /** Evaluates what is pending now; resolves when done. */
  async flush(): Promise<void> {
    const changes = [...this.pending];
    this.pending.clear();
    if (changes.length === 0) return;
    const { logger } = this.deps;
    if (changes.length > this.deps.maxBatch) {
      logger.info(
        `${changes.length} entities changed; requesting a full platform contract evaluation`,
      );
      await this.deps.evaluateAll();
      return;
    }
    let evaluated = 0;
    for (const [ref, { fingerprint, waits }] of changes) {
      try {
        if (
          fingerprint &&
          waits < MAX_WAITS &&
          !(await this.deps.isCurrent(ref, fingerprint))
        ) {
          // A newer change that arrived meanwhile supersedes this one.
          if (!this.pending.has(ref)) {
            this.enqueue(ref, { fingerprint, waits: waits + 1 });
          }
          continue;
        }
        await this.deps.evaluateEntity(ref);
        evaluated += 1;
      } catch (error) {
        // e.g. the entity was removed meanwhile; the next full run tidies up.
        logger.warn(`Re-evaluating ${ref} after a change failed: ${error}`);
      }
    }
    if (evaluated) logger.info(`Re-evaluated ${evaluated} changed entities`);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

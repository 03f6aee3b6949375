import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Re-evaluates entities whose catalog definition or pushed facts changed, a
 * little later (the catalog stitches relations after processing) and in
 * batches: changes arriving within the delay are evaluated together, each
 * entity once. A batch larger than `maxBatch` asks for a full evaluation
 * instead.
 */
export class EntityChangeReevaluator {
  private readonly pending = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      evaluateEntity: (entityRef: string) => Promise<unknown>;
      evaluateAll: () => Promise<void>;
      logger: LoggerService;
      delayMs: number;
      maxBatch: number;
    },
  ) {}

  entityChanged(entityRef: string) {
    this.pending.add(entityRef);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.running = this.running.then(() => this.flush());
      }, this.deps.delayMs);
      this.timer.unref?.();
    }
  }

  /** Evaluates what is pending now; resolves when done. */
  async flush(): Promise<void> {
    const refs = [...this.pending];
    this.pending.clear();
    if (refs.length === 0) return;
    const { logger } = this.deps;
    if (refs.length > this.deps.maxBatch) {
      logger.info(
        `${refs.length} entities changed; requesting a full platform contract evaluation`,
      );
      await this.deps.evaluateAll();
      return;
    }
    for (const ref of refs) {
      try {
        await this.deps.evaluateEntity(ref);
      } catch (error) {
        // e.g. the entity was removed meanwhile; the next full run tidies up.
        logger.warn(`Re-evaluating ${ref} after a change failed: ${error}`);
      }
    }
    logger.info(`Re-evaluated ${refs.length} changed entities`);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

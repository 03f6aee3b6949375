import { LoggerService } from '@backstage/backend-plugin-api';

/** Times a change waits for the catalog to serve the announced version, at least a second each. */
const MAX_WAITS = 5;
const MIN_WAIT_MS = 1000;
/** A requested evaluation starts a batch this soon (a batch already due keeps its time). */
const REQUESTED_DELAY_MS = 500;

/** What changed about an entity; nothing for pushed facts. */
export interface EntityChange {
  /** Of the new catalog version, when the change is one. */
  fingerprint?: string;
  /** The catalog took the entity in for the first time. */
  firstSeen?: boolean;
  /** Someone asked for it (the Scorecard's button): evaluated even before a first full run. */
  requested?: boolean;
}

interface PendingChange extends EntityChange {
  waits: number;
}

/**
 * Re-evaluates entities whose catalog definition or pushed facts changed, or
 * that the catalog took in for the first time, a little later (the catalog
 * stitches relations after processing) and in batches: changes arriving
 * within the delay are evaluated together, each entity once. A batch larger
 * than `maxBatch` asks for a full evaluation instead.
 *
 * A catalog change is announced while the catalog is still processing the
 * entity, so it comes with the new version's fingerprint: until the catalog
 * serves that version the entity waits another delay, lest it be evaluated
 * from the old version (or, when new, not found) and stay so until the next
 * full run. New entities wait for a first full evaluation, which covers them,
 * so that the catalog's first start is not a burst of single evaluations.
 */
export class EntityChangeReevaluator {
  private readonly pending = new Map<string, PendingChange>();
  /** Callers awaiting an entity's evaluation. */
  private readonly waiters = new Map<string, Array<() => void>>();
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      evaluateEntity: (entityRef: string) => Promise<unknown>;
      evaluateAll: () => Promise<void>;
      /** The fingerprint of the version the catalog serves; undefined when it has no such entity. */
      servedFingerprint: (entityRef: string) => Promise<string | undefined>;
      /** Whether a full evaluation has completed (on any replica). */
      fullEvaluationDone: () => Promise<boolean>;
      logger: LoggerService;
      delayMs: number;
      maxBatch: number;
    },
  ) {}

  entityChanged(entityRef: string, change: EntityChange = {}) {
    // Changes arriving together add up: a new entity stays new, and a push
    // after a catalog change still waits for the catalog's version.
    const earlier = this.pending.get(entityRef);
    this.enqueue(entityRef, {
      fingerprint: change.fingerprint ?? earlier?.fingerprint,
      firstSeen: change.firstSeen || earlier?.firstSeen,
      requested: change.requested || earlier?.requested,
      waits: 0,
    });
  }

  /**
   * Evaluates the entity with the next batch and resolves once it has been
   * evaluated. Requests for one entity arriving before that batch share its
   * evaluation, so callers cannot make the plugin evaluate faster than the
   * batches drain.
   */
  evaluationRequested(entityRef: string): Promise<void> {
    return new Promise(resolve => {
      this.waiters.set(entityRef, [
        ...(this.waiters.get(entityRef) ?? []),
        resolve,
      ]);
      this.entityChanged(entityRef, { requested: true });
    });
  }

  private settle(entityRef: string) {
    const waiting = this.waiters.get(entityRef) ?? [];
    this.waiters.delete(entityRef);
    waiting.forEach(resolve => resolve());
  }

  private enqueue(entityRef: string, change: PendingChange) {
    this.pending.set(entityRef, change);
    if (!this.timer) {
      const { delayMs, logger } = this.deps;
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.running = this.running
            .then(() => this.flush())
            .catch(error =>
              logger.warn(`Re-evaluating changed entities failed: ${error}`),
            );
        },
        change.waits
          ? Math.max(delayMs, MIN_WAIT_MS)
          : Math.min(delayMs, change.requested ? REQUESTED_DELAY_MS : delayMs),
      );
      this.timer.unref?.();
    }
  }

  /** Evaluates what is pending now; resolves when done. */
  async flush(): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    try {
      await this.evaluate(batch);
    } finally {
      // Whoever waits for an entity of the batch is answered, unless it waits
      // on for the catalog's version.
      for (const [ref] of batch) if (!this.pending.has(ref)) this.settle(ref);
    }
  }

  private async evaluate(batch: Array<[string, PendingChange]>) {
    let changes = batch;
    if (
      changes.some(([, change]) => change.firstSeen && !change.requested) &&
      !(await this.deps.fullEvaluationDone())
    ) {
      changes = changes.filter(
        ([, change]) => !change.firstSeen || change.requested,
      );
    }
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
    for (const [ref, change] of changes) {
      try {
        if (
          change.fingerprint &&
          change.waits < MAX_WAITS &&
          !(await this.isServed(ref, change))
        ) {
          // A newer change that arrived meanwhile supersedes this one.
          if (!this.pending.has(ref)) {
            this.enqueue(ref, { ...change, waits: change.waits + 1 });
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

  /** Whether the catalog serves the announced version (or deleted the entity meanwhile). */
  private async isServed(ref: string, change: EntityChange) {
    const served = await this.deps.servedFingerprint(ref);
    // A known entity that is gone was deleted; a new one is not stitched yet.
    if (served === undefined) return !change.firstSeen;
    return served === change.fingerprint;
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
    [...this.waiters.keys()].forEach(ref => this.settle(ref));
  }
}

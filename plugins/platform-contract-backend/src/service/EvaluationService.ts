import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityContractResult,
  evaluateProposedEntity,
  EvaluationSubject,
  SubjectEvaluator,
  subjectOf,
  WaiverIndex,
  waiverIndex,
} from '@groundwork/plugin-platform-contract-common';
import { FactProvider } from '@groundwork/plugin-platform-contract-node';
import { DateTime } from 'luxon';
import { ContractRegistry } from '../contracts/ContractRegistry';
import { collectProviderFacts } from '../facts/collectProviderFacts';
import {
  EntityFacts,
  EntityPlacement,
  EntityResultRow,
  Organization,
  PlatformContractStore,
} from '../database/PlatformContractStore';
import { BatchEvaluator, InProcessBatchEvaluator } from './evaluationWorker';
import { presentEntityResults } from './presentEntityResults';
import { computeRollups, RollupTally } from './rollups';

const BATCH = 500;

export interface EvaluationOptions {
  /** Facts older than this count as stale. */
  factMaxAgeHours: number;
  historyRetentionDays: number;
  /**
   * A full run whose catalog read has more than this share fewer entities
   * under contract than have results is refused. Default 0.5.
   */
  maxCatalogShrink?: number;
  /**
   * Pushed facts of entities not in the catalog are pruned once their last
   * push is this old (a new repository's CI may push before the catalog has
   * read it). Default 24.
   */
  pushedFactsGraceHours?: number;
}

const memoizedRefs = new WeakMap<Entity, string>();

/**
 * Entity refs are stored lowercased, as the catalog compares them
 * case-insensitively; memoized as a full evaluation needs each several times.
 */
export function refOf(entity: Entity): string {
  let ref = memoizedRefs.get(entity);
  if (!ref) {
    ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    memoizedRefs.set(entity, ref);
  }
  return ref;
}

const day = (now: Date) => now.toISOString().slice(0, 10);

/**
 * Evaluates entities against the contracts: collects facts from the
 * providers, applies waivers, scores, and stores results, daily history and
 * roll-ups.
 */
export class EvaluationService {
  private rollupRefresh?: Promise<void>;
  private rollupRefreshPending = false;
  private readonly subjects: SubjectEvaluator;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      store: PlatformContractStore;
      registry: ContractRegistry;
      providers: FactProvider[];
      options: EvaluationOptions;
      /** Evaluates full runs of more than one batch, e.g. on a worker thread; by default on this one. */
      batchEvaluator?: BatchEvaluator;
    },
  ) {
    this.subjects = new SubjectEvaluator(
      deps.registry.contracts,
      deps.options.factMaxAgeHours,
    );
  }

  /**
   * Evaluates the whole catalog; meant for the scheduled task. When `signal`
   * aborts (shutdown, the task's timeout) the run stops at its next batch and
   * throws, writing nothing more: a batch already being written lands, no
   * result is deleted, and today's history, roll-ups and the record of the
   * last full run stay as they were (see {@link stopIfAborted}). Once every
   * result is stored the run finishes its roll-ups, so that they match.
   */
  async evaluateAll(
    now = new Date(),
    signal?: AbortSignal,
  ): Promise<{ entities: number; results: number }> {
    const { catalog, auth, store, registry, options } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    for await (const page of catalog.streamEntities({}, { credentials })) {
      stopIfAborted(signal, 'reading the catalog');
      entities.push(...page);
    }
    const subjects = entities.filter(e =>
      registry.contracts.some(c => c.appliesTo(e)),
    );
    await this.refuseShrunkCatalog(subjects.length);
    await this.collectFacts(subjects, now, signal);
    stopIfAborted(signal, 'pruning facts');
    await store.deleteCollectedFactsExcept(new Set(subjects.map(refOf)));
    const graceMs = (options.pushedFactsGraceHours ?? 24) * 3_600_000;
    await store.prunePushedFacts(
      new Set(entities.map(refOf)),
      new Date(now.getTime() - graceMs).toISOString(),
    );
    const results = await this.evaluateAndStore(
      subjects,
      entities,
      now,
      signal,
    );
    const pruned = await store.pruneHistory(
      day(
        DateTime.fromJSDate(now)
          .minus({ days: options.historyRetentionDays })
          .toJSDate(),
      ),
    );
    this.deps.logger.info(
      `Evaluated ${subjects.length} of ${entities.length} entities (${results} entity-contract results); pruned ${pruned} history rows`,
    );
    return { entities: subjects.length, results };
  }

  /**
   * Throws, deleting nothing, when the catalog returned far fewer entities
   * under contract than have results: a catalog restarting or failing to
   * read a location looks like that, and the run would drop the facts and
   * results of every entity it did not see.
   */
  private async refuseShrunkCatalog(subjects: number) {
    const { store, logger, options } = this.deps;
    const share = options.maxCatalogShrink ?? 0.5;
    const stored = await store.countEvaluatedEntities();
    if (subjects >= stored * (1 - share)) return;
    const message = `Full platform contract evaluation refused: the catalog returned ${subjects} entities under contract where ${stored} have results, more than ${
      share * 100
    }% fewer (platformContract.evaluation.maxCatalogShrink). Facts and results are kept. If the catalog really shrank, raise that share for one run.`;
    logger.error(message);
    throw new Error(message);
  }

  /**
   * Evaluates entities against their stored facts and active waivers, and
   * stores results, today's history and roll-ups; `entities` is the whole
   * catalog, for roll-ups. Facts are read a batch at a time. With more than
   * one batch, batches go to the batch evaluator (a worker thread), and the
   * results of each are stored while later ones are evaluated. Returns the
   * number of entity-contract results. An abort stops it before the next
   * batch is stored, or once all are, before results the run did not write
   * are dropped.
   */
  async evaluateAndStore(
    subjects: Entity[],
    entities: Entity[],
    now: Date,
    signal?: AbortSignal,
  ): Promise<number> {
    const { store, registry, batchEvaluator } = this.deps;
    const evaluator =
      batchEvaluator && subjects.length > BATCH
        ? batchEvaluator
        : new InProcessBatchEvaluator(this.subjects);
    const waived = waiverIndex(
      await store.listActiveWaivers(now.toISOString()),
    );
    const evaluatedAt = now.toISOString();
    const pending: Array<{
      subjects: EvaluationSubject[];
      statuses: Promise<Uint8Array>;
    }> = [];
    for (let i = 0; i < subjects.length; i += BATCH) {
      stopIfAborted(signal, 'evaluating');
      const batch = subjects
        .slice(i, i + BATCH)
        .map(e => subjectOf(registry.contracts, e, refOf(e)));
      const statuses = evaluator.evaluate({
        subjects: batch,
        factRows: await store.readFactRows(batch.map(s => s.entityRef)),
        evaluatedAt,
      });
      // Awaited in order below; until then a failure must not go unhandled.
      statuses.catch(() => {});
      pending.push({ subjects: batch, statuses });
    }
    const placed = placements(entities);
    // Roll-ups count each batch as it arrives, while the worker evaluates
    // later ones, rather than all rows once the last is stored.
    const tally = new RollupTally(this.contractsByName());
    const results = this.subjects;
    let count = 0;
    async function* evaluated() {
      for (const batch of pending) {
        stopIfAborted(signal, 'storing results');
        const rows = results.rows(
          batch.subjects,
          await batch.statuses,
          waived,
          evaluatedAt,
        );
        for (const row of rows) {
          tally.add(row, placed.get(row.entityRef));
        }
        count += rows.length;
        yield rows;
      }
      // Thrown into the store before it drops the results not written.
      stopIfAborted(signal, 'dropping results of entities no longer evaluated');
    }
    const { newerKept } = await store.replaceAllResults(
      evaluated(),
      day(now),
      evaluatedAt,
      placed,
    );
    const org = organization(entities);
    await store.replaceOrganization(org);
    await store.replaceRollups(tally.finish(org, evaluatedAt), day(now));
    // Entities evaluated on their own during the run kept their newer
    // results, which the tally did not count.
    if (newerKept > 0) await this.requestRollupRefresh();
    return count;
  }

  private contractsByName() {
    return new Map(this.deps.registry.contracts.map(c => [c.name, c]));
  }

  /** Stored (or just computed) results in the API shape, with the facts that decide each rule. */
  present(entityRef: string, rows: EntityResultRow[]) {
    const { store, registry, options } = this.deps;
    return presentEntityResults(
      { store, registry, factMaxAgeHours: options.factMaxAgeHours },
      entityRef,
      rows,
    );
  }

  /**
   * Evaluates a proposed entity (not necessarily in the catalog) on facts
   * derived for it, as a stored one is evaluated and shown (same contracts
   * applying, compiled rules, active waivers of its ref and presentation), but
   * stores nothing.
   */
  async evaluateProposed(
    entity: Entity,
    facts: EntityFacts,
    now: Date,
  ): Promise<EntityContractResult[]> {
    const { store, registry, options } = this.deps;
    const entityRef = refOf(entity);
    return evaluateProposedEntity({
      contracts: registry.contracts,
      entity,
      entityRef,
      facts,
      waived: waiverIndex(
        await store.listActiveWaivers(now.toISOString(), entityRef),
      ),
      factMaxAgeHours: options.factMaxAgeHours,
      now,
      evaluator: this.subjects,
    });
  }

  /** Re-evaluates one entity now, e.g. after its owners fixed something. */
  async evaluateEntity(
    entityRef: string,
    now = new Date(),
  ): Promise<EntityResultRow[]> {
    const { catalog, auth, store } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    const ref = refOf(entity);
    await this.collectFacts([entity], now);
    const facts = (await store.readFacts([ref])).get(ref);
    const waivers = await store.listActiveWaivers(now.toISOString(), ref);
    const rows = this.evaluateEntityFacts(
      entity,
      facts,
      waiverIndex(waivers),
      now,
    );
    // Where the entity sits now: it may have moved team or system since the
    // last full run.
    await store.replaceEntityResults(
      ref,
      rows,
      now.toISOString(),
      placements([entity]).get(ref)!,
    );
    await store.upsertEntityHistory(day(now), rows);
    this.requestRollupRefresh();
    return rows;
  }

  /**
   * Recomputes roll-ups and today's roll-up history from the stored results
   * and organisation, in the background; requests arriving meanwhile are
   * coalesced into one more refresh. Needs a full run that stored where each
   * entity sits; until then roll-ups wait for the scheduled run. Resolves
   * when roll-ups are up to date.
   */
  requestRollupRefresh(): Promise<void> {
    if (this.rollupRefresh) {
      this.rollupRefreshPending = true;
      return this.rollupRefresh;
    }
    const run = async () => {
      do {
        this.rollupRefreshPending = false;
        try {
          const now = new Date();
          // Before a first full run there is no organisation to roll up to.
          if (!(await this.deps.store.lastFullEvaluationDay())) return;
          await this.deps.store.recomputeRollups(
            // Rows stored before placements were wait for the next full run.
            (rows, org) =>
              rows.every(r => r.placement)
                ? computeRollups(
                    rows,
                    this.contractsByName(),
                    org,
                    now.toISOString(),
                  )
                : undefined,
            day(now),
          );
        } catch (e) {
          this.deps.logger.warn(
            `Refreshing platform contract roll-ups failed`,
            e as Error,
          );
        }
      } while (this.rollupRefreshPending);
    };
    this.rollupRefresh = run().finally(() => {
      this.rollupRefresh = undefined;
    });
    return this.rollupRefresh;
  }

  /** Runs every provider over the entities in batches; a failing batch marks the provider's facts stale. */
  private async collectFacts(
    entities: Entity[],
    now: Date,
    signal?: AbortSignal,
  ) {
    const { auth, logger, store, providers } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const observedAt = now.toISOString();
    for (const provider of providers) {
      for (let i = 0; i < entities.length; i += BATCH) {
        const batch = entities.slice(i, i + BATCH);
        const refs = batch.map(refOf);
        stopIfAborted(signal, 'collecting facts');
        try {
          const rows = await collectProviderFacts(provider, batch, refs, {
            logger,
            credentials,
            now,
          });
          stopIfAborted(signal, 'storing facts');
          await store.writeProviderFacts(provider.id, rows, observedAt);
        } catch (e) {
          // Stopped, the provider did not fail: its facts are not stale.
          if (signal?.aborted) throw e;
          logger.error(
            `Fact provider ${provider.id} failed; its facts for ${refs.length} entities are now stale`,
            e as Error,
          );
          await store.markProviderFactsStale(provider.id, refs);
        }
      }
    }
  }

  /** Evaluates one entity's facts against every contract that applies to it. */
  evaluateEntityFacts(
    entity: Entity,
    facts: EntityFacts | undefined,
    waived: WaiverIndex,
    now: Date,
  ): EntityResultRow[] {
    const entityRef = refOf(entity);
    return this.subjects.evaluate(
      subjectOf(this.deps.registry.contracts, entity, entityRef),
      facts,
      waived,
      now.toISOString(),
    );
  }
}

/**
 * Throws when a full run was told to stop, before `step`: it then writes
 * nothing more, and what it has not written yet stays as the last run left it.
 */
function stopIfAborted(signal: AbortSignal | undefined, step: string) {
  if (!signal?.aborted) return;
  throw new ServiceUnavailableError(
    `Full platform contract evaluation stopped before ${step} (the backend is shutting down or the run timed out); stored results, roll-ups and history are kept, and the next scheduled run evaluates everything again`,
    signal.reason,
  );
}

function placements(entities: Entity[]): Map<string, EntityPlacement> {
  return new Map(
    entities.map(e => [
      refOf(e),
      {
        owner: e.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef,
        system: e.relations?.find(
          r => r.type === RELATION_PART_OF && r.targetRef.startsWith('system:'),
        )?.targetRef,
      },
    ]),
  );
}

function organization(entities: Entity[]): Organization {
  const parentOf = new Map<string, string>();
  const domainOf = new Map<string, string>();
  for (const e of entities) {
    const ref = refOf(e);
    if (e.kind === 'Group') {
      const parent = e.relations?.find(
        r => r.type === RELATION_CHILD_OF,
      )?.targetRef;
      if (parent) parentOf.set(ref, parent);
    } else if (e.kind === 'System') {
      const domain = e.relations?.find(
        r => r.type === RELATION_PART_OF && r.targetRef.startsWith('domain:'),
      )?.targetRef;
      if (domain) domainOf.set(ref, domain);
    }
  }
  return { parentOf, domainOf };
}

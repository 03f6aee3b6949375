import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EfficiencyFigures,
  EntityEfficiency,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  OrganisationEfficiency,
  parseKubernetesNamespaceAnnotation,
  TeamEfficiency,
} from '@groundwork/plugin-cost-common';
import { CatalogModel } from '../attribution/CatalogModel';
import { CatalogTrust } from '../attribution/CatalogTrust';
import { describeConflict } from '../attribution/conflicts';
import { normalizeRef } from '../config';
import {
  AllocationTarget,
  allocationTargets,
  kubernetesConflicts,
  targetId,
} from './kubernetesClaims';
import { Allocation, AllocationSet, OpenCostClient } from './OpenCostClient';

/** Kinds whose annotations and relations matter (as for billing attribution). */
const KINDS = ['Component', 'Resource', 'API', 'System', 'Domain', 'Group'];

export { allocationTargets } from './kubernetesClaims';
export type { AllocationTarget } from './kubernetesClaims';

/** OpenCost's label aggregation keys use Prometheus-sanitised label names. */
const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_');

interface Snapshot {
  model: CatalogModel;
  /** Annotated entities and their targets. */
  targets: Map<string, AllocationTarget[]>;
  /** Entity → every entity that rolls up to it, itself included. */
  descendants: Map<string, Set<string>>;
  titles: Map<string, string>;
}

interface Sums {
  cpuRequestHours: number;
  cpuUsageHours: number;
  ramRequestHours: number;
  ramUsageHours: number;
  cpuCost: number;
  ramCost: number;
  totalCost: number;
  idleCost: number;
  start: string | null;
  end: string | null;
}

const n = (v: number | null | undefined) =>
  typeof v === 'number' && Number.isFinite(v) ? v : 0;

function emptySums(): Sums {
  return {
    cpuRequestHours: 0,
    cpuUsageHours: 0,
    ramRequestHours: 0,
    ramUsageHours: 0,
    cpuCost: 0,
    ramCost: 0,
    totalCost: 0,
    idleCost: 0,
    start: null,
    end: null,
  };
}

/** Requested-but-unused share of an allocated resource (allocated = max(request, usage)). */
const unused = (request: number, usage: number) =>
  request > 0 ? Math.max(0, request - usage) / Math.max(request, usage) : 0;

function add(sums: Sums, a: Allocation) {
  const hours = n(a.minutes) / 60;
  const cpuReq = n(a.cpuCoreRequestAverage);
  const cpuUse = n(a.cpuCoreUsageAverage);
  const ramReq = n(a.ramByteRequestAverage);
  const ramUse = n(a.ramByteUsageAverage);
  sums.cpuRequestHours += cpuReq * hours;
  sums.cpuUsageHours += cpuUse * hours;
  sums.ramRequestHours += ramReq * hours;
  sums.ramUsageHours += ramUse * hours;
  sums.cpuCost += n(a.cpuCost);
  sums.ramCost += n(a.ramCost);
  sums.totalCost += n(a.totalCost);
  sums.idleCost +=
    n(a.cpuCost) * unused(cpuReq, cpuUse) +
    n(a.ramCost) * unused(ramReq, ramUse);
  if (!sums.start || a.start < sums.start) sums.start = a.start;
  if (!sums.end || a.end > sums.end) sums.end = a.end;
}

/** OpenCost's efficiency rule: usage over request; no request → 1 with usage and cost, else 0. */
function efficiency(usage: number, request: number, cost: number) {
  if (request > 0) return usage / request;
  return usage === 0 || cost === 0 ? 0 : 1;
}

function figures(sums: Sums): EfficiencyFigures {
  const cpuEfficiency = efficiency(
    sums.cpuUsageHours,
    sums.cpuRequestHours,
    sums.cpuCost,
  );
  const ramEfficiency = efficiency(
    sums.ramUsageHours,
    sums.ramRequestHours,
    sums.ramCost,
  );
  const weight = sums.cpuCost + sums.ramCost;
  const round = (v: number, digits: number) =>
    Math.round(v * 10 ** digits) / 10 ** digits;
  return {
    cpuEfficiency: round(cpuEfficiency, 4),
    ramEfficiency: round(ramEfficiency, 4),
    totalEfficiency: round(
      weight > 0
        ? (cpuEfficiency * sums.cpuCost + ramEfficiency * sums.ramCost) / weight
        : 0,
      4,
    ),
    totalCost: round(sums.totalCost, 2),
    idleCost: round(sums.idleCost, 2),
  };
}

export interface EfficiencyServiceOptions {
  client: OpenCostClient;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Only trusted entities' annotations and relations count (`cost.attribution`). */
  trust: CatalogTrust;
  currency: string;
  /** How long OpenCost answers and the catalog snapshot are reused. */
  cacheTtlMs: number;
  now?: () => number;
}

/**
 * CPU/RAM efficiency and idle cost per entity and per team from OpenCost's
 * Allocation API. Entities opt in with annotations; teams get what rolls up
 * to them through the cost plugin's catalog hierarchy (CatalogModel).
 */
export class OpenCostEfficiencyService {
  private readonly cache = new Map<
    string,
    { expires: number; value: Promise<unknown> }
  >();

  constructor(private readonly options: EfficiencyServiceOptions) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  /** Reuses a result (or the call in flight) for the TTL; failures are not kept. */
  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return hit.value as Promise<T>;
    for (const [k, v] of this.cache) {
      if (v.expires <= now) this.cache.delete(k);
    }
    const value = load();
    const entry = { expires: now + this.options.cacheTtlMs, value };
    this.cache.set(key, entry);
    value.catch(() => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    });
    return value;
  }

  private snapshot(): Promise<Snapshot> {
    return this.cached('catalog', async () => {
      const { items } = await this.options.catalog.getEntities(
        {
          filter: { kind: KINDS },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'metadata.annotations',
            'spec.profile.displayName',
            'relations',
          ],
        },
        { credentials: await this.options.auth.getOwnServiceCredentials() },
      );
      return this.buildSnapshot(items);
    });
  }

  private buildSnapshot(catalog: Entity[]): Snapshot {
    const entities = catalog.filter(e => this.options.trust.isTrusted(e));
    const model = new CatalogModel(entities, [], new Map());
    const conflicts = kubernetesConflicts(entities);
    conflicts.forEach(c =>
      this.options.logger.warn(
        `Cost attribution conflict: ${describeConflict(c)}`,
      ),
    );
    const conflicted = new Set(conflicts.map(c => c.claim));
    const targets = new Map<string, AllocationTarget[]>();
    const titles = new Map<string, string>();
    for (const entity of entities) {
      const ref = normalizeRef(stringifyEntityRef(entity));
      const annotations = entity.metadata.annotations;
      const found = allocationTargets(annotations).filter(
        t => !conflicted.has(targetId(t)),
      );
      if (found.length) targets.set(ref, found);
      const invalid = parseKubernetesNamespaceAnnotation(
        annotations?.[KUBERNETES_NAMESPACE_ANNOTATION],
      ).invalid;
      if (invalid.length) {
        this.options.logger.warn(
          `Ignoring invalid ${KUBERNETES_NAMESPACE_ANNOTATION} values on ${ref}: ${invalid.join(
            ', ',
          )}`,
        );
      }
      const title =
        (entity.spec?.profile as { displayName?: string } | undefined)
          ?.displayName ?? entity.metadata.title;
      if (title) titles.set(ref, title);
    }
    const descendants = new Map<string, Set<string>>();
    const addTo = (ancestor: string, ref: string) => {
      const set = descendants.get(ancestor) ?? new Set<string>();
      set.add(ref);
      descendants.set(ancestor, set);
    };
    for (const ref of targets.keys()) addTo(ref, ref);
    for (const { entityRef, ancestorRef } of model.closure()) {
      if (targets.has(entityRef)) addTo(ancestorRef, entityRef);
    }
    return { model, targets, descendants, titles };
  }

  /** One accumulated allocation set for the window and aggregation. */
  private allocations(window: string, aggregate: string) {
    return this.cached(`allocation|${window}|${aggregate}`, async () => {
      const sets = await this.options.client.allocation({
        window,
        aggregate,
        accumulate: true,
        includeIdle: true,
      });
      const merged: AllocationSet = {};
      for (const set of sets) Object.assign(merged, set);
      return merged;
    });
  }

  /** The allocation of each target (missing when OpenCost has none). */
  private async resolve(window: string, targets: AllocationTarget[]) {
    const byNamespace = await this.allocations(window, 'namespace');
    const labelKeys = [
      ...new Set(targets.flatMap(t => (t.kind === 'label' ? [t.key] : []))),
    ];
    const byLabel = new Map(
      await Promise.all(
        labelKeys.map(
          async key =>
            [key, await this.allocations(window, `label:${key}`)] as const,
        ),
      ),
    );
    const found = new Map<string, Allocation>();
    for (const target of targets) {
      let allocation: Allocation | undefined;
      if (target.kind === 'namespace') {
        allocation = byNamespace[target.namespace];
      } else {
        const set = byLabel.get(target.key) ?? {};
        // `name=value` (Allocation.generateKey); older versions key by value.
        allocation =
          set[`${sanitize(target.key)}=${target.value}`] ?? set[target.value];
      }
      if (allocation) found.set(targetId(target), allocation);
    }
    return { found, idle: byNamespace.__idle__ as Allocation | undefined };
  }

  private targetsOf(snapshot: Snapshot, refs: Iterable<string>) {
    const unique = new Map<string, AllocationTarget>();
    for (const ref of refs) {
      for (const target of snapshot.targets.get(ref) ?? []) {
        unique.set(targetId(target), target);
      }
    }
    return [...unique.values()];
  }

  /** Efficiency of an entity and everything that rolls up to it. */
  async entity(entityRef: string, window: string): Promise<EntityEfficiency> {
    const ref = normalizeRef(entityRef);
    const snapshot = await this.snapshot();
    const targets = this.targetsOf(
      snapshot,
      snapshot.descendants.get(ref) ?? [],
    );
    if (!targets.length) {
      throw new NotFoundError(
        `${ref} has no Kubernetes workloads to measure: annotate it (or what it owns) with ${KUBERNETES_NAMESPACE_ANNOTATION} or ${KUBERNETES_LABEL_SELECTOR_ANNOTATION}`,
      );
    }
    const { found } = await this.resolve(window, targets);
    const sums = emptySums();
    for (const allocation of found.values()) add(sums, allocation);
    return {
      configured: true,
      entityRef: ref,
      window,
      currency: this.options.currency,
      start: sums.start,
      end: sums.end,
      sources: targets.map(targetId),
      missing: targets.map(targetId).filter(id => !found.has(id)),
      ...figures(sums),
    };
  }

  /** Efficiency per team that owns annotated entities. */
  async organisation(options: {
    window: string;
    seesEverything: boolean;
    visible: (refs: string[]) => Promise<Set<string>>;
  }): Promise<OrganisationEfficiency> {
    const { window } = options;
    const snapshot = await this.snapshot();
    const teams = new Set<string>();
    for (const ref of snapshot.targets.keys()) {
      const owner = snapshot.model.ownerGroup(ref);
      if (owner) teams.add(owner);
    }
    const visible = await options.visible([...teams].sort());
    const allTargets = this.targetsOf(snapshot, snapshot.targets.keys());
    const { found, idle } = await this.resolve(window, allTargets);

    const overall = emptySums();
    const rows: TeamEfficiency[] = [];
    for (const team of [...teams].filter(t => visible.has(t))) {
      const members = snapshot.descendants.get(team) ?? new Set<string>();
      const sums = emptySums();
      for (const target of this.targetsOf(snapshot, members)) {
        const allocation = found.get(targetId(target));
        if (allocation) add(sums, allocation);
      }
      if (sums.start && (!overall.start || sums.start < overall.start))
        overall.start = sums.start;
      if (sums.end && (!overall.end || sums.end > overall.end))
        overall.end = sums.end;
      rows.push({
        entityRef: team,
        title: snapshot.titles.get(team),
        entityCount: [...members].filter(m => snapshot.targets.has(m)).length,
        ...figures(sums),
      });
    }
    rows.sort(
      (a, b) =>
        b.totalCost - a.totalCost || a.entityRef.localeCompare(b.entityRef),
    );
    return {
      configured: true,
      window,
      currency: this.options.currency,
      start: overall.start,
      end: overall.end,
      teams: rows,
      complete: options.seesEverything,
      ...(options.seesEverything
        ? {
            clusterIdleCost: Math.round(n(idle?.totalCost) * 100) / 100,
          }
        : {}),
    };
  }
}

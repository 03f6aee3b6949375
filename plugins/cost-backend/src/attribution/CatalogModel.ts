import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AttributionConflict,
  COST_ANNUAL_BUDGET_ANNOTATION,
  COST_BUDGET_ANNOTATION,
  COST_TAGS_ANNOTATION,
  parseBudgetAnnotation,
  parseCostTagsAnnotation,
} from '@groundwork/plugin-cost-common';
import { CostConfig, normalizeRef, TagRule } from '../config';
import { conflictingClaims, describeConflict } from './conflicts';

/** Kinds that can carry cost or roll it up. */
const COST_KINDS = [
  'Component',
  'Resource',
  'API',
  'System',
  'Domain',
  'Group',
];

/** The entities that can carry or roll up cost, trusted or not. */
export async function loadCostEntities(
  catalog: CatalogService,
  auth: AuthService,
): Promise<Entity[]> {
  const { items } = await catalog.getEntities(
    {
      filter: { kind: COST_KINDS },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
        'relations',
      ],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  return items;
}

/** An annotated entity's cost tags, and the owner it answers to. */
interface AnnotatedEntity {
  ref: string;
  owner: string;
  tags: [string, string][];
}

/** What the billing data says about a day of cost, as far as attribution goes. */
export interface AttributionKey {
  tags: Record<string, string>;
  subAccountId: string | null;
  billingAccountId: string | null;
}

/**
 * The catalog as attribution needs it: who carries which tags, the roll-up
 * hierarchy (component → system → domain, entity → owner group → parent
 * groups) and owners for alerts. Built from trusted entities only (see
 * {@link CatalogModel.load}); relations to anything else are dropped, so no
 * one can roll another team's cost up into an entity of their own.
 */
export class CatalogModel {
  /** `kind:name` → every ref of that kind and name (tag values carry no namespace). */
  private readonly byKindAndName = new Map<string, string[]>();
  private readonly annotated: AnnotatedEntity[] = [];
  private readonly parents = new Map<string, Set<string>>();
  private readonly owners = new Map<string, string>();
  readonly annotationBudgets: {
    entityRef: string;
    amount: number;
    currency: string;
  }[] = [];
  /** Annual (fiscal year) budgets from {@link COST_ANNUAL_BUDGET_ANNOTATION}. */
  readonly annualAnnotationBudgets: CatalogModel['annotationBudgets'] = [];

  /**
   * The trusted part of the catalog (`config.trust`). Conflicts and ignored
   * claims are logged when a logger is given (once per ingest).
   */
  static async load(options: {
    catalog: CatalogService;
    auth: AuthService;
    config: Pick<CostConfig, 'tagRules' | 'accounts' | 'trust'>;
    logger?: LoggerService;
  }) {
    const { catalog, auth, config, logger } = options;
    const items = await loadCostEntities(catalog, auth);
    const trusted = items.filter(e => config.trust.isTrusted(e));
    const model = new CatalogModel(trusted, config.tagRules, config.accounts);
    if (logger) {
      const ignored = items.length - trusted.length;
      if (ignored) {
        logger.info(
          `Cost attribution ignores ${ignored} catalog entities from untrusted locations (trusted: ${
            config.trust.origins.join(', ') || 'none'
          }; see cost.attribution.trustedLocations)`,
        );
      }
      for (const conflict of model.conflicts()) {
        logger.warn(`Cost attribution conflict: ${describeConflict(conflict)}`);
      }
    }
    return model;
  }

  constructor(
    entities: Entity[],
    private readonly tagRules: TagRule[],
    private readonly accounts: Map<string, string>,
  ) {
    const known = new Set(
      entities.map(e => normalizeRef(stringifyEntityRef(e))),
    );
    for (const entity of entities) {
      const ref = normalizeRef(stringifyEntityRef(entity));
      const kindAndName = `${entity.kind.toLowerCase()}:${entity.metadata.name.toLowerCase()}`;
      this.byKindAndName.set(kindAndName, [
        ...(this.byKindAndName.get(kindAndName) ?? []),
        ref,
      ]);
      const annotations = entity.metadata.annotations ?? {};
      const tags = Object.entries(
        parseCostTagsAnnotation(annotations[COST_TAGS_ANNOTATION]),
      );
      const ownedBy = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
      if (tags.length) {
        const owner = ownedBy ? normalizeRef(ownedBy.targetRef) : ref;
        this.annotated.push({ ref, owner, tags });
      }
      const budget = parseBudgetAnnotation(annotations[COST_BUDGET_ANNOTATION]);
      if (budget) {
        this.annotationBudgets.push({ entityRef: ref, ...budget });
      }
      const annual = parseBudgetAnnotation(
        annotations[COST_ANNUAL_BUDGET_ANNOTATION],
      );
      if (annual) {
        this.annualAnnotationBudgets.push({ entityRef: ref, ...annual });
      }
      const parents = new Set<string>();
      for (const relation of entity.relations ?? []) {
        const target = normalizeRef(relation.targetRef);
        // A parent outside the model may be anyone's: a group registered
        // elsewhere listing this entity among its children, say.
        if (!known.has(target)) continue;
        if (relation.type === RELATION_OWNED_BY) {
          this.owners.set(ref, target);
          parents.add(target);
        } else if (
          relation.type === RELATION_PART_OF ||
          relation.type === RELATION_CHILD_OF
        ) {
          parents.add(target);
        }
      }
      this.parents.set(ref, parents);
    }
    // Most specific annotation first, so `app=x, env=prod` beats `app=x`.
    this.annotated.sort((a, b) => b.tags.length - a.tags.length);
  }

  /** Tag keys attribution looks at, normalised. */
  get tagKeys(): string[] {
    return [
      ...new Set([
        ...this.tagRules.map(r => r.tag),
        ...this.annotated.flatMap(a => a.tags.map(([k]) => k)),
      ]),
    ].sort();
  }

  /** The entity a tag rule's value names, unless several (namespaces) share the name. */
  private byRule(rule: TagRule, value: string): string | undefined {
    const refs = this.byKindAndName.get(`${rule.kind}:${value}`);
    return refs?.length === 1 ? refs[0] : undefined;
  }

  /**
   * The entity a day of cost belongs to: entity annotations first, then tag
   * rules in configured order, then the account mapping; null if none match.
   * When annotations of entities with different owners match the same cost,
   * none of them gets it (a conflict): the rules and accounts decide.
   */
  resolve(key: AttributionKey): string | null {
    const tagValue = (tag: string) => key.tags[tag]?.toLowerCase();
    const matches = this.annotated.filter(({ tags }) =>
      tags.every(([tag, value]) => tagValue(tag) === value.toLowerCase()),
    );
    if (matches.length && matches.every(m => m.owner === matches[0].owner)) {
      return matches[0].ref; // the most specific of one owner's claims
    }
    for (const rule of this.tagRules) {
      const value = tagValue(rule.tag);
      const ref = value && this.byRule(rule, value);
      if (ref) {
        return ref;
      }
    }
    return (
      (key.subAccountId && this.accounts.get(key.subAccountId)) ||
      (key.billingAccountId && this.accounts.get(key.billingAccountId)) ||
      null
    );
  }

  /**
   * The entities whose cost rows carrying `tag=value` could be: annotations
   * holding the pair (alone or with other tags), and tag rules for `tag`
   * whose value names an entity. Compared as {@link CatalogModel.resolve} does.
   */
  claimants(
    tag: string,
    value: string,
  ): { entityRef: string; via: 'annotation' | 'tagRule' }[] {
    const key = tag.trim().toLowerCase();
    const lowerValue = value.trim().toLowerCase();
    const found = new Map<string, 'annotation' | 'tagRule'>();
    for (const { ref, tags } of this.annotated) {
      if (tags.some(([k, v]) => k === key && v.toLowerCase() === lowerValue)) {
        found.set(ref, 'annotation');
      }
    }
    for (const rule of this.tagRules.filter(r => r.tag === key)) {
      const ref = this.byRule(rule, lowerValue);
      if (ref && !found.has(ref)) found.set(ref, 'tagRule');
    }
    return [...found].map(([entityRef, via]) => ({ entityRef, via }));
  }

  /**
   * Claims attribution refuses: a cost tag pair in annotations of entities
   * with different owners whose claims can match the same cost, and tag rule
   * values naming entities in several namespaces.
   */
  conflicts(): AttributionConflict[] {
    const found = conflictingClaims(
      this.annotated.flatMap(({ ref, owner, tags }) =>
        tags.map(([tag, value]) => ({
          claim: `${tag}=${value.toLowerCase()}`,
          ref,
          owner,
          // Claims that disagree on a tag never match the same cost.
          overlaps: (other: string) => {
            const theirs = this.annotated.find(a => a.ref === other)!.tags;
            return tags.every(([t, v]) =>
              theirs.every(
                ([u, w]) => t !== u || v.toLowerCase() === w.toLowerCase(),
              ),
            );
          },
        })),
      ),
    ).map(({ claim, entityRefs }) => ({
      source: COST_TAGS_ANNOTATION,
      claim,
      entityRefs,
      resolution:
        'Cost matching both is attributed by cost.attribution.tagRules and accounts only, else left unattributed',
    }));
    for (const rule of this.tagRules) {
      for (const [kindAndName, refs] of this.byKindAndName) {
        if (refs.length > 1 && kindAndName.startsWith(`${rule.kind}:`)) {
          found.push({
            source: 'cost.attribution.tagRules',
            claim: `${rule.tag}=${kindAndName.slice(rule.kind.length + 1)}`,
            entityRefs: [...refs].sort(),
            resolution: `Several ${rule.kind} entities have this name: this rule attributes the cost to none of them`,
          });
        }
      }
    }
    return found;
  }

  /** Every (entity, ancestor) pair of the roll-up hierarchy, excluding self. */
  closure(): { entityRef: string; ancestorRef: string }[] {
    const pairs: { entityRef: string; ancestorRef: string }[] = [];
    for (const ref of this.parents.keys()) {
      const seen = new Set<string>([ref]);
      const queue = [...(this.parents.get(ref) ?? [])];
      while (queue.length) {
        const ancestor = queue.shift()!;
        if (seen.has(ancestor)) continue; // cycles and diamonds count once
        seen.add(ancestor);
        pairs.push({ entityRef: ref, ancestorRef: ancestor });
        queue.push(...(this.parents.get(ancestor) ?? []));
      }
    }
    return pairs;
  }

  /** The group to notify about an entity: itself for groups, else its owner. */
  ownerGroup(ref: string): string | undefined {
    return ref.startsWith('group:') ? ref : this.owners.get(ref);
  }
}

import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  COST_BUDGET_ANNOTATION,
  COST_TAGS_ANNOTATION,
  parseBudgetAnnotation,
  parseCostTagsAnnotation,
} from '@groundwork/plugin-cost-common';
import { normalizeRef, TagRule } from '../config';

/** Kinds that can carry cost or roll it up. */
const COST_KINDS = [
  'Component',
  'Resource',
  'API',
  'System',
  'Domain',
  'Group',
];

/** What the billing data says about a day of cost, as far as attribution goes. */
export interface AttributionKey {
  tags: Record<string, string>;
  subAccountId: string | null;
  billingAccountId: string | null;
}

/**
 * The catalog as attribution needs it: who carries which tags, the roll-up
 * hierarchy (component → system → domain, entity → owner group → parent
 * groups) and owners for alerts.
 */
export class CatalogModel {
  private readonly byKindAndName = new Map<string, string>();
  private readonly annotated: { ref: string; tags: [string, string][] }[] = [];
  private readonly parents = new Map<string, Set<string>>();
  private readonly owners = new Map<string, string>();
  readonly annotationBudgets: {
    entityRef: string;
    amount: number;
    currency: string;
  }[] = [];

  static async load(
    catalog: CatalogService,
    auth: AuthService,
    tagRules: TagRule[],
    accounts: Map<string, string>,
  ) {
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
    return new CatalogModel(items, tagRules, accounts);
  }

  constructor(
    entities: Entity[],
    private readonly tagRules: TagRule[],
    private readonly accounts: Map<string, string>,
  ) {
    for (const entity of entities) {
      const ref = normalizeRef(stringifyEntityRef(entity));
      const kindAndName = `${entity.kind.toLowerCase()}:${entity.metadata.name.toLowerCase()}`;
      // Tag values carry no namespace; the default namespace wins a clash.
      if (
        !this.byKindAndName.has(kindAndName) ||
        entity.metadata.namespace === 'default'
      ) {
        this.byKindAndName.set(kindAndName, ref);
      }
      const annotations = entity.metadata.annotations ?? {};
      const tags = Object.entries(
        parseCostTagsAnnotation(annotations[COST_TAGS_ANNOTATION]),
      );
      if (tags.length) {
        this.annotated.push({ ref, tags });
      }
      const budget = parseBudgetAnnotation(annotations[COST_BUDGET_ANNOTATION]);
      if (budget) {
        this.annotationBudgets.push({ entityRef: ref, ...budget });
      }
      const parents = new Set<string>();
      for (const relation of entity.relations ?? []) {
        const target = normalizeRef(relation.targetRef);
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

  /**
   * The entity a day of cost belongs to: entity annotations first, then tag
   * rules in configured order, then the account mapping; null if none match.
   */
  resolve(key: AttributionKey): string | null {
    const tagValue = (tag: string) => key.tags[tag]?.toLowerCase();
    for (const { ref, tags } of this.annotated) {
      if (tags.every(([tag, value]) => tagValue(tag) === value.toLowerCase())) {
        return ref;
      }
    }
    for (const rule of this.tagRules) {
      const value = tagValue(rule.tag);
      const ref = value && this.byKindAndName.get(`${rule.kind}:${value}`);
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
      const ref = this.byKindAndName.get(`${rule.kind}:${lowerValue}`);
      if (ref && !found.has(ref)) found.set(ref, 'tagRule');
    }
    return [...found].map(([entityRef, via]) => ({ entityRef, via }));
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

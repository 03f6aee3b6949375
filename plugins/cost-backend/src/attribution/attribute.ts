import { FocusGroup, FocusResourceGroup } from '../ingest/focusReader';
import { AttributionKey, CatalogModel } from './CatalogModel';

export interface CostRollup {
  billingPeriod: string;
  entityRef: string | null;
  day: string;
  serviceCategory: string;
  serviceName: string;
  provider: string;
  chargeCategory: string;
  chargeClass: string | null;
  currency: string;
  effectiveCost: number;
  billedCost: number;
  listCost: number;
}

export interface ResourceRollup {
  billingPeriod: string;
  entityRef: string | null;
  month: string;
  resourceId: string;
  resourceName: string | null;
  serviceName: string;
  currency: string;
  effectiveCost: number;
}

/** Resources kept per entity, month and currency: enough for a "top" list. */
export const TOP_RESOURCES = 25;

export interface UnattributedRollup {
  billingPeriod: string;
  day: string;
  dimension: 'tag' | 'account';
  label: string;
  currency: string;
  effectiveCost: number;
}

/**
 * `model.resolve`, once per distinct attribution key: groups share few keys,
 * and resolving walks every annotated entity.
 */
function cachedResolve(model: CatalogModel) {
  const cache = new Map<string, string | null>();
  return (key: AttributionKey) => {
    const id = JSON.stringify([
      key.subAccountId,
      key.billingAccountId,
      key.tags,
    ]);
    let ref = cache.get(id);
    if (ref === undefined) {
      ref = model.resolve(key);
      cache.set(id, ref);
    }
    return ref;
  };
}

/**
 * Attributes DuckDB's daily groups to entities and sums them to the stored
 * roll-up key. Unattributed cost keeps its tag values and account so that
 * someone can fix the tagging or the mapping.
 */
export function attribute(
  groups: FocusGroup[],
  resourceGroups: FocusResourceGroup[],
  model: CatalogModel,
) {
  const resolve = cachedResolve(model);
  const rollups = new Map<string, CostRollup>();
  const unattributed = new Map<string, UnattributedRollup>();
  const addUnattributed = (
    group: FocusGroup,
    dimension: 'tag' | 'account',
    label: string,
  ) => {
    const key = JSON.stringify([
      group.billingPeriod,
      group.day,
      dimension,
      label,
      group.currency,
    ]);
    const existing = unattributed.get(key);
    if (existing) {
      existing.effectiveCost += group.effectiveCost;
    } else {
      unattributed.set(key, {
        billingPeriod: group.billingPeriod,
        day: group.day,
        dimension,
        label,
        currency: group.currency,
        effectiveCost: group.effectiveCost,
      });
    }
  };

  for (const group of groups) {
    const entityRef = resolve(group);
    const rollup: CostRollup = {
      billingPeriod: group.billingPeriod,
      entityRef,
      day: group.day,
      serviceCategory: group.serviceCategory,
      serviceName: group.serviceName,
      provider: group.provider,
      chargeCategory: group.chargeCategory,
      chargeClass: group.chargeClass,
      currency: group.currency,
      effectiveCost: group.effectiveCost,
      billedCost: group.billedCost,
      listCost: group.listCost,
    };
    const key = JSON.stringify([
      rollup.billingPeriod,
      rollup.entityRef,
      rollup.day,
      rollup.serviceCategory,
      rollup.serviceName,
      rollup.provider,
      rollup.chargeCategory,
      rollup.chargeClass,
      rollup.currency,
    ]);
    const existing = rollups.get(key);
    if (existing) {
      existing.effectiveCost += rollup.effectiveCost;
      existing.billedCost += rollup.billedCost;
      existing.listCost += rollup.listCost;
    } else {
      rollups.set(key, rollup);
    }
    if (!entityRef) {
      const tags = Object.entries(group.tags);
      for (const [tag, value] of tags) {
        addUnattributed(group, 'tag', `${tag}=${value}`);
      }
      if (!tags.length) {
        addUnattributed(group, 'tag', '(no attribution tags)');
      }
      const account = group.subAccountId ?? group.billingAccountId;
      addUnattributed(
        group,
        'account',
        account
          ? `${
              group.subAccountName ? `${group.subAccountName} ` : ''
            }(${account})`.trim()
          : '(no account)',
      );
    }
  }
  return {
    rollups: [...rollups.values()],
    unattributed: [...unattributed.values()],
    resources: topResources(resourceGroups, resolve),
  };
}

/** Each entity's most expensive resources per month. */
function topResources(
  groups: FocusResourceGroup[],
  resolve: (key: AttributionKey) => string | null,
) {
  const byResource = new Map<string, ResourceRollup>();
  for (const group of groups) {
    const entityRef = resolve(group);
    const key = JSON.stringify([
      group.billingPeriod,
      entityRef,
      group.month,
      group.resourceId,
      group.serviceName,
      group.currency,
    ]);
    const existing = byResource.get(key);
    if (existing) {
      existing.effectiveCost += group.effectiveCost;
    } else {
      byResource.set(key, {
        billingPeriod: group.billingPeriod,
        entityRef,
        month: group.month,
        resourceId: group.resourceId,
        resourceName: group.resourceName,
        serviceName: group.serviceName,
        currency: group.currency,
        effectiveCost: group.effectiveCost,
      });
    }
  }
  const lists = new Map<string, ResourceRollup[]>();
  for (const resource of byResource.values()) {
    const key = JSON.stringify([
      resource.billingPeriod,
      resource.entityRef,
      resource.month,
      resource.currency,
    ]);
    const list = lists.get(key) ?? lists.set(key, []).get(key)!;
    list.push(resource);
  }
  return [...lists.values()].flatMap(list =>
    list
      .sort((a, b) => b.effectiveCost - a.effectiveCost)
      .slice(0, TOP_RESOURCES),
  );
}

import { FocusGroup } from '../ingest/focusReader';
import { CatalogModel } from './CatalogModel';

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

export interface UnattributedRollup {
  billingPeriod: string;
  day: string;
  dimension: 'tag' | 'account';
  label: string;
  currency: string;
  effectiveCost: number;
}

/**
 * Attributes DuckDB's daily groups to entities and sums them to the stored
 * roll-up key. Unattributed cost keeps its tag values and account so that
 * someone can fix the tagging or the mapping.
 */
export function attribute(groups: FocusGroup[], model: CatalogModel) {
  const rollups = new Map<string, CostRollup>();
  const unattributed = new Map<string, UnattributedRollup>();
  const addUnattributed = (group: FocusGroup, dimension: 'tag' | 'account', label: string) => {
    const key = JSON.stringify([group.billingPeriod, group.day, dimension, label, group.currency]);
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
    const entityRef = model.resolve(group);
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
        account ? `${group.subAccountName ? `${group.subAccountName} ` : ''}(${account})`.trim() : '(no account)',
      );
    }
  }
  return { rollups: [...rollups.values()], unattributed: [...unattributed.values()] };
}

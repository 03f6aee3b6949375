import { CatalogModel } from '../attribution/CatalogModel';
import { FocusCommitmentGroup } from '../ingest/focusReader';

/** A commitment group attributed to an entity (null: unattributed). */
export type CommitmentRollup = Omit<
  FocusCommitmentGroup,
  'billingAccountId' | 'subAccountId' | 'subAccountName' | 'tags'
> & { entityRef: string | null };

/**
 * Attributes commitment groups like the daily roll-ups (the same catalog
 * model, resolved once per account and tag set) and sums them per stored key.
 */
export function attributeCommitments(
  groups: FocusCommitmentGroup[],
  model: CatalogModel,
): CommitmentRollup[] {
  const resolved = new Map<string, string | null>();
  const rollups = new Map<string, CommitmentRollup>();
  for (const group of groups) {
    const {
      billingAccountId,
      subAccountId,
      subAccountName,
      tags,
      ...dimensions
    } = group;
    const attributionKey = JSON.stringify([
      subAccountId,
      billingAccountId,
      tags,
    ]);
    let entityRef = resolved.get(attributionKey);
    if (entityRef === undefined) {
      entityRef = model.resolve(group);
      resolved.set(attributionKey, entityRef);
    }
    const rollup: CommitmentRollup = { ...dimensions, entityRef };
    const key = JSON.stringify([
      rollup.billingPeriod,
      rollup.month,
      entityRef,
      rollup.provider,
      rollup.serviceCategory,
      rollup.chargeCategory,
      rollup.pricingCategory,
      rollup.commitmentDiscountId,
      rollup.commitmentDiscountName,
      rollup.commitmentDiscountCategory,
      rollup.commitmentDiscountType,
      rollup.commitmentDiscountStatus,
      rollup.commitmentDiscountUnit,
      rollup.currency,
    ]);
    const existing = rollups.get(key);
    if (!existing) {
      rollups.set(key, rollup);
      continue;
    }
    existing.effectiveCost += rollup.effectiveCost;
    existing.billedCost += rollup.billedCost;
    existing.listCost += rollup.listCost;
    if (rollup.commitmentDiscountQuantity !== null) {
      existing.commitmentDiscountQuantity =
        (existing.commitmentDiscountQuantity ?? 0) +
        rollup.commitmentDiscountQuantity;
    }
  }
  return [...rollups.values()];
}

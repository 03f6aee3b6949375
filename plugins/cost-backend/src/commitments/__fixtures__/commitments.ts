import { CommitmentRollup } from '../attributeCommitments';

/** A commitment roll-up for tests: on-demand usage unless overridden. */
export function commitmentRollup(
  overrides: Partial<CommitmentRollup>,
): CommitmentRollup {
  return {
    billingPeriod: '2026-03-01',
    month: '2026-03',
    entityRef: 'component:default/a',
    provider: 'AWS',
    serviceCategory: 'Compute',
    chargeCategory: 'Usage',
    pricingCategory: 'Standard',
    commitmentDiscountId: null,
    commitmentDiscountName: null,
    commitmentDiscountCategory: null,
    commitmentDiscountType: null,
    commitmentDiscountStatus: null,
    commitmentDiscountUnit: null,
    currency: 'USD',
    effectiveCost: 10,
    billedCost: 10,
    listCost: 10,
    commitmentDiscountQuantity: null,
    ...overrides,
  };
}

/** Usage covered by (`Used`) or the unused part of a commitment. */
export function committed(
  status: 'Used' | 'Unused',
  overrides: Partial<CommitmentRollup>,
): CommitmentRollup {
  return commitmentRollup({
    pricingCategory: 'Committed',
    commitmentDiscountId: 'sp-1',
    commitmentDiscountName: 'Compute savings plan',
    commitmentDiscountCategory: 'Spend',
    commitmentDiscountType: 'Savings Plan',
    commitmentDiscountStatus: status,
    billedCost: 0,
    ...overrides,
  });
}

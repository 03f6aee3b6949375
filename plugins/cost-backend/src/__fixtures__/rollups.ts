import { CostRollup, ResourceRollup } from '../attribution/attribute';

/** A daily roll-up row for store tests; override what the test is about. */
export function rollup(overrides: Partial<CostRollup>): CostRollup {
  return {
    billingPeriod: '2026-11-01',
    entityRef: 'component:default/a',
    day: '2026-11-01',
    serviceCategory: 'Compute',
    serviceName: 'EC2',
    provider: 'AWS',
    chargeCategory: 'Usage',
    chargeClass: null,
    currency: 'USD',
    effectiveCost: 1,
    billedCost: 1,
    listCost: 1,
    ...overrides,
  };
}

export function resource(
  resourceId: string,
  effectiveCost: number,
): ResourceRollup {
  return {
    billingPeriod: '2026-11-01',
    entityRef: 'component:default/a',
    month: '2026-11',
    resourceId,
    resourceName: `${resourceId} name`,
    serviceName: 'EC2',
    currency: 'USD',
    effectiveCost,
  };
}

/**
 * Platform contract facts about cost (`cost.*`), read from the cost backend
 * plugin.
 *
 * @packageDocumentation
 */
export { costPlatformContractModule as default } from './module';
export { createCostFactProvider } from './CostFactProvider';
export type { CostFactProviderOptions } from './CostFactProvider';

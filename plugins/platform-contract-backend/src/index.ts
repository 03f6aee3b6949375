/**
 * The platform contract and scorecards: rules every entity is checked against, waivers, history and roll-ups.
 *
 * @packageDocumentation
 */
export { platformContractBackendFeatures as default } from './features';
export { platformContractPlugin } from './plugin';
export {
  createPlatformContractWaiverConditionalDecision,
  platformContractWaiverConditions,
  platformContractWaiverResourceRef,
  platformContractWaiverRules,
} from './permissions';
export type { PlatformContractWaiverQuery } from './permissions';
export {
  catalogModulePlatformContracts,
  PLATFORM_CONTRACT_ANNOTATION,
} from './catalogModule';
export { platformContractModuleDemoHistory } from './demo/demoHistory';

/**
 * The platform contract and scorecards: rules every entity is checked against, waivers, history and roll-ups. Types shared by the frontend and the backend.
 *
 * @packageDocumentation
 */
export { platformContractPluginId } from './constants';
export * from './facts';
export * from './contract/schema';
export * from './contract/conditions';
export * from './contract/compile';
export * from './contract/scoring';
export * from './contract/ruleText';
export * from './permissions';
export * from './api';
export * from './limits';
export * from './insights';
export * from './goldenPath';
export * from './evaluation/factLookup';
export * from './evaluation/subjectEvaluation';
export * from './evaluation/presentResults';
export * from './evaluation/evaluateProposed';
export * from './derivation/catalogFacts';
export * from './derivation/goldenPathFacts';
export * from './derivation/repositoryFileFacts';
export * from './check/proposedEntity';
export * from './check/unknownFacts';
export * from './contract/contractFile';
export * from './check/report';

/**
 * Extension points for the platform contract backend: other backend modules
 * contribute fact providers through them.
 *
 * @packageDocumentation
 */
export { platformContractFactsExtensionPoint } from './extensions';
export type {
  FactProvider,
  FactCollectionContext,
  CollectedFacts,
  PlatformContractFactsExtensionPoint,
} from './extensions';

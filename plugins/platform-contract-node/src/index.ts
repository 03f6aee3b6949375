/**
 * Extension points for the platform contract backend: other backend modules
 * contribute fact providers through them. Also how a repository folder is
 * read for a contract check (scaffolder action, CLI).
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
export * from './repositoryFolder';

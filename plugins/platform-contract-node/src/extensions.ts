import {
  BackstageCredentials,
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  FactDeclaration,
  FactValue,
  SensitiveFactsDeclaration,
} from '@groundwork/plugin-platform-contract-common';

/**
 * What a provider is given for one collection run.
 *
 * @public
 */
export interface FactCollectionContext {
  logger: LoggerService;
  /**
   * Whose look-ups these are, e.g. to call the catalog: the plugin's own
   * service credentials for scheduled collection, the caller's when a
   * proposed entity is checked (`POST /check`).
   */
  credentials: BackstageCredentials;
  /** The collection time; facts are stamped with it unless the provider gives `observedAt`. */
  now: Date;
}

/**
 * Facts for one entity, by fact name. A value of `null` means "collected and
 * absent"; leaving a fact out means "unknown" (rules depending on it report
 * `unknown`). Pass `{ value, observedAt }` when the observation is older than
 * the collection, e.g. the time of the last CI run.
 *
 * @public
 */
export type CollectedFacts = Record<
  string,
  FactValue | { value: FactValue; observedAt: Date } | undefined
>;

/**
 * Collects facts about entities in batches. Facts are stored with the
 * provider id as their source; if `collect` throws, the provider's facts for
 * the batch are marked stale so rules using them report `unknown`.
 *
 * @public
 */
export interface FactProvider {
  /** Unique id, recorded as the source of its facts, e.g. `catalog`. */
  id: string;
  /**
   * Every fact name the provider can return, with its type. A push through
   * the API may not use these names nor their namespaces (`cost.` for
   * `cost.monthlyBudget`).
   */
  facts: FactDeclaration[];
  /**
   * Facts whose values are shown only to callers the permission allows for
   * the entity (results, the entity tab, MCP); others see pass or fail.
   * Facts are collected with the plugin's own credentials, so declare here
   * whatever the source plugin would not show every user.
   */
  sensitive?: SensitiveFactsDeclaration;
  /**
   * Collects facts for a batch of entities (a few hundred at a time).
   * Returns facts keyed by entity ref; entities left out keep no facts from this provider.
   */
  collect(
    entities: Entity[],
    context: FactCollectionContext,
  ): Promise<Map<string, CollectedFacts>>;
}

/** @public */
export interface PlatformContractFactsExtensionPoint {
  addFactProvider(...providers: FactProvider[]): void;
}

/**
 * Lets backend modules add fact providers to the platform contract plugin.
 *
 * @public
 */
export const platformContractFactsExtensionPoint =
  createExtensionPoint<PlatformContractFactsExtensionPoint>({
    id: 'platform-contract.facts',
  });

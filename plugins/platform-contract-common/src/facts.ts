import { ResourcePermission } from '@backstage/plugin-permission-common';

/**
 * A JSON value a fact can hold. `null` means the fact was collected and its
 * subject is known to be absent (e.g. an annotation that is not set).
 *
 * @public
 */
export type FactValue =
  | string
  | number
  | boolean
  | null
  | FactValue[]
  | { [key: string]: FactValue };

/**
 * The declared type of a fact.
 *
 * @public
 */
export type FactType = 'boolean' | 'number' | 'string' | 'datetime' | 'object';

/**
 * A fact a provider declares it collects.
 *
 * @public
 */
export interface FactDeclaration {
  name: string;
  type: FactType;
  description: string;
}

/**
 * Facts whose values only some callers may see, e.g. cost: others see the
 * rules' statuses with the value hidden.
 *
 * @public
 */
export interface SensitiveFactsDeclaration {
  /** Fact names, or namespaces such as `cost.*`. */
  facts: string[];
  /**
   * Who may see the values for an entity: this permission, authorized for
   * the caller with the entity's ref as the resource, e.g. `cost.read`.
   */
  readPermission: ResourcePermission<'catalog-entity'>;
}

/**
 * One observed fact about one entity.
 *
 * @public
 */
export interface Fact {
  name: string;
  value: FactValue;
  /** ISO 8601 time the fact was observed. */
  observedAt: string;
  /** The fact provider id, or `push:<subject>` for facts pushed through the API. */
  source: string;
  /** Set when the last collection failed or the fact is older than the configured maximum age. */
  stale?: boolean;
}

/**
 * Looks up an entity's facts by name during evaluation.
 *
 * @public
 */
export type FactLookup = (name: string) => Fact | undefined;

/**
 * One entity's facts, by name.
 *
 * @public
 */
export type EntityFacts = Pick<ReadonlyMap<string, Fact>, 'get' | 'keys'>;

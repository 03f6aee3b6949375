import { EntityContractResult } from '../api';
import { CompiledContract } from '../contract/compile';
import { EntityFacts } from '../facts';
import { presentResults } from './presentResults';
import { subjectOf, SubjectEvaluator, WaiverIndex } from './subjectEvaluation';

/**
 * Evaluates a proposed entity (e.g. a catalog-info.yaml not in the catalog
 * yet) on facts derived for it, as a stored entity is evaluated and shown:
 * the same contracts applying, compiled rules, waivers and presentation.
 * The backend's check endpoint and the CLI's offline check both run this.
 *
 * @public
 */
export function evaluateProposedEntity(options: {
  contracts: CompiledContract[];
  entity: unknown;
  /** The entity's lowercased ref. */
  entityRef: string;
  facts: EntityFacts;
  /** Approved waivers of the entity; none by default. */
  waived?: WaiverIndex;
  factMaxAgeHours: number;
  now: Date;
  /** Reuse one across calls to share its per-rule result objects. */
  evaluator?: SubjectEvaluator;
}): EntityContractResult[] {
  const { contracts, entityRef, facts, factMaxAgeHours } = options;
  const evaluator =
    options.evaluator ?? new SubjectEvaluator(contracts, factMaxAgeHours);
  const rows = evaluator.evaluate(
    subjectOf(contracts, options.entity, entityRef),
    facts,
    options.waived ?? new Map(),
    options.now.toISOString(),
  );
  const byName = new Map(contracts.map(c => [c.name, c]));
  return presentResults(
    { contractNamed: name => byName.get(name), factMaxAgeHours },
    entityRef,
    rows,
    facts,
  ).items;
}

import { EntityResultsResponse } from '../api';
import { CompiledContract } from '../contract/compile';
import { DecidingFact } from '../contract/conditions';
import { fillRuleText } from '../contract/ruleText';
import { EntityFacts } from '../facts';
import { factLookup } from './factLookup';
import { EntityResultRow } from './subjectEvaluation';

/**
 * Turns results into the API shape: adds each rule's title, level, category
 * and how-to-fix (for this entity) from its contract, and the facts that
 * decide it with their source and observation time. Evaluation keeps
 * statuses only; the deciding facts are derived here by the same compiled
 * rule from the facts evaluation read, with staleness as of the evaluation.
 * Results of contracts `contractNamed` no longer knows are left out.
 *
 * @public
 */
export function presentResults(
  deps: {
    contractNamed: (name: string) => CompiledContract | undefined;
    factMaxAgeHours: number;
  },
  entityRef: string,
  rows: EntityResultRow[],
  facts: EntityFacts,
): EntityResultsResponse {
  const { contractNamed, factMaxAgeHours } = deps;
  const withOrigin = (deciding: DecidingFact): DecidingFact => {
    const fact =
      deciding.problem === 'missing' ? undefined : facts.get(deciding.fact);
    return fact
      ? { ...deciding, source: fact.source, observedAt: fact.observedAt }
      : deciding;
  };
  return {
    entityRef,
    items: rows.flatMap(row => {
      const contract = contractNamed(row.contract);
      if (!contract) return [];
      const rules = new Map(contract.rules.map(r => [r.rule.id, r]));
      const lookup = factLookup(
        facts,
        new Date(row.evaluatedAt),
        factMaxAgeHours,
      );
      return [
        {
          contract: row.contract,
          ...(contract.document.metadata.title
            ? { contractTitle: contract.document.metadata.title }
            : {}),
          entityRef: row.entityRef,
          score: row.score,
          level: row.level,
          groundRulesMet: row.groundRulesMet,
          counts: row.counts,
          evaluatedAt: row.evaluatedAt,
          rules: row.rules.flatMap(result => {
            const compiled = rules.get(result.ruleId);
            if (!compiled) return [];
            const { rule } = compiled;
            const deciding =
              result.status === 'not-applicable'
                ? []
                : compiled.evaluate(lookup).facts.map(withOrigin);
            return [
              {
                ruleId: rule.id,
                title: rule.title,
                category: rule.category,
                severity: rule.severity,
                level: rule.level,
                weight: rule.weight,
                frameworks: rule.frameworks,
                status: result.status,
                facts: deciding,
                ...(rule.howToFix
                  ? {
                      howToFix: fillRuleText(rule.howToFix, {
                        entityRef: row.entityRef,
                      }),
                    }
                  : {}),
                ...(result.waiverId ? { waiverId: result.waiverId } : {}),
              },
            ];
          }),
        },
      ];
    }),
  };
}

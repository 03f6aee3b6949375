import {
  DecidingFact,
  EntityResultsResponse,
  fillRuleText,
} from '@groundwork/plugin-platform-contract-common';
import { ContractRegistry } from '../contracts/ContractRegistry';
import {
  EntityFacts,
  EntityResultRow,
  PlatformContractStore,
} from '../database/PlatformContractStore';
import { factLookup } from './factLookup';

/**
 * Turns stored results into the API shape: adds each rule's title, level,
 * category and how-to-fix (for this entity) from its contract, and the facts that decide it
 * with their source and observation time. Evaluation stores statuses only;
 * the deciding facts are derived here by the same compiled rule from the
 * fact store, which evaluation read, with staleness as of the evaluation.
 * Results of contracts no longer configured are left out.
 */
export async function presentEntityResults(
  deps: {
    store: PlatformContractStore;
    registry: ContractRegistry;
    factMaxAgeHours: number;
  },
  entityRef: string,
  rows: EntityResultRow[],
): Promise<EntityResultsResponse> {
  const facts =
    (await deps.store.readFacts([entityRef])).get(entityRef) ?? new Map();
  return presentResults(deps, entityRef, rows, facts);
}

/** Results in the API shape, with deciding facts from the facts given (e.g. a proposed entity's, never stored). */
export function presentResults(
  deps: { registry: ContractRegistry; factMaxAgeHours: number },
  entityRef: string,
  rows: EntityResultRow[],
  facts: EntityFacts,
): EntityResultsResponse {
  const { registry, factMaxAgeHours } = deps;
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
      const contract = registry.get(row.contract)?.contract;
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

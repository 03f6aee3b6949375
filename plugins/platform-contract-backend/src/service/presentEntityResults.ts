import {
  DecidingFact,
  EntityResultsResponse,
} from '@groundwork/plugin-platform-contract-common';
import { ContractRegistry } from '../contracts/ContractRegistry';
import {
  EntityResultRow,
  PlatformContractStore,
} from '../database/PlatformContractStore';

/**
 * Turns stored results into the API shape: adds each rule's title, level,
 * category and how-to-fix from its contract, and each deciding fact's source
 * and observation time from the fact store. Results of contracts no longer
 * configured are left out.
 */
export async function presentEntityResults(
  store: PlatformContractStore,
  registry: ContractRegistry,
  entityRef: string,
  rows: EntityResultRow[],
): Promise<EntityResultsResponse> {
  const facts =
    (await store.readFacts([entityRef])).get(entityRef) ?? new Map();
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
      const rules = new Map(contract.rules.map(r => [r.rule.id, r.rule]));
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
            const rule = rules.get(result.ruleId);
            return rule
              ? [
                  {
                    ruleId: rule.id,
                    title: rule.title,
                    category: rule.category,
                    severity: rule.severity,
                    level: rule.level,
                    weight: rule.weight,
                    frameworks: rule.frameworks,
                    status: result.status,
                    facts: result.facts.map(withOrigin),
                    ...(rule.howToFix ? { howToFix: rule.howToFix } : {}),
                    ...(result.waiverId ? { waiverId: result.waiverId } : {}),
                  },
                ]
              : [];
          }),
        },
      ];
    }),
  };
}

import { EntityContractResult } from '../api';
import { CompiledContract } from '../contract/compile';
import { Condition } from '../contract/schema';

/** Every fact name a condition reads. @public */
export function conditionFactNames(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionFactNames);
  if ('any' in condition) return condition.any.flatMap(conditionFactNames);
  if ('not' in condition) return conditionFactNames(condition.not);
  return [condition.fact];
}

/**
 * The facts that the applicable rules of a check read and that the check
 * could not derive, sorted: the facts to explain as unknown.
 *
 * @public
 */
export function underivedFactNames(
  items: EntityContractResult[],
  contractNamed: (name: string) => CompiledContract | undefined,
  facts: { has(name: string): boolean },
): string[] {
  const names = new Set<string>();
  for (const item of items) {
    const rules = contractNamed(item.contract)?.rules;
    for (const result of item.rules) {
      if (result.status === 'not-applicable') continue;
      const rule = rules?.find(r => r.rule.id === result.ruleId)?.rule;
      for (const name of rule ? conditionFactNames(rule.condition) : []) {
        if (!facts.has(name)) names.add(name);
      }
    }
  }
  return [...names].sort();
}

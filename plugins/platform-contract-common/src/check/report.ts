import {
  CheckEntityResponse,
  EntityContractResult,
  UnknownFactNotice,
} from '../api';
import { InputError } from '@backstage/errors';
import { GROUND_LEVEL } from '../contract/schema';

/** Never fail the check, only report. @public */
export const FAIL_ON_NEVER = 'never';

/** One contract's result in short, as the scaffolder action and the CLI report it. @public */
export interface ContractCheckSummary {
  contract: string;
  title: string;
  score: number;
  level: string | null;
  groundRulesMet: boolean;
  failing: Array<{
    ruleId: string;
    title: string;
    level: string;
    howToFix?: string;
  }>;
  unknown: Array<{
    ruleId: string;
    title: string;
    level: string;
    facts: string[];
  }>;
}

/** A failing rule that fails the check under `failOn`. @public */
export interface BlockingRule {
  contract: string;
  ruleId: string;
  title: string;
  level: string;
  howToFix?: string;
}

/** @public */
export function summarize(result: EntityContractResult): ContractCheckSummary {
  return {
    contract: result.contract,
    title: result.contractTitle ?? result.contract,
    score: result.score,
    level: result.level,
    groundRulesMet: result.groundRulesMet,
    failing: result.rules
      .filter(rule => rule.status === 'fail')
      .map(({ ruleId, title, level, howToFix }) => ({
        ruleId,
        title,
        level,
        ...(howToFix && { howToFix }),
      })),
    unknown: result.rules
      .filter(rule => rule.status === 'unknown')
      .map(({ ruleId, title, level, facts }) => {
        const undecided = facts.filter(fact => fact.problem !== undefined);
        return {
          ruleId,
          title,
          level,
          facts: [
            ...new Set(
              (undecided.length ? undecided : facts).map(fact => fact.fact),
            ),
          ],
        };
      }),
  };
}

/**
 * The failing rules that fail the check. `failOn` is `ground`, `never`, or a
 * level name: then every failing rule of that level or below blocks, looked
 * up in each contract's own level order (`levelsByContract`, lowest first).
 * A contract that has no such level is held to its ground rules. Unknown
 * rules never block: their facts only exist once the entity is registered.
 *
 * @public
 */
export function blockingRules(
  summaries: ContractCheckSummary[],
  failOn: string,
  levelsByContract: Map<string, string[]> = new Map(),
): BlockingRule[] {
  if (failOn === FAIL_ON_NEVER) return [];
  return summaries.flatMap(summary => {
    const levels = levelsByContract.get(summary.contract) ?? [];
    const rank = (level: string) =>
      level === GROUND_LEVEL ? 0 : levels.indexOf(level) + 1 || Infinity;
    const limit = failOn === GROUND_LEVEL ? 0 : rank(failOn);
    const cap = limit === Infinity ? 0 : limit;
    return summary.failing
      .filter(rule => rank(rule.level) <= cap)
      .map(rule => ({ contract: summary.title, ...rule }));
  });
}

/** @public */
export const NO_CONTRACT_APPLIES =
  'No platform contract applies to this entity.';

/**
 * The state of a contract's ground rules in words. An unknown ground rule
 * keeps `groundRulesMet` false, but it is not a failing one: a proposed
 * entity's catalog facts are unknown until it is registered, so say so.
 *
 * @public
 */
export function groundRulesStatus(summary: ContractCheckSummary): string {
  if (summary.groundRulesMet) return 'ground rules met';
  const ground = (rules: Array<{ level: string }>) =>
    rules.filter(rule => rule.level === GROUND_LEVEL).length;
  const failing = ground(summary.failing);
  const unknown = ground(summary.unknown);
  if (failing === 0 && unknown > 0) {
    return `ground rules: none failing, ${unknown} unknown`;
  }
  return `ground rules not met (${failing} failing${
    unknown ? `, ${unknown} unknown` : ''
  })`;
}

/** One line per contract: its score, level and ground rules. @public */
export function headline(summary: ContractCheckSummary) {
  return `${summary.title}: score ${summary.score}, level ${
    summary.level ?? 'none'
  }, ${groundRulesStatus(summary)}`;
}

/** The report written for a person (task log, terminal): one block per contract. @public */
export function reportLines(
  summaries: ContractCheckSummary[],
  unknownFacts: CheckEntityResponse['unknownFacts'],
): string[] {
  if (summaries.length === 0) {
    return [NO_CONTRACT_APPLIES];
  }
  const notices = new Map<string, UnknownFactNotice>(
    unknownFacts.map(notice => [notice.name, notice]),
  );
  return summaries.flatMap(summary => [
    headline(summary),
    ...summary.failing.map(
      rule =>
        `  FAIL [${rule.level}] ${rule.ruleId} "${rule.title}": ${
          rule.howToFix ?? 'the contract gives no fix; see its documentation'
        }`,
    ),
    ...summary.unknown.map(
      rule =>
        `  UNKNOWN ${rule.ruleId} "${rule.title}": ${rule.facts
          .map(fact => {
            const notice = notices.get(fact);
            return notice
              ? `${fact} ${notice.reason} (${notice.source})`
              : `${fact} is not known yet`;
          })
          .join('; ')}`,
    ),
  ]);
}

/**
 * Each contract's levels, lowest first, for `blockingRules`; refuses a
 * `failOn` level that no contract has.
 *
 * @public
 */
export function failOnLevels(
  contracts: Array<{ name: string; levels: string[] }>,
  failOn: string,
): Map<string, string[]> {
  const levels = new Map(contracts.map(c => [c.name, c.levels]));
  if (
    failOn !== GROUND_LEVEL &&
    failOn !== FAIL_ON_NEVER &&
    ![...levels.values()].some(names => names.includes(failOn))
  ) {
    const known = [...new Set([...levels.values()].flat())];
    throw new InputError(
      `failOn '${failOn}' is not a level of any platform contract. Use '${GROUND_LEVEL}', '${FAIL_ON_NEVER}'${
        known.length ? ` or one of: ${known.join(', ')}` : ''
      }.`,
    );
  }
  return levels;
}

import { CompiledContract } from './compile';

/**
 * The status of one rule for one entity.
 *
 * @public
 */
export type RuleStatus =
  | 'pass'
  | 'fail'
  | 'unknown'
  | 'waived'
  | 'not-applicable';

/**
 * Rule results per status. `not-applicable` is counted for one entity's
 * results only; roll-ups leave it out (the field is absent there).
 *
 * @public
 */
export interface StatusCounts {
  pass: number;
  fail: number;
  unknown: number;
  waived: number;
  'not-applicable'?: number;
}

/**
 * How one entity does against one contract.
 *
 * @public
 */
export interface EntityScore {
  /** Weighted share of passed or waived rules among the applicable ones, 0–100. */
  score: number;
  /** The highest level whose rules, and all rules below, pass or are waived. */
  level: string | null;
  groundRulesMet: boolean;
  counts: StatusCounts;
}

const satisfied = (status: RuleStatus) =>
  status === 'pass' || status === 'waived';

/**
 * Scores an entity from its rule statuses, given in the order of
 * `contract.rules`. `not-applicable` rules count neither towards the score
 * nor against a level.
 *
 * @public
 */
export function scoreEntity(
  contract: CompiledContract,
  statuses: RuleStatus[],
): EntityScore {
  const counts: Required<StatusCounts> = {
    pass: 0,
    fail: 0,
    unknown: 0,
    waived: 0,
    'not-applicable': 0,
  };
  const levelCount = contract.document.spec.levels.length;
  // The lowest rank with an unsatisfied rule caps the level reached.
  let firstUnsatisfiedRank = levelCount + 1;
  let total = 0;
  let achieved = 0;
  contract.rules.forEach(({ rule, rank }, index) => {
    const status = statuses[index];
    counts[status] += 1;
    if (status === 'not-applicable') return;
    total += rule.weight;
    if (satisfied(status)) {
      achieved += rule.weight;
    } else if (rank < firstUnsatisfiedRank) {
      firstUnsatisfiedRank = rank;
    }
  });
  const reachedRank = firstUnsatisfiedRank - 1;
  return {
    score: total ? Math.round((achieved / total) * 1000) / 10 : 100,
    level:
      reachedRank >= 1
        ? contract.document.spec.levels[reachedRank - 1].name
        : null,
    groundRulesMet: firstUnsatisfiedRank > 0,
    counts,
  };
}

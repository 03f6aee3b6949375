import {
  CompiledContract,
  HeatmapCell,
  RollupType,
  RuleFailureSummary,
  StatusCounts,
} from '@groundwork/plugin-platform-contract-common';
import {
  EntityResultRow,
  StoredRollup,
} from '../database/PlatformContractStore';

/** Where an evaluated entity sits in the organisation. */
export interface EntityPlacement {
  owner?: string;
  system?: string;
}

/** The catalog structure roll-ups walk. */
export interface Organization {
  /** Parent group of each group. */
  parentOf: Map<string, string>;
  /** Domain of each system. */
  domainOf: Map<string, string>;
}

/** The ref of the single organisation-wide roll-up. */
export const ORGANIZATION_REF = 'all';

const emptyCounts = (): StatusCounts => ({
  pass: 0,
  fail: 0,
  unknown: 0,
  waived: 0,
});

/** The statuses roll-ups count; `not-applicable` is left out. */
const ROLLED_UP_STATUSES = ['pass', 'fail', 'unknown', 'waived'] as const;
type RolledUpStatus = (typeof ROLLED_UP_STATUSES)[number];

interface Accumulator {
  type: RollupType;
  ref: string;
  scoreSum: number;
  weightTotal: number;
  weightSatisfied: number;
  /** Entity-contract results counted; each row is counted once per roll-up. */
  entityCount: number;
  groundRulesMetCount: number;
  levels: Record<string, number>;
  counts: StatusCounts;
  /** Per contract, one summary per rule and the category cell of each rule, by rule index. */
  byContract: Map<string, Breakdown>;
  categories: Map<string, CategoryTally>;
}

interface Breakdown {
  summaries: RuleFailureSummary[];
  cells: CategoryTally[];
}

interface CategoryTally {
  satisfied: number;
  total: number;
}

function newAccumulator(type: RollupType, ref: string): Accumulator {
  return {
    type,
    ref,
    scoreSum: 0,
    weightTotal: 0,
    weightSatisfied: 0,
    entityCount: 0,
    groundRulesMetCount: 0,
    levels: {},
    counts: emptyCounts(),
    byContract: new Map(),
    categories: new Map(),
  };
}

function breakdownOf(
  acc: Accumulator,
  contract: string,
  rules: CompiledContract['rules'],
): Breakdown {
  let breakdown = acc.byContract.get(contract);
  if (!breakdown) {
    breakdown = {
      summaries: rules.map(({ rule }) => ({
        contract,
        ruleId: rule.id,
        title: rule.title,
        level: rule.level,
        category: rule.category,
        ...emptyCounts(),
        entityCount: 0,
      })),
      cells: rules.map(({ rule }) => {
        let cell = acc.categories.get(rule.category);
        if (!cell)
          acc.categories.set(
            rule.category,
            (cell = { satisfied: 0, total: 0 }),
          );
        return cell;
      }),
    };
    acc.byContract.set(contract, breakdown);
  }
  return breakdown;
}

function countStatus(counts: StatusCounts, status: RolledUpStatus) {
  switch (status) {
    case 'pass':
      counts.pass += 1;
      break;
    case 'fail':
      counts.fail += 1;
      break;
    case 'unknown':
      counts.unknown += 1;
      break;
    default:
      counts.waived += 1;
  }
}

/** Counts one entity-contract result into an entity roll-up. */
function countRow(acc: Accumulator, row: EntityResultRow) {
  acc.scoreSum += row.score;
  acc.entityCount += 1;
  if (row.groundRulesMet) acc.groundRulesMetCount += 1;
  const level = row.level ?? 'none';
  acc.levels[level] = (acc.levels[level] ?? 0) + 1;
  for (const status of ROLLED_UP_STATUSES) {
    acc.counts[status] += row.counts[status];
  }
}

/** Counts one rule result into a roll-up's per-rule and per-category breakdown. */
function tallyRule(
  { summaries, cells }: Breakdown,
  index: number,
  status: RolledUpStatus,
  satisfied: boolean,
) {
  const summary = summaries[index];
  countStatus(summary, status);
  summary.entityCount += 1;
  const cell = cells[index];
  cell.total += 1;
  if (satisfied) cell.satisfied += 1;
}

/** Adds everything `from` counted into `into` (entity roll-ups only). */
function mergeInto(
  into: Accumulator,
  from: Accumulator,
  contracts: Map<string, CompiledContract>,
) {
  into.scoreSum += from.scoreSum;
  into.entityCount += from.entityCount;
  into.groundRulesMetCount += from.groundRulesMetCount;
  for (const [level, n] of Object.entries(from.levels)) {
    into.levels[level] = (into.levels[level] ?? 0) + n;
  }
  for (const status of ROLLED_UP_STATUSES) {
    into.counts[status] += from.counts[status];
  }
  for (const [name, source] of from.byContract) {
    const target = breakdownOf(into, name, contracts.get(name)!.rules);
    source.summaries.forEach((summary, index) => {
      const sum = target.summaries[index];
      for (const status of ROLLED_UP_STATUSES) sum[status] += summary[status];
      sum.entityCount += summary.entityCount;
    });
  }
  for (const [category, tally] of from.categories) {
    const cell = into.categories.get(category)!;
    cell.satisfied += tally.satisfied;
    cell.total += tally.total;
  }
}

/**
 * Aggregates entity results: entities count towards their owner group and
 * every ancestor group, their system, its domain and the organisation; rule
 * results count towards each framework and category of the rule. Entity
 * roll-ups also break results down per rule and per category.
 *
 * Each row is counted once into its owner group (or the unowned) and its
 * system; ancestor groups, domains, the organisation and then categories
 * and frameworks are summed from those, so the work per row grows with
 * neither the depth of the organisation nor the tags of the rules.
 */
export function computeRollups(
  rows: EntityResultRow[],
  placements: Map<string, EntityPlacement>,
  contracts: Map<string, CompiledContract>,
  organization: Organization,
  evaluatedAt: string,
): StoredRollup[] {
  const accumulators = new Map<string, Accumulator>();
  const get = (type: RollupType, ref: string) => {
    const key = `${type}|${ref}`;
    let acc = accumulators.get(key);
    if (!acc) accumulators.set(key, (acc = newAccumulator(type, ref)));
    return acc;
  };
  /** What each group owns and each system holds directly, before summing up the hierarchy. */
  const direct = new Map<string, Accumulator>();
  const getDirect = (type: 'group' | 'system', ref: string) => {
    let acc = direct.get(ref);
    if (!acc) direct.set(ref, (acc = newAccumulator(type, ref)));
    return acc;
  };

  // Per contract, each rule's category/framework roll-ups, and the rules
  // behind each of those, resolved once rather than per entity.
  const plans = new Map(
    [...contracts.values()].map(contract => {
      const ruleTargets = contract.rules.map(({ rule }) => [
        get('category', rule.category),
        ...rule.frameworks.map(f => get('framework', f)),
      ]);
      const rulesOf = new Map<Accumulator, number[]>();
      ruleTargets.forEach((targets, index) => {
        for (const acc of targets) {
          rulesOf.set(acc, [...(rulesOf.get(acc) ?? []), index]);
        }
      });
      return [
        contract.name,
        {
          contract,
          ruleTargets,
          targets: [...rulesOf.keys()],
          rulesOfTargets: [...rulesOf.values()],
        },
      ] as const;
    }),
  );
  /** Rows without an owner group: counted in the organisation only. */
  const unowned = newAccumulator('group', '');

  // Plain loops, no closures, named counters: this runs per entity × rule.
  const counted: boolean[] = [];
  for (const row of rows) {
    const plan = plans.get(row.contract);
    if (!plan) continue;
    const { rules } = plan.contract;
    const results = row.rules;
    // Results stored for the rules of the contract as loaded, and applicable.
    for (let index = 0; index < rules.length; index++) {
      const result = results[index];
      counted[index] =
        result !== undefined &&
        result.ruleId === rules[index].rule.id &&
        result.status !== 'not-applicable';
    }
    const placement = placements.get(row.entityRef);
    const ownerAcc = placement?.owner?.startsWith('group:')
      ? getDirect('group', placement.owner)
      : unowned;
    const systemAcc = placement?.system
      ? getDirect('system', placement.system)
      : undefined;
    countRow(ownerAcc, row);
    if (systemAcc) countRow(systemAcc, row);
    // A category or framework counts the entities it reached, each once.
    const { targets, rulesOfTargets } = plan;
    for (let t = 0; t < targets.length; t++) {
      const indexes = rulesOfTargets[t];
      for (let i = 0; i < indexes.length; i++) {
        if (counted[indexes[i]]) {
          targets[t].entityCount += 1;
          break;
        }
      }
    }
    const ofOwner = breakdownOf(ownerAcc, row.contract, rules);
    const ofSystem = systemAcc
      ? breakdownOf(systemAcc, row.contract, rules)
      : undefined;
    for (let index = 0; index < rules.length; index++) {
      if (!counted[index]) continue;
      const status = results[index].status as RolledUpStatus;
      const satisfied = status === 'pass' || status === 'waived';
      tallyRule(ofOwner, index, status, satisfied);
      if (ofSystem) tallyRule(ofSystem, index, status, satisfied);
    }
  }

  // The organisation is every owner group's own results plus the unowned.
  const organizationAcc = get('organization', ORGANIZATION_REF);
  for (const acc of [...direct.values(), unowned]) {
    if (acc.type === 'group') mergeInto(organizationAcc, acc, contracts);
  }
  // Categories and frameworks sum the organisation's per-rule results.
  for (const [name, { summaries }] of organizationAcc.byContract) {
    const { contract, ruleTargets } = plans.get(name)!;
    summaries.forEach((summary, index) => {
      const { weight } = contract.rules[index].rule;
      for (const acc of ruleTargets[index]) {
        acc.weightTotal += weight * summary.entityCount;
        acc.weightSatisfied += weight * (summary.pass + summary.waived);
        for (const status of ROLLED_UP_STATUSES) {
          acc.counts[status] += summary[status];
        }
      }
    });
  }

  for (const acc of direct.values()) {
    if (acc.type === 'system') {
      mergeInto(get('system', acc.ref), acc, contracts);
      const domain = organization.domainOf.get(acc.ref);
      if (domain) mergeInto(get('domain', domain), acc, contracts);
      continue;
    }
    // The owner group and each ancestor; guards against cycles in a malformed hierarchy.
    const visited = new Set<string>();
    for (
      let group: string | undefined = acc.ref;
      group && !visited.has(group);
      group = organization.parentOf.get(group)
    ) {
      visited.add(group);
      if (group.startsWith('group:')) {
        mergeInto(get('group', group), acc, contracts);
      }
    }
  }

  // Rule roll-ups are created up front; drop those no entity reached.
  const reached = [...accumulators.values()].filter(acc => acc.entityCount > 0);
  const round = (n: number) => Math.round(n * 10) / 10;
  return reached.map(acc => {
    const byRules = acc.type === 'framework' || acc.type === 'category';
    const score = byRules
      ? (acc.weightSatisfied / acc.weightTotal) * 100
      : acc.scoreSum / acc.entityCount;
    const categories: StoredRollup['categories'] = {};
    for (const [category, { satisfied, total }] of acc.categories) {
      // Every result in the category was not-applicable.
      if (total === 0) continue;
      const cell: HeatmapCell = {
        score: round((satisfied / total) * 100),
        satisfied,
        total,
      };
      categories[category] = cell;
    }
    return {
      rollup: {
        type: acc.type,
        ref: acc.ref,
        score: round(score),
        entityCount: acc.entityCount,
        groundRulesMetCount: acc.groundRulesMetCount,
        levels: acc.levels,
        counts: acc.counts,
        evaluatedAt,
      },
      rules: [...acc.byContract.values()]
        .flatMap(b => b.summaries)
        .filter(r => r.entityCount > 0)
        .sort(
          (a, b) =>
            b.fail - a.fail ||
            b.unknown - a.unknown ||
            a.ruleId.localeCompare(b.ruleId),
        ),
      categories,
    };
  });
}

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

interface Accumulator {
  type: RollupType;
  ref: string;
  scoreSum: number;
  weightTotal: number;
  weightSatisfied: number;
  entities: Set<string>;
  groundRulesMetCount: number;
  levels: Record<string, number>;
  counts: StatusCounts;
  /** Per contract, one summary per rule and the category cell of each rule, by rule index. */
  byContract: Map<
    string,
    { summaries: RuleFailureSummary[]; cells: CategoryTally[] }
  >;
  categories: Map<string, CategoryTally>;
}

interface CategoryTally {
  satisfied: number;
  total: number;
}

/**
 * Aggregates entity results: entities count towards their owner group and
 * every ancestor group, their system, its domain and the organisation; rule
 * results count towards each framework and category of the rule. Entity
 * roll-ups also break results down per rule and per category.
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
    if (!acc) {
      acc = {
        type,
        ref,
        scoreSum: 0,
        weightTotal: 0,
        weightSatisfied: 0,
        entities: new Set(),
        groundRulesMetCount: 0,
        levels: {},
        counts: emptyCounts(),
        byContract: new Map(),
        categories: new Map(),
      };
      accumulators.set(key, acc);
    }
    return acc;
  };

  // Per contract, each rule's summary key and its category/framework roll-ups,
  // resolved once rather than per entity.
  const ruleInfo = new Map(
    [...contracts.values()].map(contract => [
      contract.name,
      contract.rules.map(({ rule }) => ({
        rule,
        targets: [
          get('category', rule.category),
          ...rule.frameworks.map(f => get('framework', f)),
        ],
      })),
    ]),
  );

  for (const row of rows) {
    const rulesOfContract = ruleInfo.get(row.contract);
    if (!rulesOfContract) continue;
    const subject = `${row.contract}|${row.entityRef}`;
    const placement = placements.get(row.entityRef) ?? {};
    const targets = [get('organization', ORGANIZATION_REF)];
    // Guard against cycles in a malformed hierarchy.
    const visited = new Set<string>();
    for (
      let group = placement.owner;
      group && !visited.has(group);
      group = organization.parentOf.get(group)
    ) {
      visited.add(group);
      if (group.startsWith('group:')) targets.push(get('group', group));
    }
    if (placement.system) {
      targets.push(get('system', placement.system));
      const domain = organization.domainOf.get(placement.system);
      if (domain) targets.push(get('domain', domain));
    }
    const breakdowns = targets.map(acc => {
      let breakdown = acc.byContract.get(row.contract);
      if (!breakdown) {
        breakdown = {
          summaries: rulesOfContract.map(({ rule }) => ({
            contract: row.contract,
            ruleId: rule.id,
            title: rule.title,
            level: rule.level,
            category: rule.category,
            ...emptyCounts(),
            entityCount: 0,
          })),
          cells: rulesOfContract.map(({ rule }) => {
            let cell = acc.categories.get(rule.category);
            if (!cell)
              acc.categories.set(
                rule.category,
                (cell = { satisfied: 0, total: 0 }),
              );
            return cell;
          }),
        };
        acc.byContract.set(row.contract, breakdown);
      }
      return breakdown;
    });
    for (const acc of targets) {
      acc.scoreSum += row.score;
      acc.entities.add(subject);
      if (row.groundRulesMet) acc.groundRulesMetCount += 1;
      const level = row.level ?? 'none';
      acc.levels[level] = (acc.levels[level] ?? 0) + 1;
      for (const status of ROLLED_UP_STATUSES) {
        acc.counts[status] += row.counts[status];
      }
    }
    row.rules.forEach((result, index) => {
      const info = rulesOfContract[index];
      if (info?.rule.id !== result.ruleId) return;
      // Not-applicable results count nowhere in roll-ups.
      if (result.status === 'not-applicable') return;
      const { rule } = info;
      const satisfied = result.status === 'pass' || result.status === 'waived';
      for (const acc of info.targets) {
        acc.entities.add(subject);
        acc.weightTotal += rule.weight;
        if (satisfied) acc.weightSatisfied += rule.weight;
        acc.counts[result.status] += 1;
      }
      for (const { summaries, cells } of breakdowns) {
        const summary = summaries[index];
        summary[result.status] += 1;
        summary.entityCount += 1;
        cells[index].total += 1;
        if (satisfied) cells[index].satisfied += 1;
      }
    });
  }

  // Rule roll-ups are created up front; drop those no entity reached.
  const reached = [...accumulators.values()].filter(
    acc => acc.entities.size > 0,
  );
  const round = (n: number) => Math.round(n * 10) / 10;
  return reached.map(acc => {
    const byRules = acc.type === 'framework' || acc.type === 'category';
    const score = byRules
      ? (acc.weightSatisfied / acc.weightTotal) * 100
      : acc.scoreSum / acc.entities.size;
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
        entityCount: acc.entities.size,
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

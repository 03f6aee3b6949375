import {
  CompiledContract,
  Rollup,
  RollupType,
  StatusCounts,
} from '@groundwork/plugin-platform-contract-common';
import { EntityResultRow } from '../database/PlatformContractStore';

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
}

/**
 * Aggregates entity results: entities count towards their owner group and
 * every ancestor group, their system, its domain and the organisation; rule
 * results count towards each framework and category of the rule.
 */
export function computeRollups(
  rows: EntityResultRow[],
  placements: Map<string, EntityPlacement>,
  contracts: Map<string, CompiledContract>,
  organization: Organization,
  evaluatedAt: string,
): Rollup[] {
  const accumulators = new Map<string, Accumulator>();
  const get = (type: RollupType, ref: string) => {
    const key = `${type}|${ref}`;
    let acc = accumulators.get(key);
    if (!acc) {
      acc = {
        type, ref, scoreSum: 0, weightTotal: 0, weightSatisfied: 0,
        entities: new Set(), groundRulesMetCount: 0, levels: {},
        counts: { pass: 0, fail: 0, unknown: 0, waived: 0 },
      };
      accumulators.set(key, acc);
    }
    return acc;
  };

  for (const row of rows) {
    const contract = contracts.get(row.contract);
    if (!contract) continue;
    const placement = placements.get(row.entityRef) ?? {};
    const targets: Array<[RollupType, string]> = [['organization', ORGANIZATION_REF]];
    // Guard against cycles in a malformed hierarchy.
    const visited = new Set<string>();
    for (let group = placement.owner; group && !visited.has(group); group = organization.parentOf.get(group)) {
      visited.add(group);
      if (group.startsWith('group:')) targets.push(['group', group]);
    }
    if (placement.system) {
      targets.push(['system', placement.system]);
      const domain = organization.domainOf.get(placement.system);
      if (domain) targets.push(['domain', domain]);
    }
    for (const [type, ref] of targets) {
      const acc = get(type, ref);
      acc.scoreSum += row.score;
      acc.entities.add(`${row.contract}|${row.entityRef}`);
      if (row.groundRulesMet) acc.groundRulesMetCount += 1;
      const level = row.level ?? 'none';
      acc.levels[level] = (acc.levels[level] ?? 0) + 1;
      for (const status of Object.keys(acc.counts) as Array<keyof StatusCounts>) {
        acc.counts[status] += row.counts[status];
      }
    }
    row.rules.forEach((result, index) => {
      const rule = contract.rules[index]?.rule;
      if (rule?.id !== result.ruleId) return;
      const satisfied = result.status === 'pass' || result.status === 'waived';
      for (const [type, ref] of [
        ['category', rule.category] as const,
        ...rule.frameworks.map(f => ['framework', f] as const),
      ]) {
        const acc = get(type, ref);
        acc.entities.add(`${row.contract}|${row.entityRef}`);
        acc.weightTotal += rule.weight;
        if (satisfied) acc.weightSatisfied += rule.weight;
        acc.counts[result.status] += 1;
      }
    });
  }

  return [...accumulators.values()].map(acc => {
    const byRules = acc.type === 'framework' || acc.type === 'category';
    const score = byRules
      ? (acc.weightSatisfied / acc.weightTotal) * 100
      : acc.scoreSum / acc.entities.size;
    return {
      type: acc.type,
      ref: acc.ref,
      score: Math.round(score * 10) / 10,
      entityCount: acc.entities.size,
      groundRulesMetCount: acc.groundRulesMetCount,
      levels: acc.levels,
      counts: acc.counts,
      evaluatedAt,
    };
  });
}

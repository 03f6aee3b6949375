import {
  CompiledContract,
  HeatmapCell,
  RollupType,
  RuleFailureSummary,
  RuleStatus,
  StatusCounts,
} from '@groundwork/plugin-platform-contract-common';
import {
  EntityPlacement,
  EntityResultRow,
  Organization,
  PlacedResultRow,
  StoredRollup,
} from '../database/PlatformContractStore';

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
const PASS = 0;
const FAIL = 1;
const UNKNOWN = 2;
const WAIVED = 3;
/** Slots per rule in a breakdown's tally: one per rolled-up status. */
const STATUS_SLOTS = ROLLED_UP_STATUSES.length;

/** The tally slot of a status, or -1 for `not-applicable`. */
function statusSlot(status: RuleStatus): number {
  switch (status) {
    case 'pass':
      return PASS;
    case 'fail':
      return FAIL;
    case 'unknown':
      return UNKNOWN;
    case 'not-applicable':
      return -1;
    default:
      return WAIVED;
  }
}

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
  /** Per contract, the results of each rule. */
  byContract: Map<string, Breakdown>;
  /**
   * The categories of the contracts counted, in the order first met; their
   * cells are summed from `byContract` once all rows are counted.
   */
  categories: Map<string, CategoryTally>;
}

/**
 * One contract's rule results in a roll-up: a flat counter array, so the
 * per entity × rule work is a single increment; summaries and category
 * cells are built from it at the end.
 */
interface Breakdown {
  contract: CompiledContract;
  /** `tally[ruleIndex * STATUS_SLOTS + statusSlot]`. */
  tally: Int32Array;
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

function breakdownOf(acc: Accumulator, contract: CompiledContract): Breakdown {
  let breakdown = acc.byContract.get(contract.name);
  if (!breakdown) {
    breakdown = {
      contract,
      tally: new Int32Array(contract.rules.length * STATUS_SLOTS),
    };
    acc.byContract.set(contract.name, breakdown);
    for (const { rule } of contract.rules) {
      if (!acc.categories.has(rule.category)) {
        acc.categories.set(rule.category, { satisfied: 0, total: 0 });
      }
    }
  }
  return breakdown;
}

/** Counts one entity-contract result into an entity roll-up. */
function countRow(acc: Accumulator, row: EntityResultRow) {
  acc.scoreSum += row.score;
  acc.entityCount += 1;
  if (row.groundRulesMet) acc.groundRulesMetCount += 1;
  const level = row.level ?? 'none';
  acc.levels[level] = (acc.levels[level] ?? 0) + 1;
  const { counts } = row;
  acc.counts.pass += counts.pass;
  acc.counts.fail += counts.fail;
  acc.counts.unknown += counts.unknown;
  acc.counts.waived += counts.waived;
}

/** Adds everything `from` counted into `into` (entity roll-ups only). */
function mergeInto(into: Accumulator, from: Accumulator) {
  into.scoreSum += from.scoreSum;
  into.entityCount += from.entityCount;
  into.groundRulesMetCount += from.groundRulesMetCount;
  for (const [level, n] of Object.entries(from.levels)) {
    into.levels[level] = (into.levels[level] ?? 0) + n;
  }
  for (const status of ROLLED_UP_STATUSES) {
    into.counts[status] += from.counts[status];
  }
  for (const source of from.byContract.values()) {
    const target = breakdownOf(into, source.contract).tally;
    const { tally } = source;
    for (let i = 0; i < tally.length; i++) target[i] += tally[i];
  }
}

/** One rule's counts in a breakdown's tally. */
function ruleCounts(tally: Int32Array, index: number): StatusCounts {
  const slot = index * STATUS_SLOTS;
  return {
    pass: tally[slot + PASS],
    fail: tally[slot + FAIL],
    unknown: tally[slot + UNKNOWN],
    waived: tally[slot + WAIVED],
  };
}

/**
 * An entity roll-up's per-rule summaries; also fills its category cells
 * from the same tallies.
 */
function summarize(acc: Accumulator): RuleFailureSummary[] {
  const summaries: RuleFailureSummary[] = [];
  for (const { contract, tally } of acc.byContract.values()) {
    contract.rules.forEach(({ rule }, index) => {
      const { pass, fail, unknown, waived } = ruleCounts(tally, index);
      const entityCount = pass + fail + unknown + waived;
      const cell = acc.categories.get(rule.category)!;
      cell.total += entityCount;
      cell.satisfied += pass + waived;
      if (entityCount === 0) return;
      summaries.push({
        contract: contract.name,
        ruleId: rule.id,
        title: rule.title,
        level: rule.level,
        category: rule.category,
        pass,
        fail,
        unknown,
        waived,
        entityCount,
      });
    });
  }
  return summaries;
}

/**
 * The rank of each rule id in `localeCompare` order, ids comparing equal
 * sharing one: sorting every roll-up's summaries then compares numbers
 * instead of calling the collator per pair, in the same order.
 */
function localeRanks(
  contracts: Map<string, CompiledContract>,
): Map<string, number> {
  const ids = [
    ...new Set(
      [...contracts.values()].flatMap(c => c.rules.map(({ rule }) => rule.id)),
    ),
  ].sort((x, y) => x.localeCompare(y));
  const ranks = new Map<string, number>();
  ids.forEach((id, index) => {
    const previous = ids[index - 1];
    ranks.set(
      id,
      previous !== undefined && previous.localeCompare(id) === 0
        ? ranks.get(previous)!
        : index,
    );
  });
  return ranks;
}

interface ContractPlan {
  contract: CompiledContract;
  ruleIds: string[];
  /** Each rule's category and framework roll-ups. */
  ruleTargets: Accumulator[][];
  /** The category and framework roll-ups of the contract, and the rules behind each. */
  targets: Accumulator[];
  rulesOfTargets: number[][];
}

/**
 * Aggregates entity results: entities count towards their owner group and
 * every ancestor group, their system, its domain and the organisation; rule
 * results count towards each framework and category of the rule. Entity
 * roll-ups also break results down per rule and per category.
 *
 * Rows are added one at a time, so a full run counts each batch as it
 * arrives. Each row is counted once into its owner group (or the unowned)
 * and its system; `finish` sums ancestor groups, domains, the organisation
 * and then categories and frameworks from those, so the work per row grows
 * with neither the depth of the organisation nor the tags of the rules.
 */
export class RollupTally {
  private readonly accumulators = new Map<string, Accumulator>();
  /** What each group owns and each system holds directly, before summing up the hierarchy. */
  private readonly direct = new Map<string, Accumulator>();
  /** Rows without an owner group: counted in the organisation only. */
  private readonly unowned = newAccumulator('group', '');
  private readonly plans: Map<string, ContractPlan>;
  /** The tally slot of each rule's result in the row being added; -1 when it is not counted. */
  private readonly slots: number[] = [];

  constructor(private readonly contracts: Map<string, CompiledContract>) {
    // Per contract, each rule's category/framework roll-ups, and the rules
    // behind each of those, resolved once rather than per entity.
    this.plans = new Map(
      [...contracts.values()].map(contract => {
        const ruleTargets = contract.rules.map(({ rule }) => [
          this.get('category', rule.category),
          ...rule.frameworks.map(f => this.get('framework', f)),
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
            ruleIds: contract.rules.map(({ rule }) => rule.id),
            ruleTargets,
            targets: [...rulesOf.keys()],
            rulesOfTargets: [...rulesOf.values()],
          },
        ] as const;
      }),
    );
  }

  /** Counts one entity-contract result. Plain loops, no closures: this runs per entity × rule. */
  add(row: EntityResultRow, placement: EntityPlacement | undefined) {
    const plan = this.plans.get(row.contract);
    if (!plan) return;
    const { slots } = this;
    const { contract, ruleIds } = plan;
    const results = row.rules;
    // Results stored for the rules of the contract as loaded, and applicable.
    for (let index = 0; index < ruleIds.length; index++) {
      const result = results[index];
      slots[index] =
        result !== undefined && result.ruleId === ruleIds[index]
          ? statusSlot(result.status)
          : -1;
    }
    const ownerAcc = placement?.owner?.startsWith('group:')
      ? this.getDirect('group', placement.owner)
      : this.unowned;
    const systemAcc = placement?.system
      ? this.getDirect('system', placement.system)
      : undefined;
    countRow(ownerAcc, row);
    if (systemAcc) countRow(systemAcc, row);
    // A category or framework counts the entities it reached, each once.
    const { targets, rulesOfTargets } = plan;
    for (let t = 0; t < targets.length; t++) {
      const indexes = rulesOfTargets[t];
      for (let i = 0; i < indexes.length; i++) {
        if (slots[indexes[i]] >= 0) {
          targets[t].entityCount += 1;
          break;
        }
      }
    }
    const ofOwner = breakdownOf(ownerAcc, contract).tally;
    const ofSystem = systemAcc
      ? breakdownOf(systemAcc, contract).tally
      : undefined;
    for (let index = 0; index < ruleIds.length; index++) {
      const slot = slots[index];
      if (slot < 0) continue;
      const at = index * STATUS_SLOTS + slot;
      ofOwner[at] += 1;
      if (ofSystem) ofSystem[at] += 1;
    }
  }

  /** The roll-ups of every row added. */
  finish(organization: Organization, evaluatedAt: string): StoredRollup[] {
    const { direct, plans } = this;
    // The organisation is every owner group's own results plus the unowned.
    const organizationAcc = this.get('organization', ORGANIZATION_REF);
    for (const acc of [...direct.values(), this.unowned]) {
      if (acc.type === 'group') mergeInto(organizationAcc, acc);
    }
    // Categories and frameworks sum the organisation's per-rule results.
    for (const [name, { tally }] of organizationAcc.byContract) {
      const { contract, ruleTargets } = plans.get(name)!;
      contract.rules.forEach(({ rule }, index) => {
        const { pass, fail, unknown, waived } = ruleCounts(tally, index);
        for (const acc of ruleTargets[index]) {
          acc.weightTotal += rule.weight * (pass + fail + unknown + waived);
          acc.weightSatisfied += rule.weight * (pass + waived);
          acc.counts.pass += pass;
          acc.counts.fail += fail;
          acc.counts.unknown += unknown;
          acc.counts.waived += waived;
        }
      });
    }

    for (const acc of direct.values()) {
      if (acc.type === 'system') {
        mergeInto(this.get('system', acc.ref), acc);
        const domain = organization.domainOf.get(acc.ref);
        if (domain) mergeInto(this.get('domain', domain), acc);
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
          mergeInto(this.get('group', group), acc);
        }
      }
    }

    // Rule roll-ups are created up front; drop those no entity reached.
    const reached = [...this.accumulators.values()].filter(
      acc => acc.entityCount > 0,
    );
    const round = (n: number) => Math.round(n * 10) / 10;
    const idRanks = localeRanks(this.contracts);
    return reached.map(acc => {
      const byRules = acc.type === 'framework' || acc.type === 'category';
      const score = byRules
        ? (acc.weightSatisfied / acc.weightTotal) * 100
        : acc.scoreSum / acc.entityCount;
      const rules = summarize(acc);
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
        rules: rules.sort(
          (a, b) =>
            b.fail - a.fail ||
            b.unknown - a.unknown ||
            idRanks.get(a.ruleId)! - idRanks.get(b.ruleId)!,
        ),
        categories,
      };
    });
  }

  private get(type: RollupType, ref: string) {
    const key = `${type}|${ref}`;
    let acc = this.accumulators.get(key);
    if (!acc) this.accumulators.set(key, (acc = newAccumulator(type, ref)));
    return acc;
  }

  private getDirect(type: 'group' | 'system', ref: string) {
    let acc = this.direct.get(ref);
    if (!acc) this.direct.set(ref, (acc = newAccumulator(type, ref)));
    return acc;
  }
}

/** The roll-ups of stored results, each counted where its entity sat when evaluated; see {@link RollupTally}. */
export function computeRollups(
  rows: PlacedResultRow[],
  contracts: Map<string, CompiledContract>,
  organization: Organization,
  evaluatedAt: string,
): StoredRollup[] {
  const tally = new RollupTally(contracts);
  for (const row of rows) tally.add(row, row.placement);
  return tally.finish(organization, evaluatedAt);
}

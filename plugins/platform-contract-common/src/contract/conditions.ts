import { getJsonValueAtPath } from '@backstage/filter-predicates';
import { Range } from 'semver';
import { Fact, FactLookup, FactValue } from '../facts';
import { Condition, FactCondition } from './schema';

/**
 * Outcome of a condition: `unknown` when a fact it needs is missing or stale,
 * so that missing data never counts as a pass.
 *
 * @public
 */
export type ConditionStatus = 'pass' | 'fail' | 'unknown';

/**
 * A fact that decided a condition's outcome.
 *
 * @public
 */
export interface DecidingFact {
  fact: string;
  path?: string;
  /** The value tested; absent when the fact is missing. */
  value?: FactValue;
  /** Where and when the fact was observed; filled in by the API, not stored with results. */
  source?: string;
  observedAt?: string;
  problem?: 'missing' | 'stale';
}

/** @public */
export interface ConditionOutcome {
  status: ConditionStatus;
  facts: DecidingFact[];
}

/**
 * A condition compiled once into a closure.
 *
 * @public
 */
export type CompiledCondition = (facts: FactLookup) => ConditionOutcome;

type Test = (value: FactValue) => boolean;

function compileTest(leaf: FactCondition): Test {
  if (leaf.equal !== undefined) {
    const expected = leaf.equal;
    return v => v === expected;
  }
  if (leaf.in !== undefined) {
    const allowed = new Set<FactValue>(leaf.in);
    return v => allowed.has(v);
  }
  if (leaf.exists !== undefined) {
    const expected = leaf.exists;
    return v => (v !== null) === expected;
  }
  if (leaf.lt !== undefined) {
    const n = leaf.lt;
    return v => typeof v === 'number' && v < n;
  }
  if (leaf.lte !== undefined) {
    const n = leaf.lte;
    return v => typeof v === 'number' && v <= n;
  }
  if (leaf.gt !== undefined) {
    const n = leaf.gt;
    return v => typeof v === 'number' && v > n;
  }
  if (leaf.gte !== undefined) {
    const n = leaf.gte;
    return v => typeof v === 'number' && v >= n;
  }
  if (leaf.matches !== undefined) {
    const re = new RegExp(leaf.matches);
    return v => typeof v === 'string' && re.test(v);
  }
  if (leaf.semver !== undefined) {
    const range = new Range(leaf.semver);
    return v => {
      if (typeof v !== 'string') return false;
      try {
        return range.test(v);
      } catch {
        return false;
      }
    };
  }
  throw new Error(`condition on fact '${leaf.fact}' has no operator`);
}

function decidingFact(
  leaf: FactCondition,
  fact: Fact | undefined,
  value?: FactValue,
): DecidingFact {
  const result: DecidingFact = { fact: leaf.fact };
  if (leaf.path !== undefined) result.path = leaf.path;
  if (!fact) {
    result.problem = 'missing';
    return result;
  }
  result.value = value;
  if (fact.stale) result.problem = 'stale';
  return result;
}

function compileLeaf(leaf: FactCondition): CompiledCondition {
  const test = compileTest(leaf);
  const { fact: name, path } = leaf;
  return facts => {
    const fact = facts(name);
    if (!fact) {
      return { status: 'unknown', facts: [decidingFact(leaf, undefined)] };
    }
    const value =
      path === undefined
        ? fact.value
        : (getJsonValueAtPath(
            fact.value as Parameters<typeof getJsonValueAtPath>[0],
            path,
          ) as FactValue) ?? null;
    if (fact.stale) {
      return { status: 'unknown', facts: [decidingFact(leaf, fact, value)] };
    }
    return {
      status: test(value) ? 'pass' : 'fail',
      facts: [decidingFact(leaf, fact, value)],
    };
  };
}

/**
 * Kleene three-valued AND/OR: the deciding facts are those of the children
 * that produced the overall status. Plain loops: this runs per entity × rule.
 */
function combine(
  children: CompiledCondition[],
  dominant: 'pass' | 'fail',
): CompiledCondition {
  const other = dominant === 'pass' ? 'fail' : 'pass';
  return facts => {
    const decided: DecidingFact[] = [];
    const unknown: DecidingFact[] = [];
    const rest: DecidingFact[] = [];
    let sawDominant = false;
    let sawUnknown = false;
    for (const child of children) {
      const outcome = child(facts);
      let target = rest;
      if (outcome.status === dominant) {
        sawDominant = true;
        target = decided;
      } else if (outcome.status === 'unknown') {
        sawUnknown = true;
        target = unknown;
      }
      for (const fact of outcome.facts) target.push(fact);
    }
    if (sawDominant) return { status: dominant, facts: decided };
    if (sawUnknown) return { status: 'unknown', facts: unknown };
    return { status: other, facts: rest };
  };
}

/**
 * Compiles a validated condition into a closure; regular expressions and
 * semver ranges are built here once rather than per entity.
 *
 * @public
 */
export function compileCondition(condition: Condition): CompiledCondition {
  if ('all' in condition) {
    return combine(condition.all.map(compileCondition), 'fail');
  }
  if ('any' in condition) {
    return combine(condition.any.map(compileCondition), 'pass');
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not);
    return facts => {
      const { status, facts: deciding } = inner(facts);
      const flipped: Record<ConditionStatus, ConditionStatus> = {
        pass: 'fail',
        fail: 'pass',
        unknown: 'unknown',
      };
      return { status: flipped[status], facts: deciding };
    };
  }
  return compileLeaf(condition);
}

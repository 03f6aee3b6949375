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
  /**
   * Set instead of `value` when the fact is sensitive (e.g. cost) and the
   * caller may not read it for this entity; the rule's status still shows.
   */
  hidden?: true;
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

/**
 * A condition compiled into a closure that returns only the status: it
 * allocates nothing and stops at the first child that decides, for
 * evaluating whole catalogs. Always agrees with the {@link CompiledCondition}
 * of the same condition.
 *
 * @public
 */
export type CompiledConditionStatus = (facts: FactLookup) => ConditionStatus;

type Test = (value: FactValue) => boolean;

/**
 * How compiled conditions treat untrusted fact values.
 *
 * @public
 */
export interface ConditionOptions {
  /**
   * Longest string a `matches` condition tests (default
   * {@link DEFAULT_MATCH_MAX_CHARS}); longer values fail the condition, so
   * an annotation of any length cannot make a pattern run long.
   */
  maxMatchChars?: number;
}

/** @public */
export const DEFAULT_MATCH_MAX_CHARS = 10_000;

const SEMVER_ANSWERS_KEPT = 10_000;

function compileTest(leaf: FactCondition, options: ConditionOptions): Test {
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
    const maxChars = options.maxMatchChars ?? DEFAULT_MATCH_MAX_CHARS;
    return v => typeof v === 'string' && v.length <= maxChars && re.test(v);
  }
  if (leaf.semver !== undefined) {
    const range = new Range(leaf.semver);
    // Parsing a version costs more than the comparison, and a catalog holds
    // few distinct versions of a thing: remember the answers, within bounds.
    const answers = new Map<string, boolean>();
    return v => {
      if (typeof v !== 'string') return false;
      let answer = answers.get(v);
      if (answer === undefined) {
        try {
          answer = range.test(v);
        } catch {
          answer = false;
        }
        if (answers.size >= SEMVER_ANSWERS_KEPT) answers.clear();
        answers.set(v, answer);
      }
      return answer;
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

/**
 * The value at a dotted path in an object fact, where keys may themselves
 * contain dots (annotation keys): the semantics of `getJsonValueAtPath` from
 * `@backstage/filter-predicates`, which it is tested against, without
 * allocating a string per key (this runs per entity × rule).
 */
export function valueAtPath(value: unknown, path: string): unknown {
  if (!path || typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (key === path && record[key] !== undefined) return record[key];
    if (
      path.length > key.length &&
      path.charCodeAt(key.length) === 46 /* . */ &&
      path.startsWith(key)
    ) {
      const found = valueAtPath(record[key], path.slice(key.length + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Reads a leaf's value from its fact: the whole value, or the value at its path (`null` when absent). */
function leafValue(leaf: FactCondition): (fact: Fact) => FactValue {
  const { path } = leaf;
  if (path === undefined) return fact => fact.value;
  return fact => (valueAtPath(fact.value, path) as FactValue) ?? null;
}

function leafStatus(
  fact: Fact | undefined,
  value: FactValue,
  test: Test,
): ConditionStatus {
  if (!fact || fact.stale) return 'unknown';
  return test(value) ? 'pass' : 'fail';
}

function compileLeaf(
  leaf: FactCondition,
  options: ConditionOptions,
): CompiledCondition {
  const test = compileTest(leaf, options);
  const read = leafValue(leaf);
  return facts => {
    const fact = facts(leaf.fact);
    const value = fact ? read(fact) : null;
    return {
      status: leafStatus(fact, value, test),
      facts: [decidingFact(leaf, fact, value)],
    };
  };
}

function compileLeafStatus(
  leaf: FactCondition,
  options: ConditionOptions,
): CompiledConditionStatus {
  const test = compileTest(leaf, options);
  const read = leafValue(leaf);
  return facts => {
    const fact = facts(leaf.fact);
    return leafStatus(fact, fact ? read(fact) : null, test);
  };
}

const negated: Record<ConditionStatus, ConditionStatus> = {
  pass: 'fail',
  fail: 'pass',
  unknown: 'unknown',
};

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
export function compileCondition(
  condition: Condition,
  options: ConditionOptions = {},
): CompiledCondition {
  const compile = (c: Condition) => compileCondition(c, options);
  if ('all' in condition) {
    return combine(condition.all.map(compile), 'fail');
  }
  if ('any' in condition) {
    return combine(condition.any.map(compile), 'pass');
  }
  if ('not' in condition) {
    const inner = compile(condition.not);
    return facts => {
      const { status, facts: deciding } = inner(facts);
      return { status: negated[status], facts: deciding };
    };
  }
  return compileLeaf(condition, options);
}

/** Kleene AND/OR on statuses only, stopping at the first dominant child. */
function combineStatus(
  children: CompiledConditionStatus[],
  dominant: 'pass' | 'fail',
): CompiledConditionStatus {
  const other = dominant === 'pass' ? 'fail' : 'pass';
  return facts => {
    let sawUnknown = false;
    for (const child of children) {
      const status = child(facts);
      if (status === dominant) return dominant;
      if (status === 'unknown') sawUnknown = true;
    }
    return sawUnknown ? 'unknown' : other;
  };
}

/**
 * Compiles a validated condition into a status-only closure; see
 * {@link CompiledConditionStatus}.
 *
 * @public
 */
export function compileConditionStatus(
  condition: Condition,
  options: ConditionOptions = {},
): CompiledConditionStatus {
  const compile = (c: Condition) => compileConditionStatus(c, options);
  if ('all' in condition) {
    return combineStatus(condition.all.map(compile), 'fail');
  }
  if ('any' in condition) {
    return combineStatus(condition.any.map(compile), 'pass');
  }
  if ('not' in condition) {
    const inner = compile(condition.not);
    return facts => negated[inner(facts)];
  }
  return compileLeafStatus(condition, options);
}

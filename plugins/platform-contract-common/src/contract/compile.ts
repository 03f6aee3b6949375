import {
  FilterPredicate,
  filterPredicateToFilterFunction,
} from '@backstage/filter-predicates';
import { z } from 'zod/v4';
import { FactLookup } from '../facts';
import {
  compileCondition,
  compileConditionStatus,
  ConditionOptions,
  ConditionOutcome,
  ConditionStatus,
} from './conditions';
import {
  GROUND_LEVEL,
  platformContractDocumentSchema,
  PlatformContractDocument,
  PlatformContractRule,
} from './schema';

/**
 * A problem found in a contract file.
 *
 * @public
 */
export interface ContractValidationError {
  file: string;
  /** The rule the problem is in, when it is in a rule. */
  ruleId?: string;
  /** The campaign the problem is in, when it is in a campaign. */
  campaignId?: string;
  /** Path of the offending field, e.g. `spec.rules[2].condition.matches`. */
  field: string;
  message: string;
}

/**
 * A rule compiled once, ready to be evaluated against many entities.
 *
 * @public
 */
export interface CompiledRule {
  rule: PlatformContractRule;
  /** 0 for ground rules, 1 + the index in `spec.levels` otherwise. */
  rank: number;
  /** Whether the rule applies to the entity; absent when it applies to every entity of the contract. */
  appliesTo?: (entity: unknown) => boolean;
  /** The status with the facts that decided it, for showing why. */
  evaluate(facts: FactLookup): ConditionOutcome;
  /** The status alone, for evaluating whole catalogs; agrees with `evaluate`. */
  status(facts: FactLookup): ConditionStatus;
}

/** @public */
export interface CompiledContract {
  name: string;
  file: string;
  document: PlatformContractDocument;
  appliesTo(entity: unknown): boolean;
  rules: CompiledRule[];
}

/** @public */
export type ContractCompileResult =
  | { contract: CompiledContract; errors: [] }
  | { contract?: undefined; errors: ContractValidationError[] };

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
}

/** The id of the rule or campaign (`section`) an issue path points into. */
function idAt(
  raw: unknown,
  path: PropertyKey[],
  section: 'rules' | 'campaigns',
): string | undefined {
  if (
    path[0] !== 'spec' ||
    path[1] !== section ||
    typeof path[2] !== 'number'
  ) {
    return undefined;
  }
  const items = (raw as { spec?: Record<string, unknown> })?.spec?.[section];
  const id = Array.isArray(items) ? items[path[2]]?.id : undefined;
  return typeof id === 'string' ? id : `#${path[2]}`;
}

type Issue = z.core.$ZodIssue;

/** Issues saying a branch is the wrong shape altogether rather than a wrong value in it. */
function shapeMismatches(issues: Issue[]): number {
  return issues.filter(
    i =>
      i.code === 'unrecognized_keys' ||
      (i.code === 'invalid_type' && i.message.endsWith('received undefined')),
  ).length;
}

/**
 * A union (e.g. a condition) reports only "Invalid input"; report instead the
 * issues of the branch the author evidently meant: the one whose shape fits.
 */
function flattenIssues(issues: Issue[], prefix: PropertyKey[] = []): Issue[] {
  return issues.flatMap(issue => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) {
      return [{ ...issue, path }];
    }
    const best = issue.errors.reduce((a, b) =>
      shapeMismatches(b) < shapeMismatches(a) ? b : a,
    );
    return flattenIssues(best, path);
  });
}

function schemaErrors(
  file: string,
  raw: unknown,
  error: z.ZodError,
): ContractValidationError[] {
  return flattenIssues(error.issues).map(issue => {
    const ruleId = idAt(raw, issue.path, 'rules');
    const campaignId = idAt(raw, issue.path, 'campaigns');
    return {
      file,
      ...(ruleId ? { ruleId } : {}),
      ...(campaignId ? { campaignId } : {}),
      field: formatPath(issue.path) || '(root)',
      message: issue.message,
    };
  });
}

/**
 * Compiles an `appliesTo` filter predicate (of a contract, a rule or a
 * campaign) into a function matching entities.
 *
 * @public
 */
export function compileEntityFilter(
  predicate: unknown,
): (entity: unknown) => boolean {
  return filterPredicateToFilterFunction(predicate as FilterPredicate);
}

/**
 * The ranks of a contract's levels: 0 for ground, 1 + the index in
 * `spec.levels` (as `CompiledRule.rank`).
 *
 * @public
 */
export function levelRanks(
  document: PlatformContractDocument,
): Map<string, number> {
  return new Map([
    [GROUND_LEVEL, 0],
    ...document.spec.levels.map((l, i) => [l.name, i + 1] as const),
  ]);
}

/**
 * Checks that a campaign's target exists in the contract: its rule, or its
 * level (`ground` or one of `spec.levels`). Returns the offending field and
 * why, or undefined when the target is fine.
 *
 * @public
 */
export function checkCampaignTarget(
  document: PlatformContractDocument,
  target: { ruleId?: string; level?: string },
): { field: 'ruleId' | 'level'; message: string } | undefined {
  const name = document.metadata.name;
  if (
    target.ruleId !== undefined &&
    !document.spec.rules.some(r => r.id === target.ruleId)
  ) {
    return {
      field: 'ruleId',
      message: `unknown rule '${target.ruleId}' in contract '${name}'`,
    };
  }
  const ranks = levelRanks(document);
  if (target.level !== undefined && !ranks.has(target.level)) {
    return {
      field: 'level',
      message: `unknown level '${
        target.level
      }' in contract '${name}', expected one of ${[...ranks.keys()].join(
        ', ',
      )}`,
    };
  }
  return undefined;
}

/**
 * Validates a parsed contract document and compiles its rules. Never throws
 * for bad input: every problem is returned with file, rule and field.
 *
 * @public
 */
export function compileContract(
  raw: unknown,
  file: string,
  options: ConditionOptions = {},
): ContractCompileResult {
  const parsed = platformContractDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    return { errors: schemaErrors(file, raw, parsed.error) };
  }
  const document = parsed.data;
  const errors: ContractValidationError[] = [];
  const ranks = new Map<string, number>([[GROUND_LEVEL, 0]]);
  document.spec.levels.forEach((level, index) => {
    if (ranks.has(level.name)) {
      errors.push({
        file,
        field: `spec.levels[${index}].name`,
        message: `duplicate level '${level.name}'`,
      });
    }
    ranks.set(level.name, index + 1);
  });
  const seen = new Set<string>();
  document.spec.rules.forEach((rule, index) => {
    if (seen.has(rule.id)) {
      errors.push({
        file,
        ruleId: rule.id,
        field: `spec.rules[${index}].id`,
        message: `duplicate rule id '${rule.id}'`,
      });
    }
    seen.add(rule.id);
    if (!ranks.has(rule.level)) {
      errors.push({
        file,
        ruleId: rule.id,
        field: `spec.rules[${index}].level`,
        message: `unknown level '${rule.level}', expected one of ${[
          ...ranks.keys(),
        ].join(', ')}`,
      });
    }
  });
  const campaignIds = new Set<string>();
  document.spec.campaigns.forEach((campaign, index) => {
    const at = (field: string, message: string) =>
      errors.push({
        file,
        campaignId: campaign.id,
        field: `spec.campaigns[${index}].${field}`,
        message,
      });
    if (campaignIds.has(campaign.id)) {
      at('id', `duplicate campaign id '${campaign.id}'`);
    }
    campaignIds.add(campaign.id);
    const problem = checkCampaignTarget(document, campaign);
    if (problem) at(problem.field, problem.message);
  });
  if (errors.length) {
    return { errors };
  }
  const rules = document.spec.rules.map(rule => {
    const compiled: CompiledRule = {
      rule,
      rank: ranks.get(rule.level)!,
      evaluate: compileCondition(rule.condition, options),
      status: compileConditionStatus(rule.condition, options),
    };
    if (rule.appliesTo !== undefined) {
      compiled.appliesTo = compileEntityFilter(rule.appliesTo);
    }
    return compiled;
  });
  return {
    contract: {
      name: document.metadata.name,
      file,
      document,
      appliesTo: compileEntityFilter(document.spec.appliesTo),
      rules,
    },
    errors: [],
  };
}

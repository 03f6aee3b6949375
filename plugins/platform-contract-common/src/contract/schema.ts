import {
  createZodV4FilterPredicateSchema,
  FilterPredicate,
  parseFilterPredicate,
} from '@backstage/filter-predicates';
import { validRange } from 'semver';
import { z } from 'zod/v4';
import { catastrophicRegexReason } from './regexSafety';

/** Operators a leaf condition may use; exactly one per leaf. */
export const conditionOperators = [
  'equal',
  'in',
  'exists',
  'lt',
  'lte',
  'gt',
  'gte',
  'matches',
  'semver',
] as const;

const primitive = z.union([z.string(), z.number(), z.boolean()]);

const factConditionSchema = z
  .strictObject({
    fact: z.string().min(1).describe('Name of the fact to test'),
    path: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Dot-separated path into an object fact, e.g. an annotation key',
      ),
    equal: primitive.optional(),
    in: z.array(primitive).min(1).optional(),
    exists: z.boolean().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    matches: z.string().optional().describe('Regular expression'),
    semver: z.string().optional().describe('Semver range, e.g. ">=2.0.0"'),
  })
  .superRefine((leaf, ctx) => {
    const used = conditionOperators.filter(op => leaf[op] !== undefined);
    if (used.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `a condition on fact '${
          leaf.fact
        }' must use exactly one of ${conditionOperators.join(', ')} (found ${
          used.length ? used.join(', ') : 'none'
        })`,
      });
    }
    if (leaf.matches !== undefined) {
      try {
        RegExp(leaf.matches);
        const catastrophic = catastrophicRegexReason(leaf.matches);
        if (catastrophic) {
          ctx.addIssue({
            code: 'custom',
            path: ['matches'],
            message: `regular expression '${leaf.matches}' on fact '${leaf.fact}' could take exponential time on a long value: ${catastrophic}; rewrite it without nesting, e.g. '^(a+)+$' as '^a+$'`,
          });
        }
      } catch (e) {
        ctx.addIssue({
          code: 'custom',
          path: ['matches'],
          message: `invalid regular expression: ${(e as Error).message}`,
        });
      }
    }
    if (leaf.semver !== undefined && validRange(leaf.semver) === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['semver'],
        message: `invalid semver range '${leaf.semver}'`,
      });
    }
  });

/**
 * A condition over facts, in the contract YAML.
 *
 * @public
 */
export type Condition =
  | FactCondition
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/**
 * A leaf condition testing one fact with one operator.
 *
 * @public
 */
export type FactCondition = z.infer<typeof factConditionSchema>;

/** @public */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    factConditionSchema,
  ]),
);

/** @public */
export const ruleCategories = [
  'ownership',
  'documentation',
  'security',
  'reliability',
  'delivery',
  'cost',
  'mlops',
] as const;

/** @public */
export type RuleCategory = (typeof ruleCategories)[number];

/** @public */
export const ruleSeverities = ['low', 'medium', 'high', 'critical'] as const;

/** @public */
export type RuleSeverity = (typeof ruleSeverities)[number];

/** The level of rules every entity must pass to be a good platform citizen. */
export const GROUND_LEVEL = 'ground';

const nameSchema = z
  .string()
  .regex(
    /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/,
    'must be lowercase letters, digits, dots and dashes',
  );

// filter-predicates bundles its own zod, so its schema is used for
// validation through parseFilterPredicate and only rendered into JSON Schema.
const appliesToSchema = z
  .custom<FilterPredicate>()
  .superRefine((value, ctx) => {
    try {
      parseFilterPredicate(value);
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        message: `invalid filter predicate: ${(e as Error).message}`,
      });
    }
  });

const groupRefSchema = z
  .string()
  .regex(
    /^group:([a-z0-9-_.]+\/)?[a-z0-9-_.]+$/i,
    "must be a group reference such as 'group:default/platform-team'",
  );

/**
 * The fields of a campaign: a rule or level of a contract that a set of its
 * entities must meet by a deadline. Which contract is implied in the YAML and
 * named in the API.
 *
 * @public
 */
export const campaignFieldsSchema = z.strictObject({
  id: nameSchema.describe('Unique across all campaigns, used in URLs'),
  title: z.string().min(1),
  description: z.string().default('').describe('Markdown'),
  ruleId: nameSchema
    .optional()
    .describe(
      'The rule to pass (or have waived); exactly one of ruleId and level',
    ),
  level: z
    .string()
    .min(1)
    .optional()
    .describe(
      `The level to reach ('${GROUND_LEVEL}' for the ground rules); exactly one of ruleId and level`,
    ),
  appliesTo: appliesToSchema
    .optional()
    .describe(
      "Filter predicate narrowing the contract's entities; all of them when absent",
    ),
  deadline: z.iso
    .date()
    .describe('YYYY-MM-DD; entities not done after this day are late'),
  owner: groupRefSchema
    .optional()
    .describe(
      "The group running the campaign; defaults to the contract's owner",
    ),
});

/** Exactly one target: a rule or a level. */
export function refineCampaignTarget(
  campaign: { ruleId?: string; level?: string },
  ctx: z.RefinementCtx,
) {
  if ((campaign.ruleId === undefined) === (campaign.level === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['ruleId'],
      message: 'exactly one of ruleId and level is required',
    });
  }
}

const campaignSchema = campaignFieldsSchema.superRefine(refineCampaignTarget);

/**
 * A campaign as declared in a contract's `spec.campaigns`.
 *
 * @public
 */
export type ContractCampaign = z.output<typeof campaignSchema>;

const ruleSchema = z.strictObject({
  id: nameSchema,
  title: z.string().min(1),
  description: z.string().optional(),
  howToFix: z
    .string()
    .optional()
    .describe(
      "Markdown; {{ entityRef }} stands for the entity's ref, e.g. in a link that opens a template with the entity filled in",
    ),
  category: z.enum(ruleCategories),
  severity: z.enum(ruleSeverities),
  frameworks: z
    .array(
      z
        .string()
        .regex(/^[a-z0-9-]+:\S+$/i, "must look like 'framework:control'"),
    )
    .default([]),
  level: z
    .string()
    .min(1)
    .describe(`'${GROUND_LEVEL}' or the name of one of spec.levels`),
  weight: z.number().positive().default(1),
  appliesTo: appliesToSchema
    .optional()
    .describe(
      'Filter predicate on the entity; the rule is not-applicable to entities it does not match',
    ),
  condition: conditionSchema,
});

/** @public */
export const platformContractDocumentSchema = z.strictObject({
  apiVersion: z.literal('groundwork.dev/v1alpha1'),
  kind: z.literal('PlatformContract'),
  metadata: z.strictObject({
    name: nameSchema,
    title: z.string().optional(),
    description: z.string().optional(),
  }),
  spec: z.strictObject({
    owner: groupRefSchema,
    version: z.string().min(1),
    prose: z
      .strictObject({
        groundRules: z.string().optional(),
        levels: z.string().optional(),
        offPiste: z.string().optional(),
      })
      .default({}),
    appliesTo: appliesToSchema,
    levels: z
      .array(
        z.strictObject({
          name: nameSchema,
          title: z.string().optional(),
          description: z.string().optional(),
        }),
      )
      .min(1)
      .describe('Ordered from the lowest to the highest level'),
    maxWaiverDays: z.number().int().positive(),
    rules: z.array(ruleSchema).min(1),
    campaigns: z
      .array(campaignSchema)
      .default([])
      .describe(
        'Campaigns asking entities to meet a rule or level by a deadline; synced into the campaigns store whenever contracts load',
      ),
  }),
});

/**
 * A platform contract as written in YAML, after defaults are applied.
 *
 * @public
 */
export type PlatformContractDocument = z.output<
  typeof platformContractDocumentSchema
>;

/** @public */
export type PlatformContractRule =
  PlatformContractDocument['spec']['rules'][number];

/**
 * JSON Schema of the contract YAML files, for editors and CI linting.
 *
 * @public
 */
export const contractJsonSchema: Record<string, unknown> = z.toJSONSchema(
  platformContractDocumentSchema,
  {
    io: 'input',
    unrepresentable: 'any',
    override: ctx => {
      if (ctx.zodSchema === appliesToSchema) {
        const { $schema, ...predicate } = z.toJSONSchema(
          createZodV4FilterPredicateSchema() as unknown as z.ZodType,
        );
        Object.assign(ctx.jsonSchema, predicate);
      }
    },
  },
);

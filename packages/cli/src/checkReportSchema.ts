import {
  ruleCategories,
  ruleSeverities,
} from '@groundwork/plugin-platform-contract-common';
import { z } from 'zod/v4';

const factValue: z.ZodType = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(factValue),
    z.record(z.string(), factValue),
  ]),
);

const counts = z.object({
  pass: z.number(),
  fail: z.number(),
  unknown: z.number(),
  waived: z.number(),
  'not-applicable': z.number().optional(),
});

/**
 * `groundwork check --format json`: the check endpoint's answer
 * (`CheckEntityResponse`) with the verdict under `--fail-on` and where the
 * catalog file sets each fact.
 */
export const checkReportSchema = z.strictObject({
  mode: z.enum(['offline', 'online']),
  entityRef: z.string(),
  failOn: z.string(),
  passed: z.boolean(),
  items: z.array(
    z.strictObject({
      contract: z.string(),
      contractTitle: z.string().optional(),
      entityRef: z.string(),
      score: z.number().min(0).max(100),
      level: z.string().nullable(),
      groundRulesMet: z.boolean(),
      counts,
      evaluatedAt: z.iso.datetime({ offset: true }),
      rules: z.array(
        z.strictObject({
          ruleId: z.string(),
          title: z.string(),
          category: z.enum(ruleCategories),
          severity: z.enum(ruleSeverities),
          level: z.string(),
          weight: z.number(),
          frameworks: z.array(z.string()),
          status: z.enum([
            'pass',
            'fail',
            'unknown',
            'waived',
            'not-applicable',
          ]),
          facts: z.array(
            z.strictObject({
              fact: z.string(),
              path: z.string().optional(),
              value: factValue.optional(),
              source: z.string().optional(),
              observedAt: z.string().optional(),
              problem: z.enum(['missing', 'stale']).optional(),
            }),
          ),
          howToFix: z.string().optional(),
          waiverId: z.string().optional(),
        }),
      ),
    }),
  ),
  blocking: z.array(
    z.strictObject({
      contract: z.string(),
      ruleId: z.string(),
      title: z.string(),
      level: z.string(),
      howToFix: z.string().optional(),
    }),
  ),
  groundRules: z.strictObject({
    failing: z.number().int().min(0),
    unknown: z.number().int().min(0),
  }),
  unknownFacts: z.array(
    z.strictObject({
      name: z.string(),
      source: z.string(),
      reason: z.string(),
    }),
  ),
  locations: z.strictObject({
    file: z.string(),
    entityLine: z.number().int().min(1),
    factLines: z.record(z.string(), z.number().int().min(1)),
  }),
});

/** The JSON schema of `groundwork check --format json`, for consumers that validate it. @public */
export const checkReportJsonSchema: Record<string, unknown> =
  z.toJSONSchema(checkReportSchema);

import { z } from 'zod/v4';
import { ContractValidationError } from './contract/compile';
import { DecidingFact } from './contract/conditions';
import { FilterPredicate } from '@backstage/filter-predicates';
import {
  campaignFieldsSchema,
  PlatformContractDocument,
  refineCampaignTarget,
  RuleCategory,
  RuleSeverity,
} from './contract/schema';
import { RuleStatus, StatusCounts } from './contract/scoring';
import { FactValue } from './facts';
import { factValueLimitProblem, platformContractLimits } from './limits';

const limits = platformContractLimits;

/** `GET /contracts` item. @public */
export interface ContractSummary {
  name: string;
  file: string;
  valid: boolean;
  title?: string;
  description?: string;
  owner?: string;
  version?: string;
  levels: string[];
  ruleCount: number;
  errors: ContractValidationError[];
}

/** `GET /contracts` @public */
export interface ContractListResponse {
  items: ContractSummary[];
}

/** `GET /contracts/:name`: the whole document (prose, levels, rules) when valid. @public */
export interface ContractDetailsResponse extends ContractSummary {
  document?: PlatformContractDocument;
}

/** @public */
export interface RuleResult {
  ruleId: string;
  title: string;
  category: RuleCategory;
  severity: RuleSeverity;
  level: string;
  weight: number;
  frameworks: string[];
  status: RuleStatus;
  /** The facts that decided the status. */
  facts: DecidingFact[];
  howToFix?: string;
  /** The approved waiver behind a `waived` status. */
  waiverId?: string;
}

/** One entity against one contract. @public */
export interface EntityContractResult {
  contract: string;
  contractTitle?: string;
  entityRef: string;
  score: number;
  level: string | null;
  groundRulesMet: boolean;
  counts: StatusCounts;
  evaluatedAt: string;
  rules: RuleResult[];
}

/** `GET /entities/:kind/:namespace/:name/results` and `POST .../evaluate` @public */
export interface EntityResultsResponse {
  entityRef: string;
  items: EntityContractResult[];
}

/** @public */
export const rollupTypes = [
  'group',
  'system',
  'domain',
  'organization',
  'framework',
  'category',
] as const;

/** @public */
export type RollupType = (typeof rollupTypes)[number];

/**
 * Aggregate over many entities. For `group`, entities owned by the group and
 * all its descendant groups; for `framework` and `category`, the rules tagged
 * with it.
 *
 * @public
 */
export interface Rollup {
  type: RollupType;
  /** Entity ref for group/system/domain, `acme` style name for organization, `soc2:CC6.1` or category name otherwise. */
  ref: string;
  /** Average entity score, or for framework/category the weighted share of satisfied rules, 0–100. */
  score: number;
  entityCount: number;
  groundRulesMetCount: number;
  /** Number of entities per level reached (`none` when no level). */
  levels: Record<string, number>;
  counts: StatusCounts;
  evaluatedAt: string;
}

/** `GET /rollups?type=` @public */
export interface RollupListResponse {
  items: Rollup[];
}

/** One day in a history, the last evaluation of that day. @public */
export interface HistoryPoint {
  day: string;
  score: number;
  groundRulesMet?: boolean;
  level?: string | null;
  entityCount?: number;
  groundRulesMetCount?: number;
}

/** `GET /entities/.../history` (one series per contract) @public */
export interface EntityHistoryResponse {
  entityRef: string;
  series: Array<{ contract: string; points: HistoryPoint[] }>;
}

/** `GET /rollups/:type/:ref/history` @public */
export interface RollupHistoryResponse {
  type: RollupType;
  ref: string;
  points: HistoryPoint[];
}

/** @public */
export type WaiverStatus = 'requested' | 'approved' | 'rejected' | 'withdrawn';

/** @public */
export interface Waiver {
  id: string;
  contract: string;
  entityRef: string;
  ruleId: string;
  reason: string;
  /** Conditions the team commits to while the waiver applies (markdown). */
  conditions: string;
  expiresAt: string;
  status: WaiverStatus;
  /** Approved and not yet expired: the rule reports `waived`. */
  active: boolean;
  contractOwner: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  decisionComment?: string;
}

/** @public */
export interface WaiverEvent {
  at: string;
  actor: string;
  action:
    | 'requested'
    | 'approved'
    | 'rejected'
    | 'withdrawn'
    | 'expiry-notified';
  comment?: string;
}

/** `GET /waivers/:id`, and the response of every waiver mutation. @public */
export interface WaiverDetailsResponse extends Waiver {
  events: WaiverEvent[];
}

/** `GET /waivers` @public */
export interface WaiverListResponse {
  items: Waiver[];
}

/** `POST /waivers` body. @public */
export const createWaiverRequestSchema = z.strictObject({
  contract: z.string().min(1).max(255),
  entityRef: z.string().min(1).max(limits.entityRefChars),
  ruleId: z.string().min(1).max(255),
  reason: z.string().trim().min(1).max(limits.freeTextChars),
  conditions: z.string().max(limits.freeTextChars).default(''),
  expiresAt: z.iso.datetime({ offset: true }),
});

/** @public */
export type CreateWaiverRequest = z.input<typeof createWaiverRequestSchema>;

/** `POST /waivers/:id/approve|reject` body. @public */
export const decideWaiverRequestSchema = z.strictObject({
  comment: z.string().max(limits.freeTextChars).optional(),
});

/** @public */
export type DecideWaiverRequest = z.input<typeof decideWaiverRequestSchema>;

/** `GET /waivers` query. @public */
export const listWaiversQuerySchema = z.strictObject({
  entityRef: z.string().optional(),
  contract: z.string().optional(),
  status: z.enum(['requested', 'approved', 'rejected', 'withdrawn']).optional(),
});

const factValueSchema: z.ZodType<FactValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(factValueSchema),
    z.record(z.string(), factValueSchema),
  ]),
);

/** `POST /facts` body (CI pipelines, service principals only). @public */
export const pushFactsRequestSchema = z.strictObject({
  facts: z
    .array(
      z.strictObject({
        entityRef: z.string().min(1).max(limits.entityRefChars),
        name: z
          .string()
          .min(1)
          .max(limits.factNameChars)
          .regex(
            /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/,
            'a fact name is dot-separated words of letters, digits, _ and -, e.g. build.testsPassed',
          ),
        // Bounded before the recursive schema walks it (a pipe into the
        // lazy schema would drop the bound's issue).
        value: z.unknown().transform((value, ctx) => {
          const problem = factValueLimitProblem(value as FactValue);
          const parsed = problem ? undefined : factValueSchema.safeParse(value);
          if (!parsed?.success) {
            ctx.addIssue({
              code: 'custom',
              message: `the value ${problem ?? 'is not JSON'}`,
            });
            return z.NEVER;
          }
          return parsed.data;
        }),
        observedAt: z.iso.datetime({ offset: true }).optional(),
      }),
    )
    .min(1)
    .max(10000),
});

/** @public */
export type PushFactsRequest = z.input<typeof pushFactsRequestSchema>;

/** `POST /facts` @public */
export interface PushFactsResponse {
  accepted: number;
}

/**
 * Where a campaign comes from: a contract YAML's `spec.campaigns`
 * (git-managed, read-only over the API) or `POST /campaigns`.
 *
 * @public
 */
export type CampaignSource = 'contract' | 'api';

/**
 * A campaign: a set of a contract's entities must pass a rule (or have it
 * waived), or reach a level, by a deadline.
 *
 * @public
 */
export interface Campaign {
  id: string;
  title: string;
  /** Markdown. */
  description: string;
  contract: string;
  /** The rule to pass; exactly one of `ruleId` and `level` is set. */
  ruleId?: string;
  /** The level to reach (`ground`: meet the ground rules). */
  level?: string;
  /** Narrows the contract's entities; all of them when absent. */
  appliesTo?: FilterPredicate;
  /** YYYY-MM-DD; entities not done after this day are late. */
  deadline: string;
  /** The group running the campaign. */
  owner: string;
  createdBy: string;
  createdAt: string;
  source: CampaignSource;
}

/**
 * An entity's standing in a campaign: `pending` and `late` are not done
 * before and after the deadline; `unknown` when its result is unknown.
 *
 * @public
 */
export type CampaignEntityStatus = 'done' | 'pending' | 'late' | 'unknown';

/** Entity counts per status. @public */
export interface CampaignProgress {
  total: number;
  done: number;
  pending: number;
  late: number;
  unknown: number;
  /** done / total, 0–100 with one decimal; 0 when there are no entities. */
  percentDone: number;
  /** When progress was last computed from the stored results. */
  updatedAt?: string;
}

/** A campaign with its overall progress. @public */
export interface CampaignSummary extends Campaign {
  progress: CampaignProgress;
  /** Owner teams with targeted entities. */
  teamCount: number;
  /** Owner teams with at least one late entity. */
  lateTeamCount: number;
}

/** `GET /campaigns` @public */
export interface CampaignListResponse {
  items: CampaignSummary[];
}

/** One owner team's progress in a campaign; `owner` is null for unowned entities. @public */
export interface CampaignTeamProgress extends CampaignProgress {
  owner: string | null;
}

/** One targeted entity. @public */
export interface CampaignEntityRow {
  entityRef: string;
  owner: string | null;
  status: CampaignEntityStatus;
  /** When the entity was first seen done (since it last was not). */
  doneAt?: string;
}

/** `GET /campaigns/:id` (entities paged, not-done first) @public */
export interface CampaignDetailsResponse extends CampaignSummary {
  teams: CampaignTeamProgress[];
  entities: {
    items: CampaignEntityRow[];
    total: number;
    limit: number;
    offset: number;
  };
}

/** `GET /campaigns/:id` query. @public */
export const campaignDetailsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** `POST /campaigns` body. @public */
export const createCampaignRequestSchema = campaignFieldsSchema
  .extend({
    contract: z.string().min(1).max(255),
    title: z.string().min(1).max(limits.titleChars),
    description: z
      .string()
      .max(limits.descriptionChars)
      .default('')
      .describe('Markdown'),
    owner: campaignFieldsSchema.shape.owner.unwrap(),
  })
  .superRefine(refineCampaignTarget);

/** @public */
export type CreateCampaignRequest = z.input<typeof createCampaignRequestSchema>;

/** Most files a check request may carry (the scaffolder workspace or a local repository). */
export const CHECK_MAX_FILES = 2000;
/** Largest file content a check request may carry, in characters. */
export const CHECK_MAX_FILE_CHARS = 512 * 1024;

/**
 * `POST /check` body: a *proposed* entity (not yet in the catalog, e.g. the
 * `catalog-info.yaml` of a scaffolder workspace) and its repository's text
 * files, paths relative to the repository root with `/` separators.
 * @public
 */
export const checkEntityRequestSchema = z.strictObject({
  entity: z.looseObject({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    metadata: z.looseObject({ name: z.string().min(1) }),
  }),
  files: z
    .array(
      z.strictObject({
        path: z.string().min(1).max(1024),
        content: z.string().max(CHECK_MAX_FILE_CHARS),
      }),
    )
    .max(CHECK_MAX_FILES)
    .default([]),
});

/** @public */
export type CheckEntityRequest = z.input<typeof checkEntityRequestSchema>;

/**
 * A fact that a check of a proposed entity cannot know yet: it is collected
 * once the entity is in the catalog (cost, MLOps) or pushed by CI. Rules that
 * depend on it report `unknown`, never `fail`.
 * @public
 */
export interface UnknownFactNotice {
  name: string;
  /** The provider that collects it later, e.g. `cost` or `pushed`. */
  source: string;
  reason: string;
}

/**
 * `POST /check` answer: the results of every contract that applies, in the
 * same shape as stored results (nothing is stored).
 * @public
 */
export interface CheckEntityResponse {
  entityRef: string;
  items: EntityContractResult[];
  unknownFacts: UnknownFactNotice[];
}

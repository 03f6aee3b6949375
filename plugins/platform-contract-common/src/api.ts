import { z } from 'zod/v4';
import { ContractValidationError } from './contract/compile';
import { DecidingFact } from './contract/conditions';
import {
  PlatformContractDocument,
  RuleCategory,
  RuleSeverity,
} from './contract/schema';
import { RuleStatus, StatusCounts } from './contract/scoring';
import { FactValue } from './facts';

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
  contract: z.string().min(1),
  entityRef: z.string().min(1),
  ruleId: z.string().min(1),
  reason: z.string().trim().min(1),
  conditions: z.string().default(''),
  expiresAt: z.iso.datetime({ offset: true }),
});

/** @public */
export type CreateWaiverRequest = z.input<typeof createWaiverRequestSchema>;

/** `POST /waivers/:id/approve|reject` body. @public */
export const decideWaiverRequestSchema = z.strictObject({
  comment: z.string().optional(),
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
        entityRef: z.string().min(1),
        name: z.string().min(1),
        value: factValueSchema,
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

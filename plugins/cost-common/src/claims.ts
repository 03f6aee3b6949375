/**
 * Who already claims a cost tag pair, as `GET /api/cost/attribution/claims`
 * answers it.
 *
 * @public
 */
export interface TagClaim {
  /** Normalised (lower-cased, trimmed) tag key. */
  tag: string;
  /** Trimmed tag value as asked; values match case-insensitively. */
  value: string;
  /** Whether any catalog entity claims the pair, visible to the caller or not. */
  claimed: boolean;
  /** The claiming entities the caller may see in the catalog. */
  claimedBy: Array<{
    entityRef: string;
    /** A `groundwork.dev/cost-tags` annotation, or a `cost.attribution.tagRules` rule naming the entity. */
    via: 'annotation' | 'tagRule';
  }>;
  /** How many claiming entities the caller may not see. */
  hiddenClaimants: number;
  /**
   * Whether ingested billing rows carry the pair without being attributed to
   * any entity. Only tag keys that attribution reads (rules and annotations)
   * are recorded, so false for any other key.
   */
  billedUnattributed: boolean;
}

/**
 * The answer of `GET /api/cost/attribution/claims`.
 *
 * @public
 */
export interface TagClaimsResponse {
  claims: TagClaim[];
}

/**
 * The answer of `GET /api/cost/attribution/rules`: which tag keys attribute
 * billing to entities of which kind (`cost.attribution.tagRules`), so that
 * pages can tell people which tag to set.
 *
 * @public
 */
export interface AttributionRulesResponse {
  tagRules: { tag: string; kind: string }[];
}

/**
 * Two or more entities of different owners claiming the same cost. Nobody
 * gets it by that claim; `resolution` says what happens instead.
 *
 * @public
 */
export interface AttributionConflict {
  /** Where the claims come from: an annotation name or a config key. */
  source: string;
  /** What is claimed, e.g. `application=ledger` or `namespace ledger`. */
  claim: string;
  entityRefs: string[];
  resolution: string;
}

/**
 * The answer of `GET /api/cost/attribution/audit` (cost administrators):
 * which catalog content attribution trusts, what it ignores and what
 * conflicts.
 *
 * @public
 */
export interface AttributionAuditResponse {
  /** Origin locations (`type:target`, `*` as wildcard) whose entities count. */
  trustedLocations: string[];
  /** The same for Groups, whose children shape everyone's roll-ups. */
  trustedGroupLocations: string[];
  conflicts: AttributionConflict[];
  /** Entities with cost or Kubernetes annotations that count for nothing: they come from elsewhere. */
  ignoredClaims: Array<{
    entityRef: string;
    /** Their `backstage.io/managed-by-origin-location`, when set. */
    origin: string | null;
    annotations: string[];
  }>;
}

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

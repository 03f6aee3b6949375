import { AttributionConflict } from '@groundwork/plugin-cost-common';

/** One entity's claim on cost, e.g. a cost tag pair or a Kubernetes namespace. */
export interface Claim {
  /** What is claimed, normalised, e.g. `application=ledger` or `namespace ledger`. */
  claim: string;
  ref: string;
  /** Claims of one owner never conflict: a team may split its own cost. */
  owner: string;
  /** Whether this claim and another entity's can match the same cost (default: yes). */
  overlaps?: (otherRef: string) => boolean;
}

/**
 * Claims made by entities of different owners that can match the same cost:
 * for each, every entity involved.
 */
export function conflictingClaims(
  claims: Claim[],
): { claim: string; entityRefs: string[] }[] {
  const byClaim = new Map<string, Claim[]>();
  for (const claim of claims) {
    byClaim.set(claim.claim, [...(byClaim.get(claim.claim) ?? []), claim]);
  }
  const conflicts: { claim: string; entityRefs: string[] }[] = [];
  for (const [claim, list] of byClaim) {
    const involved = list.filter(a =>
      list.some(b => b.owner !== a.owner && (a.overlaps?.(b.ref) ?? true)),
    );
    if (involved.length > 1) {
      conflicts.push({
        claim,
        entityRefs: [...new Set(involved.map(c => c.ref))].sort(),
      });
    }
  }
  return conflicts.sort((a, b) => a.claim.localeCompare(b.claim));
}

/** A log line for cost administrators. */
export function describeConflict(conflict: AttributionConflict) {
  return `${conflict.source} ${
    conflict.claim
  } is claimed by ${conflict.entityRefs.join(', ')}. ${conflict.resolution}`;
}

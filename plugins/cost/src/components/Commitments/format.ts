import { CommitmentUtilisation } from '@groundwork/plugin-cost-common';

/** A 0..1 share as a whole percentage; '–' when there is nothing to divide. */
export const formatShare = (share: number | null | undefined) =>
  share === null || share === undefined ? '–' : `${Math.round(share * 100)}%`;

/**
 * Names for commitments: their name (the id when the export names none),
 * with the id added where two share a name, so chart series stay apart.
 */
export function commitmentLabels(
  commitments: Pick<CommitmentUtilisation, 'commitmentDiscountId' | 'name'>[],
) {
  const names = commitments.map(c => c.name ?? c.commitmentDiscountId);
  return names.map((name, i) =>
    names.indexOf(name) === names.lastIndexOf(name)
      ? name
      : `${name} (${commitments[i].commitmentDiscountId})`,
  );
}

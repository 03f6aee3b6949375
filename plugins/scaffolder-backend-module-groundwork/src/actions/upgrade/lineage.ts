import { InputError } from '@backstage/errors';
import { GOLDEN_PATH_FILE } from '@groundwork/plugin-platform-contract-common';
import yaml from 'yaml';

/** What `.groundwork/golden-path.yaml` records. */
export interface GoldenPathLineage {
  template: string;
  version: string;
  values: Record<string, unknown>;
  createdAt: string;
  /** Set by an upgrade; the creation time stays. */
  upgradedAt?: string;
  /** Where exactly what `version` rendered is kept, the base of the next upgrade. */
  base?: { branch: string };
}

/**
 * Branch names carry no slash: the UrlReader's `/-/tree/<ref>/` URLs cannot
 * tell a slash in a ref from one in a path.
 */
const branchSafe = (version: string) => version.replace(/[^\w.-]+/g, '-');

/** The branch that keeps what a golden-path version rendered. */
export const baseBranchName = (version: string) =>
  `groundwork-golden-path-${branchSafe(version)}`;

/** The branch of the merge request that upgrades to a version. */
export const upgradeBranchName = (version: string) =>
  `groundwork-upgrade-${branchSafe(version)}`;

/** The lineage file's text, with a comment saying what wrote it. */
export function lineageFileText(lineage: GoldenPathLineage, writer: string) {
  return `# Written by ${writer}: the template, version and answers this repository was created from.\n${yaml.stringify(
    lineage,
  )}`;
}

/** Parses the lineage file, saying what is missing for an upgrade. */
export function parseLineage(text: string | undefined): GoldenPathLineage {
  if (text === undefined) {
    throw new InputError(
      `The repository has no ${GOLDEN_PATH_FILE}: it was not created from a golden path, or the file was deleted. Upgrades start from that file.`,
    );
  }
  const lineage = yaml.parse(text) ?? {};
  for (const key of ['template', 'version'] as const) {
    if (typeof lineage[key] !== 'string' || !lineage[key]) {
      throw new InputError(
        `${GOLDEN_PATH_FILE} has no '${key}'; restore it from the repository's history.`,
      );
    }
  }
  if (typeof lineage.base?.branch !== 'string') {
    throw new InputError(
      `${GOLDEN_PATH_FILE} does not say where the base of version ${lineage.version} is kept ('base.branch'): the repository was created before golden-path bases were kept, so an upgrade cannot tell your changes from the golden path's. Push what version ${lineage.version} rendered to a branch with groundwork:golden-path:keep-base and record it as base.branch.`,
    );
  }
  return { values: {}, ...lineage };
}

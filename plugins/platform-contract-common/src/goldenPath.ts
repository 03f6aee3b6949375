import { compare, parse } from 'semver';

/**
 * Names of a golden path's lineage, shared by the scaffolder actions that
 * write it and the contract facts that read it.
 */

/** `<template entity ref>@<template version>` on an entity created from a golden path. */
export const GOLDEN_PATH_ANNOTATION = 'groundwork.dev/golden-path';

/** The version of a golden-path template, set in the template's own metadata. */
export const GOLDEN_PATH_VERSION_ANNOTATION =
  'groundwork.dev/golden-path-version';

/** The lineage file (template, version, answers), relative to the repository root. */
export const GOLDEN_PATH_FILE = '.groundwork/golden-path.yaml';

/** Splits a golden-path annotation value into its template ref and version. */
export function parseGoldenPathAnnotation(
  value: string,
): { templateRef: string; version: string } | undefined {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return undefined;
  return { templateRef: value.slice(0, at), version: value.slice(at + 1) };
}

/**
 * How far a golden path's recorded version is behind its current one: the
 * difference in the first part that differs, then the current version's
 * later parts, so 1.4.2 is `{ major: 1, minor: 1, patch: 0 }` behind 2.1.0
 * ("1 major, 1 minor") and `{ major: 0, minor: 0, patch: 3 }` behind 1.4.5.
 * All zero when up to date or ahead.
 *
 * @public
 */
export type GoldenPathDistance = {
  major: number;
  minor: number;
  patch: number;
};

/**
 * The distance from `version` to `currentVersion`; null when either is not
 * a semantic version (never throws: both come from users' YAML).
 *
 * @public
 */
export function goldenPathDistance(
  version: string,
  currentVersion: string,
): GoldenPathDistance | null {
  const from = parse(version);
  const to = parse(currentVersion);
  if (!from || !to) return null;
  if (compare(from, to) >= 0) return { major: 0, minor: 0, patch: 0 };
  if (from.major !== to.major) {
    return { major: to.major - from.major, minor: to.minor, patch: to.patch };
  }
  if (from.minor !== to.minor) {
    return { major: 0, minor: to.minor - from.minor, patch: to.patch };
  }
  // Same release, or a pre-release of it: a patch behind at least.
  return { major: 0, minor: 0, patch: Math.max(to.patch - from.patch, 1) };
}

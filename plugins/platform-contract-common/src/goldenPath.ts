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

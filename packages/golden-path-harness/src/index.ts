/**
 * Dry-runs golden-path templates in this process: the real scaffolder with
 * Groundwork's actions, the real platform contract backend and stand-ins
 * for the cost and MLOps backends. Used by the scaffolder module's tests and
 * benchmark and by `groundwork template test` without a backend.
 *
 * @packageDocumentation
 */
export { startGoldenPathBackend } from './backend';
export type { GoldenPathBackendOptions, HarnessCatalog } from './backend';
export { dryRun } from './dryRun';
export type { DirectoryFile, DryRunResult } from './dryRun';
export { OfflineCatalogError } from './offlineCatalog';
export type { HarnessServer } from './server';

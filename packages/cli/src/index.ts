/**
 * `groundwork`: checks a repository against the platform contract, pushes
 * facts and tests golden-path templates, on a laptop or in CI.
 *
 * @packageDocumentation
 */
export { main, run } from './main';
export type { CliIo } from './main';
export type { CheckReport } from './check/report';
export { checkReportJsonSchema } from './checkReportSchema';
export { referenceRepositoryFileFacts } from './check/repositoryFileDefinitions';

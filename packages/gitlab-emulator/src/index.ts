/**
 * An EMULATOR of the part of GitLab's REST API v4 that Backstage's GitLab
 * integration and scaffolder actions call, with real git repositories served
 * over smart HTTP, for tests and demos. It is not GitLab.
 *
 * @packageDocumentation
 */
export { startEmulator } from './emulator';
export type { GitLabEmulator, StartEmulatorOptions } from './emulator';
export type { EmulatorFault, EmulatorRequest } from './app';

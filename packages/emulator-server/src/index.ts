/**
 * What the API emulators for tests and demos share: serving, fault
 * injection, fixtures and the command line.
 *
 * @packageDocumentation
 */
export { serveEmulator, takeFault } from './serve';
export type {
  EmulatorOptions,
  InjectedFault,
  ListenOptions,
  RequestControl,
  RunningEmulator,
} from './serve';
export { fixtureLoaders } from './fixtures';
export { readCliOptions, stopOnSignals } from './cli';

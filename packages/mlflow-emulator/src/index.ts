/**
 * An EMULATOR of a subset of the MLflow REST API 2.0 for tests and demos. It
 * is not MLflow.
 *
 * @packageDocumentation
 */
export { startEmulator, loadDemoFixtures, loadFixturesFile } from './emulator';
export type { MlflowEmulator, StartEmulatorOptions } from './emulator';
export type { EmulatorAuth, EmulatorFault, EmulatorRequest } from './app';
export { syntheticFixtures, mergeFixtures, seededRandom } from './synthetic';
export type { SyntheticOptions } from './synthetic';
export type * from './types';

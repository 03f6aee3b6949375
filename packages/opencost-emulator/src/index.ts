/**
 * An EMULATOR of a subset of the OpenCost Allocation API (`GET /allocation`)
 * for tests and demos. It is not OpenCost.
 *
 * @packageDocumentation
 */
export { startEmulator, loadDemoFixtures, loadFixturesFile } from './emulator';
export type { OpenCostEmulator, StartEmulatorOptions } from './emulator';
export type { EmulatorFault, EmulatorRequest } from './app';
export { parseWindow } from './window';
export type * from './types';

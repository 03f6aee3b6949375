import {
  EmulatorOptions,
  fixtureLoaders,
  RunningEmulator,
  serveEmulator,
} from '@groundwork/emulator-server';
import {
  createEmulatorApp,
  EmulatorControl,
  EmulatorFault,
  EmulatorRequest,
} from './app';
import { EmulatorFixtures } from './types';

/** A running emulator; its `url` serves as `cost.opencost.baseUrl`. */
export type OpenCostEmulator = RunningEmulator<EmulatorRequest, EmulatorFault>;

/** Read the demo fixtures shipped in this package, or a JSON fixtures file. */
export const { loadDemoFixtures, loadFixturesFile } =
  fixtureLoaders<EmulatorFixtures>(
    require.resolve('@groundwork/opencost-emulator/package.json'),
  );

/** Options for {@link startEmulator}. */
export interface StartEmulatorOptions
  extends EmulatorOptions<EmulatorFixtures> {
  /** The emulated clock (default: the real one). */
  now?: () => Date;
  /** Demand this bearer token, like OpenCost behind an auth proxy. */
  token?: string;
}

/** Starts an OpenCost Allocation API emulator. */
export async function startEmulator(
  options: StartEmulatorOptions = {},
): Promise<OpenCostEmulator> {
  const control: EmulatorControl = {
    requests: [],
    token: options.token,
    now: options.now ?? (() => new Date()),
  };
  return serveEmulator(
    createEmulatorApp(options.fixtures ?? loadDemoFixtures(), control),
    control,
    options,
  );
}

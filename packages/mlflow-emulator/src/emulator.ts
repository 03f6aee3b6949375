import {
  EmulatorOptions,
  fixtureLoaders,
  RunningEmulator,
  serveEmulator,
} from '@groundwork/emulator-server';
import {
  createEmulatorApp,
  EmulatorAuth,
  EmulatorControl,
  EmulatorFault,
  EmulatorRequest,
} from './app';
import { EmulatorStore } from './store';
import { EmulatorFixtures } from './types';

/** A running emulator; its `url` serves as an MLflow tracking URI. */
export interface MlflowEmulator
  extends RunningEmulator<EmulatorRequest, EmulatorFault> {
  /**
   * Caps get-history pages at this many points whatever `max_results` asks,
   * as an MLflow server may; `undefined` lifts the cap.
   */
  setHistoryPageLimit(points: number | undefined): void;
  /** The most API requests answered at once since start or the last reset. */
  readonly peakConcurrentRequests: number;
  resetPeakConcurrentRequests(): void;
}

/** Read the demo fixtures shipped in this package, or a JSON fixtures file. */
export const { loadDemoFixtures, loadFixturesFile } =
  fixtureLoaders<EmulatorFixtures>(
    require.resolve('@groundwork/mlflow-emulator/package.json'),
  );

/** Options for {@link startEmulator}. */
export interface StartEmulatorOptions
  extends EmulatorOptions<EmulatorFixtures> {
  /** Require these credentials, like an MLflow server behind auth. */
  auth?: EmulatorAuth;
}

/** Starts an MLflow REST API emulator. */
export async function startEmulator(
  options: StartEmulatorOptions = {},
): Promise<MlflowEmulator> {
  const store = new EmulatorStore(options.fixtures ?? loadDemoFixtures());
  const control: EmulatorControl = { requests: [], auth: options.auth };
  const emulator = await serveEmulator(
    createEmulatorApp(store, control),
    control,
    options,
  );
  return Object.defineProperties(emulator, {
    setHistoryPageLimit: {
      value: (points: number | undefined) => {
        control.historyPageLimit = points;
      },
    },
    peakConcurrentRequests: { get: () => control.peakInFlight ?? 0 },
    resetPeakConcurrentRequests: {
      value: () => {
        control.peakInFlight = control.inFlight ?? 0;
      },
    },
  }) as MlflowEmulator;
}

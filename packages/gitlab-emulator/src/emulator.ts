import {
  ListenOptions,
  RunningEmulator,
  serveEmulator,
} from '@groundwork/emulator-server';
import {
  createEmulatorApp,
  EmulatorControl,
  EmulatorFault,
  EmulatorRequest,
} from './app';
import { EmulatorStore } from './store';

/** A running emulator; its `url` serves as a GitLab integration's `baseUrl`. */
export type GitLabEmulator = RunningEmulator<EmulatorRequest, EmulatorFault> & {
  /** Where the bare repositories and the metadata live. */
  dataDir: string;
};

/** Options for {@link startEmulator}. */
export interface StartEmulatorOptions extends ListenOptions {
  /** Directory for the bare repositories and `gitlab-emulator.json`; kept across restarts. */
  dataDir: string;
  /** The one token accepted; it belongs to `user`. */
  token: string;
  /** The token's owner (default `root`, GitLab's first administrator). */
  user?: { username: string; name: string; email: string };
  /** Groups (top-level namespaces) that exist (default none). */
  groups?: string[];
  /** e.g. `http://localhost:8929`: the base of `web_url` and `http_url_to_repo` (default: the request's Host). */
  externalUrl?: string;
  /** The emulated clock for `created_at` fields (default: the real one). */
  now?: () => Date;
}

/** Starts a GitLab REST API v4 and git smart HTTP emulator. */
export async function startEmulator(
  options: StartEmulatorOptions,
): Promise<GitLabEmulator> {
  const store = new EmulatorStore(
    options.dataDir,
    options.user ?? {
      username: 'root',
      name: 'Administrator',
      email: 'admin@example.com',
    },
    options.groups ?? [],
  );
  const control: EmulatorControl = {
    requests: [],
    token: options.token,
    now: options.now ?? (() => new Date()),
    externalUrl: options.externalUrl,
  };
  const running = await serveEmulator(
    createEmulatorApp(store, control),
    control,
    options,
  );
  return Object.assign(running, { dataDir: options.dataDir });
}

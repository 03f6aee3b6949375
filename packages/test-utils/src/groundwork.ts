import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';

/** The `groundwork` binary of packages/cli; it builds its bundle when the sources changed. */
// Test helpers run from their sources in this repository, never built.
// eslint-disable-next-line no-restricted-syntax
export const GROUNDWORK_BIN = join(__dirname, '../../cli/bin/groundwork');

/**
 * Runs the `groundwork` binary as a CI step does, asynchronously so that a
 * backend in the test's own process can answer it. The environment holds
 * only `env`, Node on PATH and NO_COLOR: no token from the caller's shell,
 * and no `backstage-cli` to print one.
 */
export function runGroundwork(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [GROUNDWORK_BIN, ...args],
      {
        env: { PATH: dirname(process.execPath), NO_COLOR: '1', ...env },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

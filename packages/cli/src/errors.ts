/**
 * A usage, configuration or network problem: the CLI prints the message,
 * which says what to do, and exits with code 2 (never 1, which means the
 * check ran and failed).
 */
export class CliError extends Error {
  name = 'CliError';
}

/** Exit codes of every command. */
export const EXIT = { passed: 0, failed: 1, error: 2 } as const;

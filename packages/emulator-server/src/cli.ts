/**
 * Reads `--name value` options. For `--help` it prints the usage and gives
 * `undefined`; for anything else it prints the usage and exits with status 2.
 */
export function readCliOptions(
  argv: string[],
  usage: string,
): Map<string, string> | undefined {
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') {
      process.stdout.write(usage);
      return undefined;
    }
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      process.stderr.write(`Unexpected argument '${argv[i]}'\n\n${usage}`);
      process.exit(2);
    }
    options.set(argv[i].slice(2), argv[i + 1]);
    i += 1;
  }
  return options;
}

/** Stops the emulator, then the process, on Ctrl-C or SIGTERM. */
export function stopOnSignals(emulator: { stop(): Promise<void> }) {
  const stop = () => emulator.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

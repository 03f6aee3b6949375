import { loadDemoFixtures, loadFixturesFile, startEmulator } from './emulator';

const USAGE = `opencost-emulator: an EMULATOR of part of the OpenCost Allocation API (not OpenCost)

Options:
  --port <n>          port to listen on (default 9003, OpenCost's API port)
  --host <address>    interface to bind (default 127.0.0.1)
  --fixtures <file>   JSON fixtures to serve (default: the shipped demo fixtures)
`;

/** Entry point of the `opencost-emulator` bin. */
export async function main(argv: string[]) {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') {
      process.stdout.write(USAGE);
      return;
    }
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      process.stderr.write(`Unexpected argument '${argv[i]}'\n\n${USAGE}`);
      process.exit(2);
    }
    args.set(argv[i].slice(2), argv[i + 1]);
    i += 1;
  }
  const fixtures = args.has('fixtures')
    ? loadFixturesFile(args.get('fixtures')!)
    : loadDemoFixtures();
  const emulator = await startEmulator({
    port: Number(args.get('port') ?? 9003),
    host: args.get('host') ?? '127.0.0.1',
    fixtures,
  });
  process.stdout.write(
    `OpenCost EMULATOR (not OpenCost) serving ${fixtures.namespaces.length} namespaces of cluster ${fixtures.cluster} at ${emulator.url}\n`,
  );
  const stop = () => emulator.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

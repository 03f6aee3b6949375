import { readCliOptions, stopOnSignals } from '@groundwork/emulator-server';
import { loadDemoFixtures, loadFixturesFile, startEmulator } from './emulator';

const USAGE = `opencost-emulator: an EMULATOR of part of the OpenCost Allocation API (not OpenCost)

Options:
  --port <n>          port to listen on (default 9003, OpenCost's API port)
  --host <address>    interface to bind (default 127.0.0.1)
  --fixtures <file>   JSON fixtures to serve (default: the shipped demo fixtures)
`;

/** Entry point of the `opencost-emulator` bin. */
export async function main(argv: string[]) {
  const args = readCliOptions(argv, USAGE);
  if (!args) return;
  const fixtures = args.has('fixtures')
    ? loadFixturesFile(args.get('fixtures')!)
    : loadDemoFixtures();
  const emulator = await startEmulator({
    port: Number(args.get('port') ?? 9003),
    host: args.get('host'),
    fixtures,
  });
  process.stdout.write(
    `OpenCost EMULATOR (not OpenCost) serving ${fixtures.namespaces.length} namespaces of cluster ${fixtures.cluster} at ${emulator.url}\n`,
  );
  stopOnSignals(emulator);
}

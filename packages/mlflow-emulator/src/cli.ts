import { readCliOptions, stopOnSignals } from '@groundwork/emulator-server';
import { loadDemoFixtures, loadFixturesFile, startEmulator } from './emulator';
import { mergeFixtures, syntheticFixtures } from './synthetic';

const USAGE = `mlflow-emulator: an EMULATOR of part of the MLflow REST API 2.0 (not MLflow)

Options:
  --port <n>             port to listen on (default 5055)
  --host <address>       interface to bind (default 127.0.0.1)
  --fixtures <file>      JSON fixtures to serve (default: the shipped demo fixtures)
  --synthetic-runs <n>   also serve a synthetic experiment 'synthetic-benchmark'
                         with n runs x 50 params x 20 metrics
`;

/** Entry point of the `mlflow-emulator` bin. */
export async function main(argv: string[]) {
  const args = readCliOptions(argv, USAGE);
  if (!args) return;
  let fixtures = args.has('fixtures')
    ? loadFixturesFile(args.get('fixtures')!)
    : loadDemoFixtures();
  if (args.has('synthetic-runs')) {
    fixtures = mergeFixtures(
      fixtures,
      syntheticFixtures({ runs: Number(args.get('synthetic-runs')) }),
    );
  }
  const emulator = await startEmulator({
    port: Number(args.get('port') ?? 5055),
    host: args.get('host'),
    fixtures,
  });
  process.stdout.write(
    `MLflow EMULATOR (not MLflow) serving ${fixtures.runs.length} runs at ${emulator.url}\n`,
  );
  stopOnSignals(emulator);
}

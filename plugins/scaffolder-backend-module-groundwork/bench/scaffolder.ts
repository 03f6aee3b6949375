/*
 * Benchmark: each golden path dry-run through the real backend.
 *
 *   yarn bench:scaffolder            # from the repository root
 *
 * The backend is the one templates.test.ts uses: the scaffolder, the catalog
 * reading the demo organisation, the platform contract backend with the
 * reference contracts and the groundwork actions. Each template is dry-run
 * once to warm up, then BENCH_RUNS times (default 5): median and p95 of
 * `POST /api/scaffolder/v2/dry-run`. The contract check alone is timed by
 * sending its request, `POST /api/platform-contract/check` with the rendered
 * catalog-info.yaml and files, BENCH_RUNS times per template.
 *
 * Then the loop on the GitLab EMULATOR (bench/goldenPathLoop.ts): node-service
 * created and registered until its first scorecard (create_to_scored_ms,
 * median of BENCH_LOOP_RUNS, default 3), and the upgrade task after the golden
 * path moved on (upgrade_ms, median). The test backend's catalog processes
 * every second; the contract re-evaluates new entities 2 s after the catalog
 * processed them, as in the demo.
 *
 * The last line is JSON; max_dry_run_ms is the slowest template's median.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { dryRun } from '@groundwork/golden-path-harness';
import request from 'supertest';
import { parse } from 'yaml';
import {
  loadGoldenPaths,
  skeletonContents,
  startDemoBackend,
} from '../src/__testUtils__/demoBackend';
import { goldenPathValues } from '../src/__testUtils__/goldenPathValues';
import { timeCreateToScored, timeUpgrade } from './goldenPathLoop';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LOOP_RUNS = Number(process.env.BENCH_LOOP_RUNS ?? 3);

function percentile(samples: number[], p: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, result];
}

async function main() {
  const [backend, contents, goldenPaths] = await Promise.all([
    startDemoBackend(),
    skeletonContents(),
    loadGoldenPaths(),
  ]);
  const medians: number[] = [];
  const checkSamples: number[] = [];
  try {
    for (const { template } of goldenPaths) {
      const { name } = template.metadata;
      const values = goldenPathValues[name];
      const warmUp = await dryRun(backend.server, template, values, contents);
      if (warmUp.status !== 200) {
        throw new Error(
          `${name}: dry run answered ${warmUp.status}: ${JSON.stringify(
            warmUp.body,
          )}`,
        );
      }
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const [ms, run] = await timed(() =>
          dryRun(backend.server, template, values, contents),
        );
        if (run.status !== 200) throw new Error(`${name}: dry run failed`);
        samples.push(ms);
      }

      // The contract check alone, with what the action sends.
      const body = {
        entity: parse(warmUp.files.get('catalog-info.yaml')!),
        files: [...warmUp.files].map(([path, content]) => ({ path, content })),
      };
      for (let i = 0; i < RUNS; i++) {
        const [ms, res] = await timed(() =>
          request(backend.server)
            .post('/api/platform-contract/check')
            .set('Authorization', mockCredentials.user.header())
            .send(body),
        );
        if (res.status !== 200)
          throw new Error(`${name}: check answered ${res.status}`);
        checkSamples.push(ms);
      }

      const median = percentile(samples, 50);
      medians.push(median);
      console.log(
        `${name.padEnd(20)} dry run median ${median
          .toFixed(0)
          .padStart(5)} ms  p95 ${percentile(samples, 95)
          .toFixed(0)
          .padStart(5)} ms  (${RUNS} runs, ${warmUp.files.size} files)`,
      );
    }
  } finally {
    await backend.stop();
  }
  console.log(
    `contract check alone: p50 ${percentile(checkSamples, 50).toFixed(
      1,
    )} ms, p95 ${percentile(checkSamples, 95).toFixed(1)} ms (${
      checkSamples.length
    } requests)`,
  );
  const createToScored = await timeCreateToScored(LOOP_RUNS);
  const upgrade = await timeUpgrade(LOOP_RUNS);
  console.log(
    JSON.stringify({
      bench: 'scaffolder',
      templates: goldenPaths.length,
      runs: RUNS,
      max_dry_run_ms: Math.round(Math.max(...medians)),
      check_ms_p95: Number(percentile(checkSamples, 95).toFixed(1)),
      create_to_scored_ms: createToScored,
      upgrade_ms: upgrade,
    }),
  );
}

// The backend's scheduled work keeps timers after stop(); the bench is done.
main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);

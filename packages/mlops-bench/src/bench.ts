/*
 * `yarn bench:mlops`: the MLOps backend against the MLflow EMULATOR seeded
 * with a synthetic experiment (10,000 runs x 50 params x 20 metrics by
 * default; BENCH_RUNS overrides), then one runs page rendered in jsdom.
 * Prints figures, and a JSON summary as the last line.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  loadDemoFixtures,
  mergeFixtures,
  startEmulator,
  syntheticFixtures,
} from '@groundwork/mlflow-emulator';
import mlopsBackend from '@groundwork/plugin-mlops-backend';
import { RunsPage } from '@groundwork/plugin-mlops-common';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const RUNS = Number(process.env.BENCH_RUNS ?? 10000);
const PAGE_SIZE = 100;
const HISTORY_REQUESTS = 40;
const RUNS_PER_HISTORY_REQUEST = 5;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'bench',
    annotations: { 'mlflow.org/experiment-name': 'synthetic-benchmark' },
  },
  spec: {
    type: 'ml-project',
    owner: 'group:default/bench',
    lifecycle: 'experimental',
  },
};

const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)
  ];
};
const round = (n: number) => Math.round(n * 10) / 10;
const log = (line: string) => process.stdout.write(`${line}\n`);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

/**
 * Renders one fetched page in the ML experiments tab, in jest's jsdom (the
 * frontend's own test environment), via tableRender.bench.tsx.
 */
function measureTableRender(page: RunsPage): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-'));
  const pageFile = path.join(dir, 'page.json');
  const outFile = path.join(dir, 'render.json');
  fs.writeFileSync(pageFile, JSON.stringify(page));
  const result = spawnSync(
    process.execPath,
    [
      require.resolve('@backstage/cli/bin/backstage-cli'),
      'package',
      'test',
      '--testMatch',
      '**/src/tableRender.bench.tsx',
      '--testPathIgnorePatterns',
      '/node_modules/',
    ],
    {
      cwd: path.dirname(
        require.resolve('@groundwork/mlops-bench/package.json'),
      ),
      env: {
        ...process.env,
        CI: 'true',
        BENCH_PAGE_FILE: pageFile,
        BENCH_OUT_FILE: outFile,
      },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0 || !fs.existsSync(outFile)) {
    throw new Error(
      `table render benchmark failed:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return JSON.parse(fs.readFileSync(outFile, 'utf8')).ms;
}

async function main() {
  let started = performance.now();
  const emulator = await startEmulator({
    fixtures: mergeFixtures(
      loadDemoFixtures(),
      syntheticFixtures({ runs: RUNS }),
    ),
  });
  log(
    `emulator: ${RUNS} synthetic runs seeded in ${round(
      performance.now() - started,
    )} ms`,
  );

  const { server } = await startTestBackend({
    features: [
      mlopsBackend,
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.rootConfig.factory({
        data: {
          mlops: {
            mlflow: { servers: [{ name: 'bench', baseUrl: emulator.url }] },
          },
        },
      }),
    ],
  });
  const { port } = server.address() as AddressInfo;
  const api = `http://127.0.0.1:${port}/api/mlops/entities/component/default/bench`;
  const get = async <T>(route: string): Promise<T> => {
    const res = await fetch(`${api}${route}`);
    if (!res.ok)
      throw new Error(`${route}: HTTP ${res.status} ${await res.text()}`);
    return res.json() as Promise<T>;
  };

  // ---- runs pages ----------------------------------------------------------
  const columns = `params=p0,p1,p2,p3&metrics=${Array.from(
    { length: 20 },
    (_, i) => `m${i}`,
  ).join(',')}`;
  await get('/experiments'); // resolve and cache the experiment, as the UI does first
  emulator.resetRequests();
  const pageTimes: number[] = [];
  let token: string | undefined;
  let pages = 0;
  let rows = 0;
  let firstPage: RunsPage | undefined;
  started = performance.now();
  do {
    const query = `?pageSize=${PAGE_SIZE}&orderBy=${encodeURIComponent(
      'metrics.m0 DESC',
    )}&${columns}${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`;
    const [page, ms] = await timed(() => get<RunsPage>(`/runs${query}`));
    firstPage ??= page;
    pageTimes.push(ms);
    rows += page.runs.length;
    pages += 1;
    token = page.nextPageToken;
  } while (token);
  const upstreamCallsPerPage = emulator.requests.length / pages;
  log(
    `runs: ${rows} rows in ${pages} pages of ${PAGE_SIZE} (sorted by metrics.m0) in ${round(
      performance.now() - started,
    )} ms; page p95 ${round(
      p95(pageTimes),
    )} ms; ${upstreamCallsPerPage} upstream call(s) per page`,
  );

  // ---- metric histories ----------------------------------------------------
  const historyTimes: number[] = [];
  emulator.resetRequests();
  for (let i = 0; i < HISTORY_REQUESTS; i++) {
    const ids = Array.from(
      { length: RUNS_PER_HISTORY_REQUEST },
      (_, j) =>
        `synthetic${String((i * 97 + j * 13) % RUNS).padStart(23, '0')}`,
    );
    const [, ms] = await timed(() =>
      get(`/metric-histories?runIds=${ids.join(',')}&keys=loss&maxPoints=500`),
    );
    historyTimes.push(ms);
  }
  log(
    `histories: ${HISTORY_REQUESTS} requests x ${RUNS_PER_HISTORY_REQUEST} runs (cold cache), p95 ${round(
      p95(historyTimes),
    )} ms, ${round(
      emulator.requests.length / HISTORY_REQUESTS,
    )} upstream calls per request`,
  );

  // ---- table render --------------------------------------------------------
  const tableRenderMs = measureTableRender(firstPage!);
  log(
    `table: first page (${
      firstPage!.runs.length
    } rows x 28 columns) rendered in jsdom in ${round(tableRenderMs)} ms`,
  );

  await emulator.stop();
  log(
    JSON.stringify({
      bench: 'mlops',
      runs: RUNS,
      runs_page_p95_ms: round(p95(pageTimes)),
      history_p95_ms: round(p95(historyTimes)),
      upstream_calls_per_page: upstreamCallsPerPage,
      table_render_ms: round(tableRenderMs),
    }),
  );
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});

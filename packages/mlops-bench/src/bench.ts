/*
 * `yarn bench:mlops`: the MLOps backend against the MLflow EMULATOR seeded
 * with a synthetic experiment (10,000 runs x 50 params x 20 metrics by
 * default; BENCH_RUNS overrides), then the ML experiments tab in headless
 * Chromium against the real backend (browserRender.ts).
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
import { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { measureTableRenderInChromium } from './browserRender';

const RUNS = Number(process.env.BENCH_RUNS ?? 10000);
const PAGE_SIZE = 100;
const HISTORY_REQUESTS = 40;
const RUNS_PER_HISTORY_REQUEST = 5;
/** Runs with a long `loss` history, each read once (cold). */
const LONG_HISTORY_RUNS = 8;
const LONG_HISTORY_STEPS = Number(process.env.BENCH_HISTORY_STEPS ?? 100_000);

/** A second experiment whose runs log a 100,000-step `loss` history. */
function longHistoryFixtures() {
  const fixtures = syntheticFixtures({
    runs: LONG_HISTORY_RUNS,
    params: 5,
    metrics: 1,
    lossSteps: LONG_HISTORY_STEPS,
    experimentId: '9001',
    experimentName: 'synthetic-long-history',
  });
  for (const run of fixtures.runs) {
    run.run_id = run.run_id.replace('synthetic', 'longhistory');
  }
  return fixtures;
}

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
const longHistoryEntity: Entity = {
  ...entity,
  metadata: {
    name: 'bench-long-history',
    annotations: { 'mlflow.org/experiment-name': 'synthetic-long-history' },
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

const loadAverage = () =>
  os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

async function main() {
  log(
    `machine: ${
      os.cpus().length
    } cores, load average ${loadAverage()} at start`,
  );
  let started = performance.now();
  const emulator = await startEmulator({
    fixtures: mergeFixtures(
      loadDemoFixtures(),
      syntheticFixtures({ runs: RUNS }),
      longHistoryFixtures(),
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
      catalogServiceMock.factory({
        entities: [entity, longHistoryEntity],
      }),
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
  started = performance.now();
  do {
    const query = `?pageSize=${PAGE_SIZE}&orderBy=${encodeURIComponent(
      'metrics.m0 DESC',
    )}&${columns}${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`;
    const [page, ms] = await timed(() => get<RunsPage>(`/runs${query}`));
    pageTimes.push(ms);
    rows += page.runs.length;
    pages += 1;
    token = page.nextPageToken;
  } while (token);
  const upstreamCallsPerPage = emulator.requests.length / pages;

  // Where the page time goes: the same searches straight at the emulator
  // (its search, sort and full-run JSON), versus the backend's whole answer.
  const upstreamTimes: number[] = [];
  let upstreamBytes = 0;
  let upstreamToken: string | undefined;
  const searchUpstream = async (pageToken?: string) => {
    const res = await fetch(`${emulator.url}/api/2.0/mlflow/runs/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        experiment_ids: ['9000'],
        max_results: PAGE_SIZE,
        order_by: ['metrics.m0 DESC'],
        page_token: pageToken,
      }),
    });
    return res.text();
  };
  do {
    const [body, ms] = await timed(
      searchUpstream.bind(undefined, upstreamToken),
    );
    upstreamTimes.push(ms);
    upstreamBytes = Math.max(upstreamBytes, body.length);
    upstreamToken = JSON.parse(body).next_page_token;
  } while (upstreamToken);
  const pageBytes = JSON.stringify(
    await get<RunsPage>(
      `/runs?pageSize=${PAGE_SIZE}&orderBy=${encodeURIComponent(
        'metrics.m0 DESC',
      )}&${columns}`,
    ),
  ).length;
  log(
    `runs breakdown: emulator runs/search p95 ${round(
      p95(upstreamTimes),
    )} ms for ${Math.round(
      upstreamBytes / 1024,
    )} KiB of full runs (50 params, 20 metrics each); backend answer ${Math.round(
      pageBytes / 1024,
    )} KiB with the 4 + 20 chosen columns`,
  );
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

  const longHistoryTimes: number[] = [];
  let longHistorySampled = false;
  emulator.resetRequests();
  for (let i = 0; i < LONG_HISTORY_RUNS; i++) {
    const runId = `longhistory${String(i).padStart(23, '0')}`;
    const [body, ms] = await timed(async () => {
      const res = await fetch(
        `${api.replace(
          /bench$/,
          'bench-long-history',
        )}/metric-histories?runIds=${runId}&keys=loss&maxPoints=500`,
      );
      if (!res.ok) throw new Error(`long history: HTTP ${res.status}`);
      return res.json();
    });
    const [series] = body.series;
    const lastStep = series.points[series.points.length - 1]?.step;
    if (lastStep !== LONG_HISTORY_STEPS - 1 || series.points.length > 500) {
      throw new Error(
        `long history: unexpected series ${JSON.stringify(series).slice(
          0,
          200,
        )}`,
      );
    }
    longHistorySampled ||= Boolean(series.sampled);
    longHistoryTimes.push(ms);
  }
  const longHistoryCalls = emulator.requests.length / LONG_HISTORY_RUNS;
  // Breakdown: the same upstream reads straight at the emulator
  const upstreamHistoryTimes: number[] = [];
  for (let i = 0; i < LONG_HISTORY_RUNS; i++) {
    const runId = `longhistory${String(i).padStart(23, '0')}`;
    const mlflow = `${emulator.url}/api/2.0/mlflow`;
    const [, ms] = await timed(() =>
      Promise.resolve()
        .then(() =>
          fetch(
            `${mlflow}/metrics/get-history?run_id=${runId}&metric_key=loss&max_results=10000`,
          ).then(r => r.json()),
        )
        .then(() =>
          fetch(
            `${mlflow}/metrics/get-history-bulk-interval?run_ids=${runId}&metric_key=loss&max_results=2500`,
          ).then(r => r.json()),
        ),
    );
    upstreamHistoryTimes.push(ms);
  }
  log(
    `long histories breakdown: the same MLflow reads straight at the emulator (warm) p95 ${round(
      p95(upstreamHistoryTimes),
    )} ms`,
  );
  log(
    `long histories: ${LONG_HISTORY_RUNS} requests of one ${LONG_HISTORY_STEPS}-point history (cold cache) downsampled to 500 points, p95 ${round(
      p95(longHistoryTimes),
    )} ms, ${round(longHistoryCalls)} upstream calls per request${
      longHistorySampled
        ? ' (sampled by MLflow get-history-bulk-interval, 2,500 steps)'
        : ''
    }`,
  );

  // ---- table render (headless Chromium, real backend and built app) -------
  if (process.env.BENCH_SKIP_BROWSER) {
    log('table: skipped (BENCH_SKIP_BROWSER)');
    await emulator.stop();
    process.exit(0);
  }
  const { renders, rowsPerPage } = await measureTableRenderInChromium({
    emulatorUrl: emulator.url,
  });
  const tableRenderMs = Math.max(...renders);
  log(
    `table: ${rowsPerPage} rows a page (server paging over ${RUNS} runs) painted in Chromium ${renders
      .map(round)
      .join(
        ', ',
      )} ms after the runs data arrived (first page, then paging on); worst ${round(
      tableRenderMs,
    )} ms`,
  );

  await emulator.stop();
  log(`machine: load average ${loadAverage()} at the end`);
  log(
    JSON.stringify({
      bench: 'mlops',
      runs: RUNS,
      runs_page_p95_ms: round(p95(pageTimes)),
      history_p95_ms: round(p95(longHistoryTimes)),
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

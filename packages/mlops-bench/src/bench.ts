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
import mlopsBackend from '@groundwork/plugin-mlops-backend';
import {
  MetricHistoriesResponse,
  MetricSeries,
  RunsPage,
} from '@groundwork/plugin-mlops-common';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { measureTableRenderInChromium } from './browserRender';
import { BENCH_OWNER, startEmulatorThread } from './emulatorThread';

const RUNS = Number(process.env.BENCH_RUNS ?? 10000);
const PAGE_SIZE = 100;
const HISTORY_REQUESTS = 40;
const RUNS_PER_HISTORY_REQUEST = 5;
/** Runs with a long `loss` history, each read twice: cold, then cached. */
const LONG_HISTORY_RUNS = 8;
const LONG_HISTORY_STEPS = Number(process.env.BENCH_HISTORY_STEPS ?? 100_000);
/** Points each long history is downsampled to (the API allows up to 2,000). */
const HISTORY_MAX_POINTS = Number(process.env.BENCH_HISTORY_POINTS ?? 500);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'bench',
    annotations: { 'mlflow.org/experiment-name': 'synthetic-benchmark' },
  },
  spec: {
    type: 'ml-project',
    owner: BENCH_OWNER,
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
  const emulator = await startEmulatorThread({
    runs: RUNS,
    longHistoryRuns: LONG_HISTORY_RUNS,
    longHistorySteps: LONG_HISTORY_STEPS,
  });
  log(
    `emulator: ${RUNS} synthetic runs seeded in ${round(
      emulator.seededMs,
    )} ms (in a thread of its own, as MLflow is a server of its own)`,
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
  await emulator.resetRequests();
  const pageTimes: number[] = [];
  let token: string | undefined;
  let pages = 0;
  let rows = 0;
  const started = performance.now();
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
  const upstreamCallsPerPage = (await emulator.requestCount()) / pages;

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
  await emulator.resetRequests();
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
      (await emulator.requestCount()) / HISTORY_REQUESTS,
    )} upstream calls per request`,
  );

  // Each long history is first read straight at the emulator: the emulator
  // builds a history's JSON on its first read, a one-off cost of the
  // emulator, not of the backend, so it is paid (and printed) here.
  const longRunId = (i: number) => `longhistory${String(i).padStart(23, '0')}`;
  const upstreamUrl = (i: number) =>
    `${emulator.url}/api/2.0/mlflow/metrics/get-history?run_id=${longRunId(
      i,
    )}&metric_key=loss`;
  const upstreamFirstTimes: number[] = [];
  for (let i = 0; i < LONG_HISTORY_RUNS; i++) {
    const [, ms] = await timed(() =>
      fetch(upstreamUrl(i)).then(r => r.arrayBuffer()),
    );
    upstreamFirstTimes.push(ms);
  }

  // Then through the backend twice: first with its cache empty (it reads all
  // 100,000 points from MLflow and downsamples them), then again (a finished
  // run's downsampled history comes from the cache).
  const longHistoryApi = api.replace(/bench$/, 'bench-long-history');
  const readLongHistory = async (i: number) => {
    const [body, ms] = await timed(async () => {
      const res = await fetch(
        `${longHistoryApi}/metric-histories?runIds=${longRunId(
          i,
        )}&keys=loss&maxPoints=${HISTORY_MAX_POINTS}`,
      );
      if (!res.ok) throw new Error(`long history: HTTP ${res.status}`);
      return res.json() as Promise<MetricHistoriesResponse>;
    });
    return { series: body.series[0], ms };
  };
  const coldTimes: number[] = [];
  const coldSeries: MetricSeries[] = [];
  await emulator.resetRequests();
  for (let i = 0; i < LONG_HISTORY_RUNS; i++) {
    const { series, ms } = await readLongHistory(i);
    coldTimes.push(ms);
    coldSeries.push(series);
  }
  const coldCalls = (await emulator.requestCount()) / LONG_HISTORY_RUNS;
  const warmTimes: number[] = [];
  await emulator.resetRequests();
  for (let i = 0; i < LONG_HISTORY_RUNS; i++) {
    const { series, ms } = await readLongHistory(i);
    if (JSON.stringify(series) !== JSON.stringify(coldSeries[i])) {
      throw new Error('long history: the cached series differs');
    }
    warmTimes.push(ms);
  }
  const warmCalls = (await emulator.requestCount()) / LONG_HISTORY_RUNS;

  // Breakdown: the emulator's share of a cold read (as JSON.parse'd here).
  // These reads also check that each downsampled series kept the extremes.
  const upstreamHistoryTimes: number[] = [];
  for (let i = 0; i < LONG_HISTORY_RUNS; i++) {
    const [metrics, ms] = await timed(() =>
      fetch(upstreamUrl(i))
        .then(r => r.json())
        .then(body => body.metrics as Array<{ value: number }>),
    );
    upstreamHistoryTimes.push(ms);
    const series = coldSeries[i];
    const kept = series.points.map(p => p.value as number);
    const all = metrics.map(m => m.value);
    const extremes = (v: number[]) =>
      `${v.reduce((a, b) => Math.min(a, b))}..${v.reduce((a, b) =>
        Math.max(a, b),
      )}`;
    if (
      series.totalPoints !== LONG_HISTORY_STEPS ||
      !series.sampled ||
      kept.length > HISTORY_MAX_POINTS ||
      series.points[kept.length - 1].step !== LONG_HISTORY_STEPS - 1 ||
      extremes(kept) !== extremes(all)
    ) {
      throw new Error(
        `long history: unexpected series ${JSON.stringify(series).slice(
          0,
          200,
        )}`,
      );
    }
  }
  log(
    `long histories breakdown: whole-history reads straight at the emulator, JSON.parse included, p95 ${round(
      p95(upstreamHistoryTimes),
    )} ms (the first read of each history, before the backend's, builds the emulator's JSON: p95 ${round(
      p95(upstreamFirstTimes),
    )} ms)`,
  );
  log(
    `long histories: ${LONG_HISTORY_RUNS} runs' ${LONG_HISTORY_STEPS}-point history downsampled to ${HISTORY_MAX_POINTS} points (first, last, min and max kept); cold (backend cache empty, whole history read from MLflow): first ${round(
      coldTimes[0],
    )} ms, p95 ${round(p95(coldTimes))} ms, ${round(
      coldCalls,
    )} upstream calls per request; warm (finished runs, cached): p95 ${round(
      p95(warmTimes),
    )} ms, ${round(warmCalls)} upstream call(s) per request`,
  );

  // ---- table render (headless Chromium, real backend and built app) -------
  let tableRenderMs: number | null = null;
  if (process.env.BENCH_SKIP_BROWSER) {
    log('table: skipped (BENCH_SKIP_BROWSER)');
  } else {
    const { renders, rowsPerPage } = await measureTableRenderInChromium({
      emulatorUrl: emulator.url,
    });
    tableRenderMs = Math.max(...renders);
    log(
      `table: ${rowsPerPage} rows a page (server paging over ${RUNS} runs) painted in Chromium ${renders
        .map(round)
        .join(
          ', ',
        )} ms after the runs data arrived (first page, then paging on); worst ${round(
        tableRenderMs,
      )} ms`,
    );
  }

  await emulator.stop();
  log(`machine: load average ${loadAverage()} at the end`);
  log(
    JSON.stringify({
      bench: 'mlops',
      runs: RUNS,
      runs_page_p95_ms: round(p95(pageTimes)),
      history_p95_ms: round(p95(coldTimes)),
      history_cold_ms: round(coldTimes[0]),
      history_warm_p95_ms: round(p95(warmTimes)),
      upstream_calls_per_page: upstreamCallsPerPage,
      table_render_ms: tableRenderMs === null ? null : round(tableRenderMs),
    }),
  );
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});

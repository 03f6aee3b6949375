/*
 * The table render measurement of `yarn bench:mlops`, in headless Chromium:
 * the real backend (packages/backend, serving the built app from
 * packages/app/dist) with MLOps pointed at the emulator's synthetic
 * experiment, the guest signed in on the ML experiments tab of the bench
 * entity (catalog-bench.yaml). Measured in the page: from the moment the runs
 * response's JSON is parsed to the frame after the page's last row is in the
 * table (i.e. laid out and painted), for the first page and for paging on.
 */
import { Browser, chromium } from '@playwright/test';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(
  path.dirname(require.resolve('@groundwork/mlops-bench/package.json')),
  '../..',
);
const ENTITY_PATH = '/catalog/default/component/mlops-bench-synthetic';

export interface BrowserRenderResult {
  /** ms from data to painted rows, first page then each following page. */
  renders: number[];
  rowsPerPage: number;
}

declare global {
  interface Window {
    __mlopsBench: {
      dataAt?: number;
      rows?: number;
      lastRun?: string;
      rowsAt?: number;
      paintedAt?: number;
    };
  }
}

const log = (line: string) => process.stdout.write(`${line}\n`);

function ensureAppBuilt() {
  if (fs.existsSync(path.join(ROOT, 'packages/app/dist/index.html'))) return;
  log('table: building the app once (yarn workspace app build)…');
  const result = spawnSync('yarn', ['workspace', 'app', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('app build failed');
}

async function waitForHealthy(url: string, child: ChildProcess, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`backend exited with code ${child.exitCode}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`backend not healthy at ${url} after ${ms} ms`);
}

function startBackend(port: number, emulatorUrl: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../app-config.e2e.yaml',
      '--config',
      '../mlops-bench/app-config.bench.yaml',
    ],
    {
      cwd: path.join(ROOT, 'packages/backend'),
      env: {
        ...process.env,
        E2E_PORT: String(port),
        BENCH_MLFLOW_URL: emulatorUrl,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: false,
    },
  );
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  child.on('exit', code => {
    if (code && code !== 0 && code !== 143) {
      process.stderr.write(`backend exited ${code}:\n${stderr}\n`);
    }
  });
  return child;
}

/** Runs in the page before the app: times the runs responses' JSON. */
function instrumentRunsResponses() {
  window.__mlopsBench = {};
  const originalFetch = window.fetch;
  window.fetch = async function benchFetch(
    input: RequestInfo | URL,
    init?: RequestInit,
  ) {
    const res = await originalFetch.call(window, input, init);
    let url: string;
    if (typeof input === 'string') url = input;
    else if (input instanceof URL) url = input.href;
    else url = input.url;
    if (/\/api\/mlops\/entities\/[^?]+\/runs\?/.test(url)) {
      const json = res.json.bind(res);
      res.json = async () => {
        const body = await json();
        const bench = window.__mlopsBench;
        bench.dataAt = performance.now();
        bench.rows = body.runs.length;
        bench.lastRun = body.runs[body.runs.length - 1]?.runName;
        bench.rowsAt = undefined;
        bench.paintedAt = undefined;
        return body;
      };
    }
    return res;
  };
}

/** Polled on every animation frame: true once the page's rows are painted. */
function rowsPainted(): boolean {
  const bench = window.__mlopsBench;
  if (bench.paintedAt !== undefined) return true;
  if (bench.dataAt === undefined || bench.rowsAt !== undefined) return false;
  const table = document.querySelector('table[aria-label="runs"]');
  const rows = table?.querySelectorAll('tbody tr').length ?? 0;
  if (rows === bench.rows && table!.textContent!.includes(bench.lastRun!)) {
    bench.rowsAt = performance.now();
    // the frame that contains the rows: painted once the next task runs
    requestAnimationFrame(() =>
      setTimeout(() => {
        bench.paintedAt = performance.now();
      }, 0),
    );
  }
  return false;
}

export async function measureTableRenderInChromium(options: {
  emulatorUrl: string;
  port?: number;
  pages?: number;
}): Promise<BrowserRenderResult> {
  const port = options.port ?? Number(process.env.BENCH_PORT ?? 7117);
  const baseUrl = `http://localhost:${port}`;
  ensureAppBuilt();
  const backend = startBackend(port, options.emulatorUrl);
  // launched inside the try: a browser that fails to start must not leave
  // the backend running
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    await waitForHealthy(`${baseUrl}/healthcheck`, backend, 180_000);
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await page.addInitScript(instrumentRunsResponses);
    page.setDefaultTimeout(120_000);

    // Sign in as guest, then wait until the catalog has ingested the bench entity.
    await page.goto(`${baseUrl}/`);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true })
      .waitFor();
    // Warm-up load (chunks, experiment resolution); retried until the
    // catalog has ingested the bench entity.
    const deadline = Date.now() + 180_000;
    for (;;) {
      await page.goto(`${baseUrl}${ENTITY_PATH}/ml-experiments`);
      try {
        await page
          .getByRole('table', { name: 'runs' })
          .waitFor({ timeout: 15_000 });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
    }

    const renders: number[] = [];
    const measure = async () => {
      await page.waitForFunction(rowsPainted, undefined, { polling: 'raf' });
      const ms = await page.evaluate(
        () => window.__mlopsBench.paintedAt! - window.__mlopsBench.dataAt!,
      );
      renders.push(ms);
    };
    await page.goto(`${baseUrl}${ENTITY_PATH}/ml-experiments`);
    await measure();
    const rowsPerPage = await page.evaluate(() => window.__mlopsBench.rows!);
    for (let i = 0; i < (options.pages ?? 5); i++) {
      // forget the previous page, so only the next response's rows count
      await page.evaluate(() => {
        window.__mlopsBench = {};
      });
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await measure();
    }
    return { renders, rowsPerPage };
  } finally {
    await browser?.close();
    backend.kill('SIGTERM');
    await new Promise(r => setTimeout(r, 500));
    if (backend.exitCode === null) backend.kill('SIGKILL');
  }
}

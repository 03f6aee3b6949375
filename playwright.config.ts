import { defineConfig } from '@playwright/test';
import path from 'node:path';

/**
 * Browser end-to-end tests: the built app (packages/app/dist) served by the
 * backend on its own port, driven in the system's Chromium (Playwright's own
 * browser download is not used). `npm test` builds the app first.
 */
const port = Number(process.env.E2E_PORT ?? 7107);
const baseURL = `http://localhost:${port}`;

/**
 * Every process of the run (backend, emulators, demo data generator) keeps
 * the test clock when GROUNDWORK_TEST_NOW is set (packages/test-utils/clock);
 * the pages get the same instant through Playwright's clock (helpers.ts).
 */
/**
 * Runs on a moved clock keep their reports apart from the main run's
 * (`GROUNDWORK_E2E_RUN` names a run, e.g. `npm test`'s extra dated runs).
 */
const runName =
  process.env.GROUNDWORK_E2E_RUN ??
  process.env.GROUNDWORK_TEST_NOW?.slice(0, 10);
const runSuffix = runName ? `-${runName}` : '';

const clockEnv = {
  NODE_OPTIONS: [
    process.env.NODE_OPTIONS,
    `--require ${path.resolve(
      __dirname,
      'packages/test-utils/clock/register.cjs',
    )}`,
  ]
    .filter(Boolean)
    .join(' '),
};

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: `test-results/e2e${runSuffix}.json` }],
    [
      'html',
      { open: 'never', outputFolder: `test-results/e2e-report${runSuffix}` },
    ],
  ],
  outputDir: `test-results/playwright${runSuffix}`,
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
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
    },
  },
  webServer: [
    {
      // The demo billing data is generated for the run's clock (it ends
      // yesterday), into test-results/e2e-data that app-config.e2e.yaml
      // reads, so no test depends on the date the committed file was made.
      // A golden path the upgrade test may change is copied there too.
      // Not `backstage-cli package start`: it restarts on every file change.
      command:
        'node plugins/cost-backend/scripts/generate-demo-focus.js --out test-results/e2e-data/focus_demo.csv.gz && node packages/app/e2e-tests/fixtures/evolvingGoldenPath.js && yarn workspace backend start:e2e',
      url: `${baseURL}/healthcheck`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: 'pipe',
      env: {
        ...clockEnv,
        E2E_PORT: String(port),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
    },
    {
      // The MLflow EMULATOR (not MLflow) with the demo fixtures, for the MLOps
      // tests; app-config.e2e.yaml points the `demo` server at it.
      command: 'node packages/mlflow-emulator/bin/mlflow-emulator --port 5056',
      url: 'http://localhost:5056/health',
      reuseExistingServer: !process.env.CI,
      env: clockEnv,
    },
    {
      // The OpenCost EMULATOR (not OpenCost) with the demo fixtures, for the
      // efficiency panel; app-config.e2e.yaml points cost.opencost at it.
      command:
        'node packages/opencost-emulator/bin/opencost-emulator --port 9013',
      url: 'http://localhost:9013/healthz',
      reuseExistingServer: !process.env.CI,
      env: clockEnv,
    },
    {
      // The GitLab EMULATOR (not GitLab; real git repositories) that the
      // golden paths publish to, on the demo's port and with its token: the
      // templates offer that host (app-config.yaml). Each run starts empty.
      command:
        'node packages/gitlab-emulator/bin/gitlab-emulator --port 8929 --data test-results/e2e-data/gitlab --reset yes --token groundwork-dev-token --groups acme',
      url: 'http://localhost:8929/-/health',
      reuseExistingServer: !process.env.CI,
      env: clockEnv,
    },
  ],
});

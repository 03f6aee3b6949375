#!/usr/bin/env node
/*
 * Entry point for `npm start` and `npm test`.
 *
 * Runs on any Node.js from 18 with no dependencies. Backstage 1.55 needs Node 22
 * (Node 24 crashes better-sqlite3, see README), so when the running Node is not 22
 * this fetches Node 22 for this OS and CPU from the npm registry into `.tools/`
 * and re-runs everything with it. Dependencies are installed with the Yarn that
 * is vendored in `.yarn/releases`, and only when the lockfile or a manifest changed.
 */
'use strict';

const { spawnSync, spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const NODE_VERSION = '22.23.3';
const ROOT = path.resolve(__dirname, '..');
const TOOLS = path.join(ROOT, '.tools');
const YARN = path.join(ROOT, '.yarn', 'releases', 'yarn-4.13.0.cjs');
const INSTALL_STAMP = path.join(ROOT, 'node_modules', '.groundwork-install');
const REPORTS = path.join(ROOT, 'test-results');
const isWindows = process.platform === 'win32';

function log(message) {
  process.stdout.write(`\x1b[36m[groundwork]\x1b[0m ${message}\n`);
}

function fail(message) {
  process.stderr.write(`\x1b[31m[groundwork] ${message}\x1b[0m\n`);
  process.exit(1);
}

function elapsed(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Runs a command with inherited output; returns its exit code. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    cwd: ROOT,
    shell: isWindows,
    ...options,
  });
  if (result.error) {
    fail(`could not run ${command}: ${result.error.message}`);
  }
  return result.status === null ? 1 : result.status;
}

/** The directory of a Node 22 installation: the running one, or one in `.tools/`. */
function ensureNode22() {
  if (process.versions.node.split('.')[0] === '22') {
    return path.dirname(path.dirname(process.execPath));
  }
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[
    process.platform
  ];
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  if (!platform || !arch) {
    fail(
      `no Node ${NODE_VERSION} build for ${process.platform}/${process.arch}; install Node 22 yourself and re-run`,
    );
  }
  const pkg = `node-${platform}-${arch}`;
  const dir = path.join(TOOLS, `${pkg}-${NODE_VERSION}`);
  const binary = path.join(dir, 'bin', isWindows ? 'node.exe' : 'node');
  if (fs.existsSync(binary)) {
    return dir;
  }
  log(
    `Node ${process.versions.node} is running; Backstage needs Node 22. Fetching ${pkg}@${NODE_VERSION} from the npm registry (~50 MB, once)...`,
  );
  const started = Date.now();
  const download = fs.mkdtempSync(path.join(os.tmpdir(), 'groundwork-node-'));
  if (
    run('npm', ['pack', `${pkg}@${NODE_VERSION}`, '--silent'], {
      cwd: download,
    }) !== 0
  ) {
    fail(
      `npm pack ${pkg}@${NODE_VERSION} failed; check your npm registry access`,
    );
  }
  const tarball = fs.readdirSync(download).find(f => f.endsWith('.tgz'));
  const staging = `${dir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  if (
    run('tar', [
      'xzf',
      path.join(download, tarball),
      '-C',
      staging,
      '--strip-components=1',
    ]) !== 0
  ) {
    fail(`could not unpack ${tarball}`);
  }
  fs.rmSync(download, { recursive: true, force: true });
  fs.renameSync(staging, dir);
  log(
    `Node ${NODE_VERSION} is ready in ${path.relative(ROOT, dir)} (${elapsed(
      started,
    )})`,
  );
  return dir;
}

/** A fingerprint of everything that decides what `yarn install` produces. */
function installFingerprint(nodeDir) {
  const hash = crypto.createHash('sha256');
  hash.update(nodeDir);
  for (const file of ['yarn.lock', 'package.json', '.yarnrc.yml']) {
    hash.update(fs.readFileSync(path.join(ROOT, file)));
  }
  for (const parent of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(ROOT, parent)).sort()) {
      const manifest = path.join(ROOT, parent, name, 'package.json');
      if (fs.existsSync(manifest)) {
        hash.update(fs.readFileSync(manifest));
      }
    }
  }
  return hash.digest('hex');
}

function ensureInstall(env, nodeDir) {
  const fingerprint = installFingerprint(nodeDir);
  if (
    fs.existsSync(INSTALL_STAMP) &&
    fs.readFileSync(INSTALL_STAMP, 'utf8') === fingerprint
  ) {
    log('Dependencies are up to date.');
    return;
  }
  log(
    'Installing dependencies with the vendored Yarn (first run: a few minutes; native addons compile against Node 22)...',
  );
  const started = Date.now();
  const args = [YARN, 'install'];
  if (process.env.CI) {
    args.push('--immutable');
  }
  if (run(path.join(nodeDir, 'bin', 'node'), args, { env }) !== 0) {
    fail('yarn install failed (see above)');
  }
  fs.writeFileSync(INSTALL_STAMP, fingerprint);
  log(`Dependencies installed (${elapsed(started)}).`);
}

function toolchainEnv(nodeDir) {
  const bin = isWindows ? nodeDir : path.join(nodeDir, 'bin');
  return {
    ...process.env,
    PATH: [bin, path.join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(
      path.delimiter,
    ),
    // node-gyp must build native addons (better-sqlite3) against Node 22's headers.
    npm_config_nodedir: nodeDir,
  };
}

function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ].filter(Boolean);
  return candidates.find(candidate => fs.existsSync(candidate));
}

function ensureChromium() {
  let chromium = findChromium();
  if (!chromium && process.platform === 'linux' && process.getuid?.() === 0) {
    log(
      "Chromium is missing; installing Debian's chromium package for the browser tests...",
    );
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium']);
    chromium = findChromium();
  }
  if (!chromium) {
    fail(
      'The browser tests need Chromium or Chrome. Install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH to its executable.',
    );
  }
  return chromium;
}

/** Counts from every Jest and Playwright JSON report of the run, for one closing line. */
function countResults() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of fs.readdirSync(REPORTS)) {
    const read = () =>
      JSON.parse(fs.readFileSync(path.join(REPORTS, file), 'utf8'));
    if (/^jest.*\.json$/.test(file)) {
      const report = read();
      passed += report.numPassedTests;
      failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
      skipped += report.numPendingTests + report.numTodoTests;
    } else if (/^e2e.*\.json$/.test(file)) {
      const { stats } = read();
      passed += stats.expected + stats.flaky;
      failed += stats.unexpected;
      skipped += stats.skipped;
    }
  }
  return { passed, failed, skipped };
}

/**
 * Other dates the date-sensitive tests also run on (GROUNDWORK_TEST_NOW, see
 * packages/test-utils/clock): the first of next month, when the month has no
 * billing data yet, and a year from now.
 */
function movedClocks(now = new Date()) {
  const iso = date => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    iso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 9))),
    iso(new Date(now.getTime() + 365 * 86400000)),
  ];
}

function test(env) {
  fs.rmSync(REPORTS, { recursive: true, force: true });
  fs.mkdirSync(REPORTS, { recursive: true });
  const testEnv = { ...env, CI: env.CI || 'true' };
  const jestReport = name =>
    `--outputFile=${path.join(REPORTS, `${name}.json`)}`;
  const steps = [
    { title: 'type check', args: ['tsc'] },
    // Reads the declarations the type check wrote (dist-types): fails when a
    // published package's exports differ from its checked-in report.api.md.
    { title: 'API reports', args: ['api-reports:check'] },
    { title: 'lint', args: ['lint:all'] },
    {
      title: 'unit and integration tests',
      args: ['test:unit', '--json', jestReport('jest')],
    },
    // A stock app from create-app, the packed plugins and the README's
    // install snippets (scripts/adoption); under 10 minutes on 2 cores.
    { title: 'adoption: a stock app by the README', args: ['test:adoption'] },
    { title: 'build the app', args: ['workspace', 'app', 'build'] },
    { title: 'browser end-to-end tests', args: ['test:e2e'], browser: true },
    // No test may depend on today's date: the cost tests and the browser
    // tests of dated views run again with the clock moved.
    ...movedClocks().flatMap(now => {
      const date = now.slice(0, 10);
      const env = {
        GROUNDWORK_TEST_NOW: now,
        GROUNDWORK_E2E_RUN: `dated-${date}`,
      };
      return [
        {
          title: `cost tests on ${date}`,
          args: [
            'test:unit',
            '--json',
            jestReport(`jest-${date}`),
            'plugins/cost',
          ],
          env,
        },
        {
          title: `browser tests of dated views on ${date}`,
          args: [
            'test:e2e',
            'packages/app/e2e-tests/cost.test.ts',
            'packages/app/e2e-tests/cost-commitments.test.ts',
            'packages/app/e2e-tests/platform-contract.test.ts',
          ],
          env,
          browser: true,
        },
      ];
    }),
  ];
  const outcomes = [];
  for (const { title, args, env = {}, browser } of steps) {
    if (browser) {
      if (outcomes.some(o => o.title === 'build the app' && o.code !== 0)) {
        outcomes.push({
          title,
          code: 1,
          time: '0 s (skipped: app build failed)',
        });
        continue;
      }
      testEnv.CHROMIUM_PATH = ensureChromium();
    }
    log(`── ${title} ──`);
    const started = Date.now();
    const code = run('yarn', args, { env: { ...testEnv, ...env } });
    outcomes.push({ title, code, time: elapsed(started) });
  }
  log('Summary:');
  for (const { title, code, time } of outcomes) {
    log(`  ${code === 0 ? 'ok  ' : 'FAIL'}  ${title} (${time})`);
  }
  const { passed, failed, skipped } = countResults();
  const stepsFailed = outcomes.filter(o => o.code !== 0).length;
  process.stdout.write(
    `${passed} passed, ${
      failed + (failed === 0 ? stepsFailed : 0)
    } failed, ${skipped} skipped\n`,
  );
  process.exit(stepsFailed === 0 ? 0 : 1);
}

function start(env) {
  // The demo billing data ends yesterday, whatever the date: the generator is
  // deterministic for an end date, so on the day it was committed it rewrites
  // the same bytes (~3 s).
  if (
    run(
      process.execPath,
      ['plugins/cost-backend/scripts/generate-demo-focus.js'],
      { env, stdio: 'ignore' },
    ) !== 0
  ) {
    log('Could not refresh the demo billing data; using the committed file.');
  }
  log(
    'Starting Groundwork: frontend on http://localhost:3000, backend on http://localhost:7007 (sign in as Guest).',
  );
  log(
    'The MLflow EMULATOR (demo data, not MLflow) runs on http://localhost:5055.',
  );
  log(
    'The OpenCost EMULATOR (demo data, not OpenCost) runs on http://localhost:9003.',
  );
  log(
    'The GitLab EMULATOR (real git repositories, not GitLab) runs on http://localhost:8929; the golden paths publish there. It starts empty, like the demo catalog.',
  );
  const children = [
    ...[
      ['@groundwork/mlflow-emulator', 'start'],
      ['@groundwork/opencost-emulator', 'start'],
      ['@groundwork/gitlab-emulator', 'start', '--reset', 'yes'],
    ].map(
      ([workspace, ...script]) =>
        spawn('yarn', ['workspace', workspace, ...script], {
          stdio: 'inherit',
          cwd: ROOT,
          env,
          shell: isWindows,
        }),
    ),
    spawn('yarn', ['dev'], {
      stdio: 'inherit',
      cwd: ROOT,
      env,
      shell: isWindows,
    }),
  ];
  const stop = signal => children.forEach(child => child.kill(signal));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // When one stops (the app, or an emulator on a busy port), stop the others.
  for (const child of children) {
    child.on('exit', code => {
      stop('SIGTERM');
      process.exitCode = process.exitCode || (code ?? 0);
    });
  }
}

function main() {
  const command = process.argv[2];
  if (!['start', 'test', 'install'].includes(command)) {
    fail('usage: node scripts/groundwork.js <start|test|install>');
  }
  const started = Date.now();
  const nodeDir = ensureNode22();
  const env = toolchainEnv(nodeDir);
  // Yarn runs scripts with the Node that runs Yarn; the vendored Yarn is run with Node 22.
  env.PATH = [path.join(ROOT, 'scripts', 'bin'), env.PATH].join(path.delimiter);
  env.GROUNDWORK_NODE = path.join(
    nodeDir,
    'bin',
    isWindows ? 'node.exe' : 'node',
  );
  ensureInstall(env, nodeDir);
  log(`Toolchain ready (${elapsed(started)}).`);
  if (command === 'test') test(env);
  else if (command === 'start') start(env);
}

main();

#!/usr/bin/env node
/*
 * `yarn test:adoption`: from the registry to a working stock Backstage by the
 * README alone. Packs every publishable package, creates a stock app with
 * @backstage/create-app for the release in backstage.json, installs the
 * tarballs in place of the registry, applies the README's install snippets,
 * type-checks, starts the backend and checks what an adopter would see.
 * Plain Node; run with Node 22 and the vendored Yarn on PATH (npm test does).
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  readInstallSnippets,
  statementPattern,
  countWiringLines,
} = require('./readme');
const { packAll } = require('./pack');
const { stockAppPins, templatePins } = require('./pins');

const ROOT = path.resolve(__dirname, '../..');
const WIRING_GOAL = 10;
const PORT = 7217;
/** create-app publishes the app of one Backstage release; add a row per supported release. */
const CREATE_APP_FOR_RELEASE = { '1.55.0': '0.9.2' };

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
const log = m => process.stdout.write(`[adoption ${seconds()} s] ${m}\n`);
function fail(message) {
  process.stderr.write(`[adoption] FAILED: ${message}\n`);
  process.exit(1);
}
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    fail(
      `${command} ${args.join(' ')} (in ${options.cwd ?? ROOT}) exited ${
        result.status
      }`,
    );
  }
}

async function main() {
  const release = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'backstage.json'), 'utf8'),
  ).version;
  const snippets = readInstallSnippets(path.join(ROOT, 'README.md'));
  if (!snippets.release || snippets.release.version !== release) {
    fail(
      `the README's install section must say it supports **Backstage …** (\`backstage.json\`: \`${release}\`)`,
    );
  }
  const createApp = CREATE_APP_FOR_RELEASE[release];
  if (!createApp) {
    fail(
      `no @backstage/create-app version known for Backstage ${release}: add it to CREATE_APP_FOR_RELEASE in ${__filename}`,
    );
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'groundwork-adoption-'));
  log(`working in ${work}`);
  const env = { ...process.env, BACKSTAGE_APP_NAME: 'stock-app', CI: 'true' };
  if (process.env.GROUNDWORK_NODE) {
    // Native addons (better-sqlite3) must build against Node 22's headers (TOOLCHAIN.md).
    env.npm_config_nodedir = path.dirname(
      path.dirname(process.env.GROUNDWORK_NODE),
    );
  }

  log('packing every publishable package');
  const tarballs = packAll(ROOT, path.join(work, 'tarballs'), run, env);
  checkAddLines(snippets, tarballs);

  log(`creating a stock app with @backstage/create-app@${createApp}`);
  const app = path.join(work, 'stock-app');
  run(
    'npx',
    [
      '--yes',
      `@backstage/create-app@${createApp}`,
      '--path',
      app,
      '--skip-install',
    ],
    { cwd: work, env },
  );
  const appRelease = JSON.parse(
    fs.readFileSync(path.join(app, 'backstage.json'), 'utf8'),
  ).version;
  if (appRelease !== release)
    fail(`create-app made a Backstage ${appRelease} app, not ${release}`);

  // The tarballs stand in for the registry; Backstage packages are pinned to
  // this repository's (the release's) versions, since create-app cannot fetch
  // its seed lockfile here (TOOLCHAIN.md).
  const manifest = JSON.parse(
    fs.readFileSync(path.join(app, 'package.json'), 'utf8'),
  );
  const pins = stockAppPins(ROOT);
  manifest.resolutions = {
    ...manifest.resolutions,
    ...templatePins(app, pins),
    ...pins,
    ...Object.fromEntries(
      Object.entries(tarballs).map(([name, t]) => [name, `file:${t.file}`]),
    ),
  };
  fs.writeFileSync(
    path.join(app, 'package.json'),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  // The stock app is not this repository's CI: its lockfile is written (Yarn
  // refuses to under CI=true) and its install scripts wait (see provideSqlite).
  const appEnv = {
    ...env,
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    YARN_ENABLE_SCRIPTS: 'false',
  };
  const yarn = args => run('yarn', args, { cwd: app, env: appEnv });

  // The first `yarn add` installs the stock app as well.
  log("applying the README's snippets");
  for (const line of snippets.yarnAdd) {
    // The only change to a snippet: unpublished packages need a range to resolve.
    const args = line
      .split(/\s+/)
      .slice(1)
      .map(a => (tarballs[a] ? `${a}@^${tarballs[a].version}` : a));
    yarn(args);
  }
  const indexFile = path.join(app, 'packages/backend/src/index.ts');
  let index = fs.readFileSync(indexFile, 'utf8');
  for (const line of snippets.removed) {
    const pattern = statementPattern(line);
    if (!pattern.test(index))
      fail(
        `the README removes \`${line}\`, which the stock backend does not have`,
      );
    index = index.replace(pattern, '');
  }
  index = index.replace(
    /^backend\.start\(\);/m,
    `${snippets.added.join('\n')}\n\nbackend.start();`,
  );
  fs.writeFileSync(indexFile, index);
  const appConfigFile = path.join(app, 'app-config.yaml');
  const stockConfig = fs.readFileSync(appConfigFile, 'utf8');
  for (const key of snippets.appConfig.match(/^[\w-]+(?=:)/gm) ?? []) {
    if (new RegExp(`^${key}:`, 'm').test(stockConfig)) {
      fail(
        `the README's app-config.yaml snippet adds \`${key}:\`, which the stock app-config.yaml already has`,
      );
    }
  }
  fs.writeFileSync(appConfigFile, `${stockConfig}\n${snippets.appConfig}`);
  const wiring =
    countWiringLines(snippets.added) +
    countWiringLines(snippets.appConfig.split('\n'));
  log(`wiring: ${wiring} lines (goal ≤ ${WIRING_GOAL}), frontend 0`);

  provideSqlite(app, appEnv);

  log('yarn tsc');
  yarn(['tsc']);

  log('starting the backend');
  const result = await checkRunningBackend(app, env);
  const report = {
    release,
    createApp,
    wiringLines: wiring,
    seconds: Number(seconds()),
    ...result,
  };
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  fs.writeFileSync(
    path.join(ROOT, 'test-results/adoption.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  log(JSON.stringify(report));
  if (wiring > WIRING_GOAL)
    fail(`${wiring} lines of wiring, more than the goal of ${WIRING_GOAL}`);
  fs.rmSync(work, { recursive: true, force: true });
}

/**
 * The stock backend's only native addon in use, better-sqlite3, without the
 * minutes of compiling it and the stock app's optional ones (keytar, ssh2,
 * cpu-features): the build this repository's install made, when the version
 * and Node are the same; otherwise built here.
 */
function provideSqlite(app, appEnv) {
  const manifest = dir =>
    JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const ours = path.join(ROOT, 'node_modules/better-sqlite3');
  const theirs = path.join(app, 'node_modules/better-sqlite3');
  const addon = 'build/Release/better_sqlite3.node';
  if (
    fs.existsSync(path.join(ours, addon)) &&
    manifest(ours).version === manifest(theirs).version
  ) {
    log(`better-sqlite3 ${manifest(theirs).version}: this repository's build`);
    fs.mkdirSync(path.dirname(path.join(theirs, addon)), { recursive: true });
    fs.copyFileSync(path.join(ours, addon), path.join(theirs, addon));
    return;
  }
  log(`building better-sqlite3 ${manifest(theirs).version}`);
  run('yarn', ['rebuild', 'better-sqlite3'], {
    cwd: app,
    env: { ...appEnv, YARN_ENABLE_SCRIPTS: 'true' },
  });
}

/** Every published backend and frontend plugin is in the README's yarn add lines. */
function checkAddLines(snippets, tarballs) {
  const named = new Set(snippets.yarnAdd.flatMap(l => l.split(/\s+/)));
  const roles = ['backend-plugin', 'frontend-plugin'];
  const missing = Object.entries(tarballs)
    .filter(([name, t]) => roles.includes(t.role) && !named.has(name))
    .map(([name]) => name);
  const imported = snippets.added.flatMap(l =>
    [...l.matchAll(/import\('([^']+)'\)/g)].map(m => m[1]),
  );
  missing.push(...imported.filter(name => !named.has(name)));
  if (missing.length)
    fail(`the README's yarn add lines miss ${missing.join(', ')}`);
}

async function checkRunningBackend(app, env) {
  const local = path.join(app, 'app-config.adoption.yaml');
  fs.writeFileSync(
    local,
    `backend:\n  baseUrl: http://localhost:${PORT}\n  listen:\n    port: ${PORT}\n`,
  );
  const backend = spawn(
    'yarn',
    [
      'workspace',
      'backend',
      'start',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../app-config.adoption.yaml',
    ],
    {
      cwd: app,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  backend.stdout.on('data', d => (output += d));
  backend.stderr.on('data', d => (output += d));
  const base = `http://localhost:${PORT}/api`;
  try {
    await poll(
      'the backend to answer',
      180,
      async () =>
        (await fetch(`${base}/catalog/entities?limit=1`)).status === 401,
    );
    const health = {};
    for (const plugin of ['platform-contract', 'cost', 'mlops']) {
      health[plugin] = (await fetch(`${base}/${plugin}/health`)).status;
      if (health[plugin] !== 200)
        throw new Error(`${plugin} health answered ${health[plugin]}`);
    }
    const guest = await fetch(`${base}/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    const token = (await guest.json()).backstageIdentity.token;
    const get = url =>
      fetch(`${base}${url}`, { headers: { Authorization: `Bearer ${token}` } });
    let scorecard;
    await poll('example-website to get a scorecard', 120, async () => {
      const res = await get(
        '/platform-contract/entities/component/default/example-website/results',
      );
      scorecard = res.status === 200 ? await res.json() : undefined;
      return scorecard?.items?.some(
        i => i.contract === 'kubernetes-service' && i.rules.length > 0,
      );
    });
    const ref = encodeURIComponent('component:default/example-website');
    const costStatuses = {};
    for (const url of [
      `/cost/summary?entityRef=${ref}&from=2026-01-01&to=2026-01-31`,
      `/cost/series?entityRef=${ref}&from=2026-01-01&to=2026-01-31`,
      `/cost/budgets/component/default/example-website`,
      '/cost/overview?from=2026-01-01&to=2026-01-31',
      '/cost/attribution/rules',
    ]) {
      costStatuses[url] = (await get(url)).status;
    }
    const bad = Object.entries(costStatuses).filter(
      ([, s]) => s !== 200 && s !== 403,
    );
    if (bad.length)
      throw new Error(
        `cost endpoints answered other than 200 or 403: ${JSON.stringify(bad)}`,
      );
    return { health, scorecardContracts: scorecard.items.length, costStatuses };
  } catch (e) {
    process.stderr.write(output.slice(-8000));
    stop(backend);
    fail(e.message);
    return undefined;
  } finally {
    stop(backend);
  }
}

/** Stops the backend and its children (yarn, backstage-cli, the backend). */
function stop(backend) {
  try {
    process.kill(-backend.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

async function poll(what, timeoutSeconds, check) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline)
      throw new Error(`gave up waiting ${timeoutSeconds} s for ${what}`);
    await new Promise(r => setTimeout(r, 2000));
  }
}

main().catch(e => fail(e.stack ?? String(e)));

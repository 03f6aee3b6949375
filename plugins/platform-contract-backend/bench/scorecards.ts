/*
 * Benchmark: platform contract scorecards on a synthetic organisation.
 *
 *   yarn bench:scorecards            # from anywhere in the repository
 *   cd plugins/platform-contract-backend
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/scorecards.ts
 *
 * Environment:
 *   BENCH_SIZES      entity counts for the full evaluation, default 1000,10000,50000
 *   BENCH_PG_MAX     largest entity count also run on PostgreSQL, default 10000
 *   BENCH_REQUESTS   HTTP requests per endpoint, default 200
 *   BENCH_TI_SAMPLE  entities in the Tech Insights sample run, default 500
 *   BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING  enables PostgreSQL
 *                    (a scratch database is created and dropped)
 *
 * The organisation: ~200 groups in a 3-level hierarchy (8 departments, 40
 * areas, 160 teams), one system per 50 components in 20 domains, components of
 * types service/website/library owned by teams, with varied annotations.
 *
 * 1. Full evaluation, per size and database: facts are in the store; time
 *    reading them, evaluating the 25-rule contract, and storing results, the
 *    daily snapshot and roll-ups, as the plugin does by default (batches
 *    evaluated on a worker thread while the main thread stores results).
 *    Two runs; the slower is reported.
 * 2. HTTP reads (10,000 entities, SQLite): the plugin is started with
 *    startTestBackend on a loopback port over the evaluated database; p50/p95
 *    of `GET /rollups?type=group` (team roll-ups), `GET
 *    /rollups/group/:ref/rules` (one team's breakdown) and `GET
 *    /entities/:kind/:ns/:name/results`.
 * 3. Tech Insights: the same 25 checks as json-rules-engine checks
 *    (@backstage-community/plugin-tech-insights-backend 3.1.0 with
 *    -module-jsonfc 0.10.0; regex and semver as custom operators), the same
 *    facts written to its fact store, `POST /checks/run`. Run on a sample of
 *    entities first; if a full run is estimated to take over 5 minutes the
 *    sample is extrapolated linearly (stated in the output), otherwise all
 *    entities are run. vs_tech_insights = Tech Insights wall time / our full
 *    evaluation (SQLite) for the same entities.
 *
 * The last line is JSON.
 */
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import {
  JsonRulesEngineFactCheckerFactory,
  TechInsightJsonRuleCheck,
} from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import {
  techInsightsFactCheckerFactoryExtensionPoint,
  techInsightsFactRetrieversExtensionPoint,
} from '@backstage-community/plugin-tech-insights-node';
import { compileContract } from '@groundwork/plugin-platform-contract-common';
import { promises as fs } from 'fs';
import knexFactory, { Knex } from 'knex';
import { AddressInfo } from 'net';
import os from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { ContractRegistry } from '../src/contracts/ContractRegistry';
import { KnexPlatformContractStore } from '../src/database/KnexPlatformContractStore';
import { ProviderFactsRow } from '../src/database/PlatformContractStore';
import { EvaluationService, refOf } from '../src/service/EvaluationService';
import { WorkerBatchEvaluator } from '../src/service/evaluationWorker';
import { platformContractPlugin } from '../src/plugin';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000')
  .split(',')
  .map(Number);
const PG_MAX = Number(process.env.BENCH_PG_MAX ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const TI_SAMPLE = Number(process.env.BENCH_TI_SAMPLE ?? 500);
const TI_FULL_LIMIT_MS = 5 * 60_000;
const MAIN_SIZE = Number(process.env.BENCH_MAIN ?? 10_000);
/** `BENCH_HTTP=0` skips the HTTP and Tech Insights part, e.g. to profile evaluation alone. */
const HTTP = process.env.BENCH_HTTP !== '0';
const RULES = 25;
const DEPARTMENTS = 8;
const AREAS_PER_DEPARTMENT = 5;
const TEAMS_PER_AREA = 4;
const TEAMS = DEPARTMENTS * AREAS_PER_DEPARTMENT * TEAMS_PER_AREA;
const DOMAINS = 20;

/** Small deterministic PRNG, so every run sees the same organisation. */
function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

const operators = [
  (i: number) => ({ fact: `f${i}`, exists: true }),
  (i: number) => ({ fact: `f${i}`, equal: 'yes' }),
  (i: number) => ({ fact: `f${i}`, gt: 10 }),
  (i: number) => ({ fact: `f${i}`, matches: '^https://' }),
  (i: number) => ({ fact: `f${i}`, semver: '>=2.0.0' }),
  (i: number) => ({
    all: [
      { fact: `f${i}`, exists: true },
      { not: { fact: 'annotations', path: `x.io/a${i}`, exists: false } },
    ],
  }),
];
const values = [
  (n: number) => (n % 7 ? 'present' : null),
  (n: number) => (n % 5 ? 'yes' : 'no'),
  (n: number) => n % 20,
  (n: number) => (n % 3 ? 'https://slo' : 'http://slo'),
  (n: number) => `${1 + (n % 3)}.0.0`,
  (n: number) => (n % 11 ? 'x' : null),
];

/** The same checks for json-rules-engine (Tech Insights). */
const jreConditions = [
  (i: number) => ({ fact: `f${i}`, operator: 'notEqual', value: null }),
  (i: number) => ({ fact: `f${i}`, operator: 'equal', value: 'yes' }),
  (i: number) => ({ fact: `f${i}`, operator: 'greaterThan', value: 10 }),
  (i: number) => ({ fact: `f${i}`, operator: 'matches', value: '^https://' }),
  (i: number) => ({ fact: `f${i}`, operator: 'semverGte', value: '2.0.0' }),
  (i: number) => ({
    all: [
      { fact: `f${i}`, operator: 'notEqual', value: null },
      {
        fact: 'annotations',
        path: `$['x.io/a${i}']`,
        operator: 'notEqual',
        value: null,
      },
    ],
  }),
];

function contractDocument() {
  return {
    apiVersion: 'groundwork.dev/v1alpha1',
    kind: 'PlatformContract',
    metadata: { name: 'bench' },
    spec: {
      owner: 'group:default/platform-team',
      version: '1',
      appliesTo: { kind: 'Component' },
      levels: [{ name: 'bronze' }, { name: 'silver' }, { name: 'gold' }],
      maxWaiverDays: 90,
      rules: Array.from({ length: RULES }, (_, i) => ({
        id: `rule-${i}`,
        title: `Rule ${i}`,
        category: [
          'ownership',
          'documentation',
          'security',
          'reliability',
          'delivery',
        ][i % 5],
        severity: 'medium',
        frameworks: [`soc2:CC${i % 8}.1`],
        level: ['ground', 'bronze', 'silver', 'gold'][i % 4],
        weight: 1 + (i % 3),
        condition: operators[i % operators.length](i),
      })),
    },
  };
}

const teamName = (t: number) => `team-${t}`;

/** ~200 groups in 3 levels, systems in domains, and `size` components. */
function organisation(size: number): Entity[] {
  const group = (name: string, parent?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: parent ? 'team' : 'department', children: [] },
    relations: parent
      ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
      : [],
  });
  const groups: Entity[] = [];
  for (let d = 0; d < DEPARTMENTS; d++) {
    groups.push(group(`dept-${d}`));
    for (let a = 0; a < AREAS_PER_DEPARTMENT; a++) {
      const area = d * AREAS_PER_DEPARTMENT + a;
      groups.push(group(`area-${area}`, `dept-${d}`));
      for (let t = 0; t < TEAMS_PER_AREA; t++) {
        groups.push(group(teamName(area * TEAMS_PER_AREA + t), `area-${area}`));
      }
    }
  }
  const systemCount = Math.max(1, Math.ceil(size / 50));
  const systems: Entity[] = Array.from({ length: systemCount }, (_, s) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: `sys-${s}`, namespace: 'default' },
    spec: { owner: teamName(s % TEAMS) },
    relations: [
      { type: 'partOf', targetRef: `domain:default/domain-${s % DOMAINS}` },
    ],
  }));
  const random = prng(42);
  const wellKnown = [
    'pagerduty.com/service-id',
    'backstage.io/techdocs-ref',
    'github.com/project-slug',
    'sonarqube.org/project-key',
    'backstage.io/source-location',
  ];
  const components: Entity[] = Array.from({ length: size }, (_, n) => {
    // Skewed ownership: some teams own many more components than others.
    const team = Math.floor(random() ** 2 * TEAMS);
    const annotations: Record<string, string> = {};
    for (const key of wellKnown) {
      if (random() < 0.7) annotations[key] = `v-${n}`;
    }
    for (let i = 0; i < RULES; i++) {
      if (random() < 0.5) annotations[`x.io/a${i}`] = 'v';
    }
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `svc-${n}`, namespace: 'default', annotations },
      spec: {
        type: ['service', 'service', 'website', 'library'][n % 4],
        owner: teamName(team),
        lifecycle: 'production',
        system: `sys-${n % systemCount}`,
      },
      relations: [
        { type: 'ownedBy', targetRef: `group:default/${teamName(team)}` },
        { type: 'partOf', targetRef: `system:default/sys-${n % systemCount}` },
      ],
    };
  });
  return [...groups, ...systems, ...components];
}

/** The facts of each component, as plain values. */
function factValues(e: Entity, n: number): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (let i = 0; i < RULES; i++) {
    facts[`f${i}`] = values[i % values.length](n + i);
  }
  facts.annotations = e.metadata.annotations ?? {};
  return facts;
}

function factRows(all: Entity[], observedAt: string): ProviderFactsRow[] {
  return all
    .filter(e => e.kind === 'Component')
    .map((e, n) => {
      const facts: ProviderFactsRow['facts'] = {};
      for (const [name, value] of Object.entries(factValues(e, n))) {
        facts[name] = { value: value as any, observedAt, source: 'bench' };
      }
      return { entityRef: refOf(e), facts };
    });
}

const silent = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silent;
  },
} as unknown as LoggerService;

const databaseOf = (knex: Knex): DatabaseService => ({
  getClient: async () => knex,
  migrations: { skip: false },
});

const sqlite = () =>
  knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
setInterval(sampleRss, 100).unref();

interface EvaluationTiming {
  total: number;
  runs: number[];
  factsMs: number;
  rows: number;
}

const FACT_MAX_AGE_HOURS = 168;

function benchContract() {
  const { contract, errors } = compileContract(
    contractDocument(),
    'bench.yaml',
  );
  if (!contract) throw new Error(JSON.stringify(errors));
  return contract;
}

/** Facts in the store, then two full evaluations; the slower is reported. */
async function evaluateOrganisation(
  knex: Knex,
  all: Entity[],
  batchEvaluator: WorkerBatchEvaluator,
): Promise<EvaluationTiming> {
  const store = await KnexPlatformContractStore.create(databaseOf(knex));
  const contract = benchContract();
  const registry = new ContractRegistry([
    { file: 'bench.yaml', name: 'bench', contract, errors: [] },
  ]);
  const evaluation = new EvaluationService({
    catalog: undefined as never,
    auth: undefined as never,
    logger: silent,
    store,
    registry,
    providers: [],
    options: {
      factMaxAgeHours: FACT_MAX_AGE_HOURS,
      historyRetentionDays: 400,
    },
    batchEvaluator,
  });
  const now = new Date();
  const t = performance.now();
  await store.writeProviderFacts(
    'bench',
    factRows(all, now.toISOString()),
    now.toISOString(),
  );
  const factsMs = performance.now() - t;
  const components = all.filter(e => e.kind === 'Component');

  const evaluate = async () => {
    const start = performance.now();
    const rows = await evaluation.evaluateAndStore(components, all, now);
    sampleRss();
    return { total: performance.now() - start, rows };
  };
  const first = await evaluate();
  // The second run is the steady state: same day, history rows are upserted in place.
  const second = await evaluate();
  const slower = first.total >= second.total ? first : second;
  return { ...slower, runs: [first.total, second.total], factsMs };
}

const fmt = (ms: number) => `${Math.round(ms)} ms`;

function describeTiming(label: string, size: number, t: EvaluationTiming) {
  return (
    `${label} ${size.toLocaleString('en-US')} entities: evaluation ${fmt(
      t.total,
    )} (runs ${t.runs.map(fmt).join(', ')}); ` +
    `facts written ${fmt(t.factsMs)}; ${t.rows} entity results`
  );
}

function percentile(samples: number[], p: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function timeRequests(
  base: string,
  paths: (i: number) => string,
  init: RequestInit = {},
) {
  const headers = { Authorization: mockCredentials.user.header() };
  // Warm up (route compilation, statement caches).
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${base}${paths(i)}`, { headers, ...init });
    if (!res.ok)
      throw new Error(`${paths(i)}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    const res = await fetch(`${base}${paths(i)}`, { headers, ...init });
    await res.arrayBuffer();
    samples.push(performance.now() - start);
    if (!res.ok) throw new Error(`${paths(i)}: ${res.status}`);
  }
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

/** json-rules-engine as jsonfc uses it (its dependency, not ours). */
function jsonRulesEngineOperator(
  name: string,
  cb: (value: any, compareTo: any) => boolean,
) {
  const { Operator } = require(require.resolve('json-rules-engine', {
    paths: [
      require.resolve(
        '@backstage-community/plugin-tech-insights-backend-module-jsonfc',
      ),
    ],
  }));
  return new Operator(name, cb);
}

const noopScheduler = createServiceFactory({
  service: coreServices.scheduler,
  deps: {},
  factory: () =>
    ({
      scheduleTask: async () => {},
      createScheduledTaskRunner: () => ({ run: async () => {} }),
      triggerTask: async () => {},
      getScheduledTasks: async () => [],
    } as any),
});

/**
 * Starts platform-contract over the evaluated database and Tech Insights over
 * its own, in one backend on a loopback port.
 */
async function startBackend(
  dir: string,
  all: Entity[],
  knexes: Record<string, Knex>,
) {
  const contractFile = join(dir, 'bench.yaml');
  await fs.writeFile(contractFile, stringify(contractDocument()));
  const components = all.filter(e => e.kind === 'Component');
  const schema: Record<string, { type: string; description: string }> = {
    annotations: { type: 'object', description: 'annotations' },
  };
  for (let i = 0; i < RULES; i++) {
    const sample = values[i % values.length](1);
    schema[`f${i}`] = {
      type: typeof sample === 'number' ? 'integer' : 'string',
      description: `fact ${i}`,
    };
  }
  const checks: TechInsightJsonRuleCheck[] = Array.from(
    { length: RULES },
    (_, i) => {
      const condition = jreConditions[i % jreConditions.length](i);
      return {
        id: `rule-${i}`,
        type: 'json-rules-engine',
        name: `Rule ${i}`,
        description: `Rule ${i}`,
        factIds: ['bench'],
        rule: {
          conditions: ('all' in condition
            ? condition
            : { all: [condition] }) as any,
        },
      };
    },
  );
  const techInsightsBench = createBackendModule({
    pluginId: 'tech-insights',
    moduleId: 'bench',
    register(env) {
      env.registerInit({
        deps: {
          retrievers: techInsightsFactRetrieversExtensionPoint,
          checker: techInsightsFactCheckerFactoryExtensionPoint,
        },
        async init({ retrievers, checker }) {
          retrievers.addFactRetrievers({
            bench: {
              id: 'bench',
              version: '0.0.1',
              entityFilter: [{ kind: 'component' }],
              schema: schema as any,
              // Facts are written to the store up front, as precomputed.
              handler: async () => [],
            },
          });
          checker.setFactCheckerFactory(
            new JsonRulesEngineFactCheckerFactory({
              checks,
              logger: silent,
              operators: [
                jsonRulesEngineOperator(
                  'matches',
                  (value: unknown, pattern: string) =>
                    typeof value === 'string' && RegExp(pattern).test(value),
                ),
                jsonRulesEngineOperator(
                  'semverGte',
                  (value: unknown, min: string) => {
                    if (typeof value !== 'string') return false;
                    const a = value.split('.').map(Number);
                    const b = min.split('.').map(Number);
                    for (let k = 0; k < 3; k++) {
                      if (a[k] !== b[k]) return a[k] > b[k];
                    }
                    return true;
                  },
                ),
              ],
            }),
          );
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      platformContractPlugin,
      techInsightsPlugin,
      techInsightsBench,
      noopScheduler,
      mockServices.rootConfig.factory({
        data: {
          platformContract: { contracts: [contractFile] },
          techInsights: {
            factRetrievers: { bench: { cadence: '0 0 1 1 *' } },
          },
        },
      }),
      mockServices.logger.factory({ level: 'error' } as any),
      catalogServiceMock.factory({ entities: all }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
      createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) => {
          const knex = knexes[plugin.getId()];
          if (!knex) throw new Error(`no database for ${plugin.getId()}`);
          return databaseOf(knex);
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  // Tech Insights' fact store, filled as its persistence context would.
  const timestamp = new Date().toISOString();
  await knexes['tech-insights'].batchInsert(
    'facts',
    components.map((e, n) => ({
      id: 'bench',
      version: '0.0.1',
      entity: refOf(e),
      facts: JSON.stringify(factValues(e, n)),
      timestamp,
    })),
    500,
  );
  return { backend, base: `http://127.0.0.1:${port}/api`, components };
}

async function runTechInsights(
  base: string,
  components: Entity[],
): Promise<{ ms: number; entities: number; extrapolated: boolean }> {
  const run = async (entities: string[]) => {
    const start = performance.now();
    const res = await fetch(`${base}/tech-insights/checks/run`, {
      method: 'POST',
      headers: {
        Authorization: mockCredentials.service.header(),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ entities }),
    });
    const body = (await res.json()) as Array<{
      results: unknown[];
      error?: unknown;
    }>;
    const ms = performance.now() - start;
    sampleRss();
    if (!res.ok) throw new Error(`checks/run: ${res.status}`);
    const failed = body.filter(r => r.error || r.results.length !== RULES);
    if (failed.length) {
      throw new Error(
        `checks/run: ${
          failed.length
        } entities without ${RULES} results, e.g. ${JSON.stringify(
          failed[0],
        ).slice(0, 500)}`,
      );
    }
    return { ms, count: body.length };
  };
  const sampleSize = Math.min(TI_SAMPLE, components.length);
  const sample = await run(components.slice(0, sampleSize).map(e => refOf(e)));
  const estimate = (sample.ms / sample.count) * components.length;
  if (estimate > TI_FULL_LIMIT_MS) {
    return { ms: estimate, entities: sample.count, extrapolated: true };
  }
  // All entities: an empty list makes Tech Insights run every entity it has facts for.
  const full = await run([]);
  if (full.count !== components.length) {
    throw new Error(
      `checks/run covered ${full.count} of ${components.length} entities`,
    );
  }
  return { ms: full.ms, entities: full.count, extrapolated: false };
}

async function withPostgres<T>(fn: (knex: Knex) => Promise<T>) {
  const url = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!url) return undefined;
  const name = `pc_bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = knexFactory({ client: 'pg', connection: url });
  await admin.raw(`CREATE DATABASE ${name}`);
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString: url, database: name },
  });
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
    await admin.raw(`DROP DATABASE ${name}`);
    await admin.destroy();
  }
}

async function main() {
  const sizes = [...new Set([...SIZES, MAIN_SIZE])].sort((a, b) => a - b);
  const sqliteMs: Record<number, number> = {};
  const postgresMs: Record<number, number> = {};
  let http:
    | {
        rollups: { p50: number; p95: number };
        teamRules: { p50: number; p95: number };
        entity: { p50: number; p95: number };
      }
    | undefined;
  let techInsights:
    | { ms: number; entities: number; extrapolated: boolean }
    | undefined;

  // One worker thread for every size and database, as a backend keeps one
  // for its lifetime (the contract is the same throughout).
  const batchEvaluator = new WorkerBatchEvaluator({
    contracts: [benchContract()],
    factMaxAgeHours: FACT_MAX_AGE_HOURS,
  });
  await batchEvaluator.start();

  for (const size of sizes) {
    const all = organisation(size);
    const groups = all.filter(e => e.kind === 'Group').length;
    const knex = sqlite();
    const timing = await evaluateOrganisation(knex, all, batchEvaluator);
    sqliteMs[size] = timing.total;
    console.log(`${describeTiming('SQLite', size, timing)}; ${groups} groups`);

    if (size === MAIN_SIZE && HTTP) {
      const dir = await fs.mkdtemp(join(os.tmpdir(), 'pc-bench-'));
      const tiKnex = sqlite();
      const { backend, base, components } = await startBackend(dir, all, {
        'platform-contract': knex,
        'tech-insights': tiKnex,
      });
      try {
        const teams = Array.from({ length: TEAMS }, (_, t) =>
          encodeURIComponent(`group:default/${teamName(t)}`),
        );
        const random = prng(7);
        http = {
          rollups: await timeRequests(
            base,
            () => '/platform-contract/rollups?type=group',
          ),
          teamRules: await timeRequests(
            base,
            i =>
              `/platform-contract/rollups/group/${
                teams[i % teams.length]
              }/rules`,
          ),
          entity: await timeRequests(
            base,
            () =>
              `/platform-contract/entities/component/default/svc-${Math.floor(
                random() * size,
              )}/results`,
          ),
        };
        console.log(
          `HTTP (SQLite, ${REQUESTS} requests each) p50/p95: team roll-ups ${http.rollups.p50.toFixed(
            1,
          )}/${http.rollups.p95.toFixed(
            1,
          )} ms; one team's rules ${http.teamRules.p50.toFixed(
            1,
          )}/${http.teamRules.p95.toFixed(
            1,
          )} ms; entity results ${http.entity.p50.toFixed(
            1,
          )}/${http.entity.p95.toFixed(1)} ms`,
        );
        techInsights = await runTechInsights(base, components);
        console.log(
          `Tech Insights POST /checks/run (SQLite): ${fmt(
            techInsights.ms,
          )} for ${components.length} entities${
            techInsights.extrapolated
              ? ` (EXTRAPOLATED linearly from a sample of ${techInsights.entities} entities)`
              : ''
          }; ${(techInsights.ms / timing.total).toFixed(
            1,
          )}× our full evaluation`,
        );
      } finally {
        await backend.stop();
        await tiKnex.destroy();
        await fs.rm(dir, { recursive: true, force: true });
      }
    }
    await knex.destroy();

    if (size <= PG_MAX) {
      const pg = await withPostgres(pgKnex =>
        evaluateOrganisation(pgKnex, all, batchEvaluator),
      );
      if (pg) {
        postgresMs[size] = pg.total;
        console.log(describeTiming('PostgreSQL', size, pg));
      }
    } else {
      console.log(
        `PostgreSQL ${size.toLocaleString(
          'en-US',
        )} entities: skipped (SQLite only; set BENCH_PG_MAX=${size} to include)`,
      );
    }
    sampleRss();
  }

  await batchEvaluator.close();

  const perEntity = sizes.map(
    s => `${s}: ${((sqliteMs[s] / s) * 1000).toFixed(0)} µs/entity`,
  );
  console.log(`SQLite growth: ${perEntity.join(', ')}`);
  sampleRss();
  console.log(
    JSON.stringify({
      bench: 'scorecards',
      entities: MAIN_SIZE,
      rules: RULES,
      evaluate_ms_sqlite: Math.round(sqliteMs[MAIN_SIZE]),
      evaluate_ms_postgres:
        postgresMs[MAIN_SIZE] !== undefined
          ? Math.round(postgresMs[MAIN_SIZE])
          : null,
      rollup_p95_ms: http ? Number(http.rollups.p95.toFixed(1)) : null,
      vs_tech_insights: techInsights
        ? Number((techInsights.ms / sqliteMs[MAIN_SIZE]).toFixed(1))
        : null,
      peak_rss_mb: Math.round(peakRss / 1024 / 1024),
      team_rules_p95_ms: http ? Number(http.teamRules.p95.toFixed(1)) : null,
      entity_results_p95_ms: http ? Number(http.entity.p95.toFixed(1)) : null,
      tech_insights_ms: techInsights ? Math.round(techInsights.ms) : null,
      tech_insights_extrapolated_from: techInsights?.extrapolated
        ? techInsights.entities
        : null,
      evaluate_ms_sqlite_by_size: Object.fromEntries(
        sizes.map(s => [s, Math.round(sqliteMs[s])]),
      ),
      evaluate_ms_postgres_by_size: Object.fromEntries(
        Object.entries(postgresMs).map(([s, ms]) => [s, Math.round(ms)]),
      ),
    }),
  );
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);

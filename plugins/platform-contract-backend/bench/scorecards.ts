/*
 * Benchmark: evaluate and store 10,000 entities × 25 rules on SQLite and
 * PostgreSQL (when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set).
 *
 *   cd plugins/platform-contract-backend
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/scorecards.ts [entities]
 *
 * Times: reading all facts from the store, evaluating every rule, then storing
 * results, the daily snapshot and roll-ups. The last line is JSON.
 */
import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { compileContract } from '@groundwork/plugin-platform-contract-common';
import knexFactory, { Knex } from 'knex';
import { ContractRegistry } from '../src/contracts/ContractRegistry';
import { KnexPlatformContractStore } from '../src/database/KnexPlatformContractStore';
import { ProviderFactsRow } from '../src/database/PlatformContractStore';
import { EvaluationService, refOf } from '../src/service/EvaluationService';

const ENTITIES = Number(process.argv[2] ?? 10_000);
const RULES = 25;
const GROUPS = 50;

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

function entities(): Entity[] {
  const groups: Entity[] = Array.from({ length: GROUPS }, (_, g) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: `team-${g}`, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: g
      ? [
          {
            type: 'childOf',
            targetRef: `group:default/team-${Math.floor((g - 1) / 5)}`,
          },
        ]
      : [],
  }));
  const components: Entity[] = Array.from({ length: ENTITIES }, (_, n) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `svc-${n}`, namespace: 'default' },
    spec: { type: 'service', owner: `team-${n % GROUPS}` },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/team-${n % GROUPS}` },
      { type: 'partOf', targetRef: `system:default/sys-${n % 200}` },
    ],
  }));
  return [...groups, ...components];
}

function factRows(all: Entity[], observedAt: string): ProviderFactsRow[] {
  return all
    .filter(e => e.kind === 'Component')
    .map((e, n) => {
      const facts: ProviderFactsRow['facts'] = {};
      for (let i = 0; i < RULES; i++) {
        facts[`f${i}`] = {
          value: values[i % values.length](n + i),
          observedAt,
          source: 'bench',
        };
      }
      facts.annotations = {
        value: { [`x.io/a${n % RULES}`]: 'v' },
        observedAt,
        source: 'bench',
      };
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

async function run(label: string, knex: Knex) {
  const database: DatabaseService = {
    getClient: async () => knex,
    migrations: { skip: false },
  };
  const store = await KnexPlatformContractStore.create(database);
  const { contract, errors } = compileContract(
    contractDocument(),
    'bench.yaml',
  );
  if (!contract) throw new Error(JSON.stringify(errors));
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
    options: { factMaxAgeHours: 168, historyRetentionDays: 400 },
  });
  const all = entities();
  const now = new Date();

  let t = performance.now();
  await store.writeProviderFacts(
    'bench',
    factRows(all, now.toISOString()),
    now.toISOString(),
  );
  const factsMs = performance.now() - t;

  const evaluate = async () => {
    const start = performance.now();
    const facts = await store.readFacts();
    const readMs = performance.now() - start;
    const t1 = performance.now();
    const rows = all.flatMap(e =>
      e.kind === 'Component'
        ? evaluation.evaluateEntityFacts(
            e,
            facts.get(refOf(e)) ?? [],
            new Map(),
            now,
          )
        : [],
    );
    const evalMs = performance.now() - t1;
    const t2 = performance.now();
    await evaluation.storeResults(rows, all, now);
    const storeMs = performance.now() - t2;
    return {
      total: performance.now() - start,
      readMs,
      evalMs,
      storeMs,
      rows: rows.length,
    };
  };
  const first = await evaluate();
  // A second run is the steady state: same day, so history rows are upserted in place.
  const second = await evaluate();
  t = performance.now();
  const historyRows = (await knex('pc_entity_history').count({ n: '*' }))[0].n;
  console.log(
    `${label}: facts written ${factsMs.toFixed(
      0,
    )} ms; evaluation run 1 ${first.total.toFixed(0)} ms ` +
      `(read facts ${first.readMs.toFixed(0)}, evaluate ${first.evalMs.toFixed(
        0,
      )}, store ${first.storeMs.toFixed(0)}); ` +
      `run 2 ${second.total.toFixed(0)} ms (read ${second.readMs.toFixed(
        0,
      )}, evaluate ${second.evalMs.toFixed(0)}, store ${second.storeMs.toFixed(
        0,
      )}); ` +
      `${first.rows} entity results, ${historyRows} history rows after 2 runs`,
  );
  await knex.destroy();
  return {
    total: Math.max(first.total, second.total),
    evalMs: first.evalMs,
    factsMs,
  };
}

async function main() {
  const sqlite = await run(
    'SQLite',
    knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    }),
  );
  let postgres: Awaited<ReturnType<typeof run>> | undefined;
  const url = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (url) {
    const name = `pc_bench_${Date.now()}`;
    const admin = knexFactory({ client: 'pg', connection: url });
    await admin.raw(`CREATE DATABASE ${name}`);
    try {
      postgres = await run(
        'PostgreSQL',
        knexFactory({
          client: 'pg',
          connection: { connectionString: url, database: name },
        }),
      );
    } finally {
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    }
  }
  console.log(
    JSON.stringify({
      bench: 'scorecards',
      entities: ENTITIES,
      rules: RULES,
      evaluate_ms_sqlite: Math.round(sqlite.total),
      evaluate_ms_postgres: postgres ? Math.round(postgres.total) : null,
      rule_evaluation_ms: Math.round(sqlite.evalMs),
      facts_write_ms_sqlite: Math.round(sqlite.factsMs),
      facts_write_ms_postgres: postgres ? Math.round(postgres.factsMs) : null,
    }),
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

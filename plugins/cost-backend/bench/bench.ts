/*
 * Cost ingest and API benchmark.
 *
 *   yarn bench:cost                                 1,000,000 rows (~1 min idle)
 *   yarn bench:cost --sizes 1000000,5000000         adds 5M rows and growth (~3.5 min idle)
 *   yarn bench:cost --rows 200000                   one size (quick check)
 *
 * For each size, in its own process (so peak RSS is per size): generates a
 * FOCUS export shaped like demo/cost/focus_sample_1000.csv (all its columns
 * and Tags JSON, ~2,000 resources, one row per resource and hour, every tenth
 * resource billed in EUR) as CSV and Parquet; ingests each into SQLite the way
 * the plugin does (DuckDB validation and aggregation, attribution,
 * transactional replace) and the CSV into PostgreSQL when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set. floor_ratio is
 * the CSV ingest time over DuckDB alone reading the same file once and
 * aggregating it to the same keys. Then starts the real cost backend plugin
 * (startTestBackend, on the ingested SQLite store, a synthetic org of 50
 * components, 5 teams, 2 divisions and 1 org, EUR converted at 1.08) and
 * times, over HTTP on loopback with a user token: a 13-month daily series of
 * one component (`series_p95_ms`) and a 13-month monthly breakdown by service
 * category of the org group (`group_monthly_p95_ms`), and the organisation's
 * 13-month commitment view (`commitments_p95_ms`; commitment columns are
 * filled: a quarter of the resources under six savings plans, some unused).
 * peak_rss_mb is the measuring process's peak after the CSV ingests (DuckDB floor and ingest
 * into SQLite), peak_rss_mb_all after everything (Parquet, PostgreSQL, the
 * HTTP backend); garbage is collected between runs. Data generation runs in a
 * child and is not counted. The last line is JSON for machines: 1M keys as
 * before, `_5m` keys and `growth_*` (time_5M / time_1M / 5; 1 = linear) when 5M was run.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import knexFactory, { Knex } from 'knex';
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import os from 'os';
import path from 'path';
import { attribute } from '../src/attribution/attribute';
import { attributeCommitments } from '../src/commitments/attributeCommitments';
import { CatalogModel } from '../src/attribution/CatalogModel';
import { DatabaseCostStore } from '../src/database/DatabaseCostStore';
import { DUCKDB_MEMORY_LIMIT, readFocusFile } from '../src/ingest/focusReader';
import { costPlugin } from '../src/plugin';

const arg = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const SIZES = (arg('sizes') ?? arg('rows') ?? '1000000').split(',').map(Number);
if (SIZES.some(n => !Number.isInteger(n) || n < 10_000)) {
  throw new Error('--rows / --sizes take whole numbers of at least 10000');
}
const COMPONENTS = 50;
const TEAMS = 5;
/** HTTP requests per measured endpoint. */
const REQUESTS = 200;

const SAMPLE = path.resolve(
  __dirname,
  '../../../demo/cost/focus_sample_1000.csv',
);
const RESOURCES = 2000;

/**
 * A FOCUS export shaped like the real sample (all its columns, its Tags JSON):
 * sample rows as templates, ~2,000 resources, one row per resource and hour,
 * with costs, hours, resource ids and the `application` tag replaced.
 */
async function generate(dir: string, rows: number) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`);
  await connection.run(`CREATE TABLE sample AS
    SELECT row_number() OVER () - 1 AS rn, *
    FROM read_csv('${SAMPLE}', header = true, all_varchar = true, nullstr = 'NULL')`);
  const hours = `(i // ${RESOURCES})`;
  const start = `TIMESTAMP '2025-11-01' + INTERVAL (${hours}) HOUR`;
  await connection.run(`CREATE TABLE focus AS
    SELECT s.* EXCLUDE (rn) REPLACE (
      CAST(round(random() * 2, 6) AS VARCHAR) AS BilledCost,
      CAST(round(random() * 2, 6) AS VARCHAR) AS EffectiveCost,
      CAST(round(random() * 2.4, 6) AS VARCHAR) AS ListCost,
      strftime(date_trunc('month', ${start}), '%Y-%m-%d %H:%M:%S') AS BillingPeriodStart,
      strftime(date_trunc('month', ${start}) + INTERVAL 1 MONTH, '%Y-%m-%d %H:%M:%S') AS BillingPeriodEnd,
      strftime(${start}, '%Y-%m-%d %H:%M:%S') AS ChargePeriodStart,
      strftime(${start} + INTERVAL 1 HOUR, '%Y-%m-%d %H:%M:%S') AS ChargePeriodEnd,
      'arn:bench:resource/r-' || (i % ${RESOURCES}) AS ResourceId,
      'r-' || (i % ${RESOURCES}) AS ResourceName,
      CAST(i AS VARCHAR) AS Id,
      CASE WHEN i % ${RESOURCES} % 10 = 0 THEN 'EUR' ELSE s.BillingCurrency END AS BillingCurrency,
      '{"application": "app-' || (i % ${RESOURCES} % (${COMPONENTS} + 5)) || '", "env": "prod", "team": "t' || (i % 7) || '"}' AS Tags,
      ${commitmentColumns(`(i % ${RESOURCES})`)}
    )
    FROM range(${rows}) t(i) JOIN sample s ON s.rn = (i % ${RESOURCES}) % 1000`);
  const csv = path.join(dir, 'focus.csv');
  const parquet = path.join(dir, 'focus.parquet');
  await connection.run(`COPY focus TO '${csv}' (HEADER, DELIMITER ',')`);
  await connection.run(`COPY focus TO '${parquet}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  return { csv, parquet };
}

/**
 * Commitment columns filled: a quarter of the resources run under one of six
 * savings plans (Used), one in fifty carries a plan's Unused rows, the rest
 * is on demand (Standard).
 */
function commitmentColumns(resource: string) {
  const used = `${resource} % 4 = 0`;
  const unused = `${resource} % 50 = 1`;
  const plan = `'arn:bench:savingsplan/sp-' || (${resource} % 6)`;
  const ifPlan = (value: string) =>
    `CASE WHEN ${used} OR ${unused} THEN ${value} END`;
  return [
    `CASE WHEN ${used} OR ${unused} THEN 'Committed' ELSE 'Standard' END AS PricingCategory`,
    `${ifPlan(plan)} AS CommitmentDiscountId`,
    `${ifPlan(
      `'Compute plan ' || (${resource} % 6)`,
    )} AS CommitmentDiscountName`,
    `${ifPlan(`'Spend'`)} AS CommitmentDiscountCategory`,
    `${ifPlan(`'Savings Plan'`)} AS CommitmentDiscountType`,
    `CASE WHEN ${used} THEN 'Used' WHEN ${unused} THEN 'Unused' END AS CommitmentDiscountStatus`,
  ].join(',\n      ');
}

/**
 * DuckDB alone: the same file read once and aggregated to the same keys, with
 * the ingest's memory settings.
 */
async function floor(csv: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`SET memory_limit = '${DUCKDB_MEMORY_LIMIT}'`);
  await connection.run(`SET preserve_insertion_order = false`);
  const start = performance.now();
  await connection.runAndReadAll(`
    SELECT strftime(CAST(BillingPeriodStart AS TIMESTAMPTZ), '%Y-%m-%d'),
      strftime(CAST(ChargePeriodStart AS TIMESTAMPTZ), '%Y-%m-%d'),
      ServiceCategory, ServiceName, ProviderName, ChargeCategory, ChargeClass,
      upper(BillingCurrency), BillingAccountId, SubAccountId, SubAccountName,
      CAST(Tags AS JSON)->>'application', PricingCategory, CommitmentDiscountId,
      CommitmentDiscountName, CommitmentDiscountCategory, CommitmentDiscountType,
      CommitmentDiscountStatus,
      sum(CAST(EffectiveCost AS DOUBLE)), sum(CAST(BilledCost AS DOUBLE)),
      sum(CAST(ListCost AS DOUBLE)), count(*)
    FROM read_csv('${csv}', header = true, all_varchar = true, nullstr = ['NULL', ''])
    GROUP BY ALL`);
  const ms = performance.now() - start;
  connection.closeSync();
  instance.closeSync();
  return ms;
}

/** The synthetic org: app-i owned by team-(i % 5), teams in 2 divisions, one org. */
function syntheticCatalog(): Entity[] {
  const entity = (
    kind: string,
    name: string,
    relations: [string, string][] = [],
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  });
  return [
    entity('Group', 'org'),
    ...[0, 1].map(d =>
      entity('Group', `division-${d}`, [['childOf', 'group:default/org']]),
    ),
    ...Array.from({ length: TEAMS }, (_, t) =>
      entity('Group', `team-${t}`, [
        ['childOf', `group:default/division-${t % 2}`],
      ]),
    ),
    ...Array.from({ length: COMPONENTS }, (_, i) =>
      entity('Component', `app-${i}`, [
        ['ownedBy', `group:default/team-${i % TEAMS}`],
      ]),
    ),
  ];
}

const p95 = (timings: number[]) => {
  const sorted = [...timings].sort((a, b) => a - b);
  return Number(sorted[Math.floor(sorted.length * 0.95)].toFixed(2));
};

/**
 * The real plugin on the ingested store, queried over HTTP on loopback: p95
 * of a 13-month daily series of one component and of a 13-month monthly
 * breakdown by service category of the org group.
 */
async function measureApi(knex: Knex, entities: Entity[]) {
  const backend = await startTestBackend({
    features: [
      costPlugin,
      mockServices.rootConfig.factory({
        data: {
          cost: { currency: { reporting: 'USD', rates: { EUR: 1.08 } } },
        },
      }),
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
  try {
    const base = `http://127.0.0.1:${backend.server.port()}/api/cost`;
    const headers = { authorization: mockCredentials.user.header() };
    const get = async (query: Record<string, string>, endpoint = '/series') => {
      const start = performance.now();
      const response = await fetch(
        `${base}${endpoint}?${new URLSearchParams(query)}`,
        { headers },
      );
      const body = await response.json();
      const ms = performance.now() - start;
      if (!response.ok) {
        throw new Error(
          `GET ${endpoint}: ${response.status} ${JSON.stringify(body)}`,
        );
      }
      return { ms, body };
    };
    const range = { from: '2025-11-01', to: '2026-11-30' };
    const series = (i: number) =>
      get({
        entityRef: `component:default/app-${i % COMPONENTS}`,
        ...range,
        granularity: 'day',
      });
    const groupMonthly = () =>
      get({
        entityRef: 'group:default/org',
        ...range,
        granularity: 'month',
        groupBy: 'serviceCategory',
      });
    // The organisation's commitment view over the same 13 months.
    const commitments = () =>
      get({ from: '2025-11', to: '2026-11' }, '/commitments');
    // Warm up (connections, first statements), then measure.
    for (let i = 0; i < 10; i++) {
      await series(i);
      await groupMonthly();
      await commitments();
    }
    const seriesTimings: number[] = [];
    const groupTimings: number[] = [];
    const commitmentTimings: number[] = [];
    let sample: any;
    let commitmentSample: any;
    for (let i = 0; i < REQUESTS; i++) {
      seriesTimings.push((await series(i)).ms);
      const commitment = await commitments();
      commitmentTimings.push(commitment.ms);
      commitmentSample = commitment.body;
      const group = await groupMonthly();
      groupTimings.push(group.ms);
      sample = group.body;
    }
    const months = sample.points.filter((p: any) => p.total !== 0).length;
    return {
      seriesP95: p95(seriesTimings),
      groupMonthlyP95: p95(groupTimings),
      commitmentsP95: p95(commitmentTimings),
      commitmentCount: commitmentSample.utilisation.commitments.length,
      points: sample.points.length,
      monthsWithCost: months,
      categories: new Set(
        sample.points.flatMap((p: any) => Object.keys(p.values)),
      ).size,
    };
  } finally {
    await backend.stop();
  }
}

/** One size, in its own process; prints a JSON line last. */
async function measure(rows: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cost-bench-'));
  try {
    // Generated in a child process so that peak RSS is the ingest's own.
    const generateStart = performance.now();
    execFileSync(
      process.execPath,
      [
        ...process.execArgv,
        __filename,
        '--rows',
        String(rows),
        '--generate',
        dir,
      ],
      { stdio: 'inherit' },
    );
    const generateMs = performance.now() - generateStart;
    const csv = path.join(dir, 'focus.csv');
    const parquet = path.join(dir, 'focus.parquet');
    const entities = syntheticCatalog();
    const model = new CatalogModel(
      entities,
      [{ tag: 'application', kind: 'component' }],
      new Map(),
    );
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const store = await DatabaseCostStore.create({
      getClient: async () => knex,
    });
    await store.replaceEntityClosure(model.closure());

    // Between runs, collect what the previous one left (the measuring child
    // runs with --expose-gc) so one run's garbage is not counted in the next.
    const collect = () => (globalThis as { gc?: () => void }).gc?.();
    const maxRss = () => Math.round(process.resourceUsage().maxRSS / 1024);
    const ingest = async (file: string, target = store) => {
      collect();
      const start = performance.now();
      const { groups, resources, commitments } = await readFocusFile({
        file,
        displayName: file,
        tagKeys: model.tagKeys,
      });
      const read = performance.now();
      const attributed = attribute(groups, resources, model);
      const { rollups } = attributed;
      const attributedAt = performance.now();
      await target.replaceBillingPeriods({
        source: 'bench',
        billingPeriods: [...new Set(rollups.map(r => r.billingPeriod))],
        ...attributed,
        // Stored like the plugin's ingest does, so the commitment view has data.
        commitments: attributeCommitments(commitments, model),
      });
      const end = performance.now();
      return {
        ms: end - start,
        phases: `DuckDB read+validate+aggregate ${Math.round(
          read - start,
        )} ms, attribution ${Math.round(
          attributedAt - read,
        )} ms, store ${Math.round(end - attributedAt)} ms`,
        rollups: rollups.length,
        days: new Set(rollups.map(r => r.day)).size,
      };
    };
    // The machine may be shared: alternate floor and ingest, keep the best
    // (two runs up to 1M rows, one above, to keep the run short).
    const repeats = rows <= 1_000_000 ? 2 : 1;
    const best = <T extends { ms: number }>(a: T | undefined, b: T) =>
      a && a.ms <= b.ms ? a : b;
    let floorMs = Infinity;
    let csvRun: Awaited<ReturnType<typeof ingest>> | undefined;
    for (let i = 0; i < repeats; i++) {
      floorMs = Math.min(floorMs, await floor(csv));
      csvRun = best(csvRun, await ingest(csv));
    }
    // Peak so far: data generation is in another process, so this is the
    // CSV ingests' (and the DuckDB floor's, which has the same settings).
    const csvPeakRss = maxRss();
    let parquetRun: Awaited<ReturnType<typeof ingest>> | undefined;
    for (let i = 0; i < repeats; i++) {
      parquetRun = best(parquetRun, await ingest(parquet));
    }
    // The store now holds one copy of the data (each ingest replaces it).

    // The same CSV ingest into PostgreSQL, when a test database is configured.
    let pgMs: number | undefined;
    const pgUrl =
      process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
    if (pgUrl) {
      const database = `cost_bench_${process.pid}`;
      const admin = knexFactory({ client: 'pg', connection: pgUrl });
      await admin.raw(`CREATE DATABASE ${database}`);
      const pg = knexFactory({
        client: 'pg',
        connection: `${pgUrl.replace(/\/$/, '')}/${database}`,
      });
      try {
        const pgStore = await DatabaseCostStore.create({
          getClient: async () => pg,
        });
        await pgStore.replaceEntityClosure(model.closure());
        pgMs = (await ingest(csv, pgStore)).ms;
      } finally {
        await pg.destroy();
        await admin.raw(`DROP DATABASE IF EXISTS ${database}`);
        await admin.destroy();
      }
    }

    collect();
    const api = await measureApi(knex, entities);
    const peakRss = maxRss();
    await knex.destroy();

    const result = {
      rows,
      rollups: csvRun!.rollups,
      days: csvRun!.days,
      generate_ms: Math.round(generateMs),
      ingest_ms_csv: Math.round(csvRun!.ms),
      ingest_ms_parquet: Math.round(parquetRun!.ms),
      ingest_ms_csv_pg: pgMs === undefined ? null : Math.round(pgMs),
      rows_per_s_csv: Math.round(rows / (csvRun!.ms / 1000)),
      rows_per_s_parquet: Math.round(rows / (parquetRun!.ms / 1000)),
      rows_per_s_csv_pg:
        pgMs === undefined ? null : Math.round(rows / (pgMs / 1000)),
      floor_ms: Math.round(floorMs),
      floor_ratio: Number((csvRun!.ms / floorMs).toFixed(2)),
      series_p95_ms: api.seriesP95,
      group_monthly_p95_ms: api.groupMonthlyP95,
      commitments_p95_ms: api.commitmentsP95,
      peak_rss_mb: csvPeakRss,
      peak_rss_mb_all: peakRss,
    };
    const n = rows.toLocaleString('en-US');
    console.log(
      `[${n} rows] generated in ${Math.round(generateMs)} ms; ${
        result.rollups
      } daily roll-ups over ${result.days} days`,
    );
    console.log(
      `[${n} rows] ingest CSV into SQLite: ${result.ingest_ms_csv} ms (${result.rows_per_s_csv} rows/s; bare DuckDB scan ${result.floor_ms} ms, ratio ${result.floor_ratio})`,
    );
    console.log(`    ${csvRun!.phases}`);
    console.log(
      `[${n} rows] ingest Parquet into SQLite: ${result.ingest_ms_parquet} ms (${result.rows_per_s_parquet} rows/s)`,
    );
    console.log(`    ${parquetRun!.phases}`);
    console.log(
      `[${n} rows] ingest CSV into PostgreSQL: ${result.ingest_ms_csv_pg} ms (${result.rows_per_s_csv_pg} rows/s)`,
    );
    console.log(
      `[${n} rows] HTTP p95 over ${REQUESTS} requests each: 13-month daily series of a component ${result.series_p95_ms} ms; 13-month monthly breakdown by service category of group:default/org ${result.group_monthly_p95_ms} ms (${api.points} months, ${api.monthsWithCost} with cost, ${api.categories} categories)`,
    );
    console.log(
      `[${n} rows] HTTP p95 over ${REQUESTS} requests: the organisation's 13-month commitment view ${result.commitments_p95_ms} ms (${api.commitmentCount} commitments)`,
    );
    console.log(
      `[${n} rows] peak RSS: ${result.peak_rss_mb} MB ingesting the CSV into SQLite, ${result.peak_rss_mb_all} MB over everything (Parquet, PostgreSQL, HTTP)`,
    );
    console.log(JSON.stringify(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs each size in its own process and prints the summary. */
function main() {
  const results = SIZES.map(rows => {
    const output = execFileSync(
      process.execPath,
      [
        ...process.execArgv,
        '--expose-gc',
        __filename,
        '--measure',
        String(rows),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
    ).toString();
    const lines = output.trim().split('\n');
    lines.slice(0, -1).forEach(line => console.log(line));
    return JSON.parse(lines[lines.length - 1]);
  });
  const first = results[0];
  const summary: Record<string, unknown> = {
    bench: 'cost',
    rows: first.rows,
    ingest_ms_csv: first.ingest_ms_csv,
    ingest_ms_parquet: first.ingest_ms_parquet,
    ingest_ms_csv_pg: first.ingest_ms_csv_pg,
    rows_per_s_csv: first.rows_per_s_csv,
    rows_per_s_parquet: first.rows_per_s_parquet,
    floor_ms: first.floor_ms,
    floor_ratio: first.floor_ratio,
    series_p95_ms: first.series_p95_ms,
    group_monthly_p95_ms: first.group_monthly_p95_ms,
    commitments_p95_ms: first.commitments_p95_ms,
    peak_rss_mb: first.peak_rss_mb,
    peak_rss_mb_all: first.peak_rss_mb_all,
  };
  for (const result of results.slice(1)) {
    const suffix =
      result.rows % 1_000_000 === 0
        ? `${result.rows / 1_000_000}m`
        : result.rows;
    const scale = result.rows / first.rows;
    const growth = (key: string) =>
      first[key] && result[key]
        ? Number((result[key] / first[key] / scale).toFixed(2))
        : null;
    Object.assign(summary, {
      [`ingest_ms_csv_${suffix}`]: result.ingest_ms_csv,
      [`ingest_ms_parquet_${suffix}`]: result.ingest_ms_parquet,
      [`ingest_ms_csv_pg_${suffix}`]: result.ingest_ms_csv_pg,
      [`rows_per_s_csv_${suffix}`]: result.rows_per_s_csv,
      [`floor_ratio_${suffix}`]: result.floor_ratio,
      [`series_p95_ms_${suffix}`]: result.series_p95_ms,
      [`group_monthly_p95_ms_${suffix}`]: result.group_monthly_p95_ms,
      [`commitments_p95_ms_${suffix}`]: result.commitments_p95_ms,
      [`peak_rss_mb_${suffix}`]: result.peak_rss_mb,
      [`peak_rss_mb_all_${suffix}`]: result.peak_rss_mb_all,
      growth_csv: growth('ingest_ms_csv'),
      growth_parquet: growth('ingest_ms_parquet'),
      growth_csv_pg: growth('ingest_ms_csv_pg'),
    });
  }
  summary.peak_rss_mb_max = Math.max(...results.map(r => r.peak_rss_mb_all));
  console.log(JSON.stringify(summary));
}

const argGenerate = arg('generate');
const argMeasure = arg('measure');
let run: Promise<unknown>;
if (argGenerate) run = generate(argGenerate, SIZES[0]);
else if (argMeasure) run = measure(Number(argMeasure));
else run = Promise.resolve(main());
run.then(
  // DuckDB and the test backend may keep handles open: exit once stdout is flushed.
  () => process.stdout.write('', () => process.exit(0)),
  error => {
    console.error(error);
    process.exit(1);
  },
);

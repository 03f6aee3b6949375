/*
 * Cost ingest and query benchmark.
 *
 *   yarn bench:cost [--rows 1000000]     (from the repository root)
 *
 * Generates a FOCUS export shaped like demo/cost/focus_sample_1000.csv (all
 * its columns and Tags JSON, ~2,000 resources, one row per resource and hour)
 * as CSV and Parquet, and ingests each into an in-memory SQLite store the way
 * the plugin does (DuckDB validation and aggregation, attribution,
 * transactional replace); the CSV also into PostgreSQL when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set. Times
 * 13-month monthly series queries (service level, not HTTP). floor_ratio is
 * the CSV ingest time over DuckDB alone reading the same file once and
 * aggregating it to the same keys. peak_rss_mb includes data generation.
 * The last line is JSON for machines.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { Entity } from '@backstage/catalog-model';
import knexFactory from 'knex';
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import os from 'os';
import path from 'path';
import { attribute } from '../src/attribution/attribute';
import { CatalogModel } from '../src/attribution/CatalogModel';
import { DatabaseCostStore } from '../src/database/DatabaseCostStore';
import { readFocusFile } from '../src/ingest/focusReader';
import { CostService } from '../src/service/CostService';

const argRows = process.argv.indexOf('--rows');
const rows = argRows > 0 ? Number(process.argv[argRows + 1]) : 200_000;
const COMPONENTS = 50;

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
async function generate(dir: string) {
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
      '{"application": "app-' || (i % ${RESOURCES} % (${COMPONENTS} + 5)) || '", "env": "prod", "team": "t' || (i % 7) || '"}' AS Tags
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

/** DuckDB alone: the same file read once and aggregated to the same keys. */
async function floor(csv: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const start = performance.now();
  await connection.runAndReadAll(`
    SELECT strftime(CAST(BillingPeriodStart AS TIMESTAMPTZ), '%Y-%m-%d'),
      strftime(CAST(ChargePeriodStart AS TIMESTAMPTZ), '%Y-%m-%d'),
      ServiceCategory, ServiceName, ProviderName, ChargeCategory, ChargeClass,
      upper(BillingCurrency), BillingAccountId, SubAccountId, SubAccountName,
      CAST(Tags AS JSON)->>'application',
      sum(CAST(EffectiveCost AS DOUBLE)), sum(CAST(BilledCost AS DOUBLE)),
      sum(CAST(ListCost AS DOUBLE)), count(*)
    FROM read_csv('${csv}', header = true, all_varchar = true, nullstr = ['NULL', ''])
    GROUP BY ALL`);
  const ms = performance.now() - start;
  connection.closeSync();
  instance.closeSync();
  return ms;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cost-bench-'));
  try {
    // Generated in a child process so that peak RSS is the ingest's own.
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
    const csv = path.join(dir, 'focus.csv');
    const parquet = path.join(dir, 'focus.parquet');
    const entities: Entity[] = Array.from({ length: COMPONENTS }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `app-${i}`, namespace: 'default' },
      relations: [
        { type: 'ownedBy', targetRef: `group:default/team-${i % 5}` },
      ],
    }));
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

    const ingest = async (file: string, target = store) => {
      const start = performance.now();
      const { groups, resources } = await readFocusFile({
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
      };
    };
    // The machine may be shared: alternate floor and ingest, keep the best of two.
    const best = <T extends { ms: number }>(a: T, b: T) =>
      a.ms <= b.ms ? a : b;
    let floorMs = Infinity;
    let csvRun: Awaited<ReturnType<typeof ingest>> | undefined;
    for (let i = 0; i < 2; i++) {
      floorMs = Math.min(floorMs, await floor(csv));
      const run = await ingest(csv);
      csvRun = csvRun ? best(csvRun, run) : run;
    }
    csvRun = csvRun!;
    const parquetRun = best(await ingest(parquet), await ingest(parquet));

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

    const costs = new CostService(store, { defaultCurrency: 'USD' });
    const timings: number[] = [];
    for (let i = 0; i < 200; i++) {
      const entityRef =
        i % 2
          ? `component:default/app-${i % COMPONENTS}`
          : `group:default/team-${i % 5}`;
      const start = performance.now();
      // 13 months, monthly, by service category
      await costs.series({
        entityRef,
        from: '2025-11-01',
        to: '2026-11-30',
        granularity: 'month',
        groupBy: 'serviceCategory',
      });
      timings.push(performance.now() - start);
    }
    timings.sort((a, b) => a - b);
    const p95 = timings[Math.floor(timings.length * 0.95)];
    const peakRss = process.resourceUsage().maxRSS / 1024;
    await knex.destroy();

    const result = {
      bench: 'cost',
      rows,
      ingest_ms_csv: Math.round(csvRun.ms),
      ingest_ms_parquet: Math.round(parquetRun.ms),
      ingest_ms_csv_pg: pgMs === undefined ? null : Math.round(pgMs),
      floor_ms: Math.round(floorMs),
      floor_ratio: Number((csvRun.ms / floorMs).toFixed(2)),
      series_p95_ms: Number(p95.toFixed(2)),
      peak_rss_mb: Math.round(peakRss),
    };
    console.log(`rows: ${rows}, daily roll-ups: ${csvRun.rollups}`);
    console.log(
      `ingest CSV: ${result.ingest_ms_csv} ms (bare DuckDB scan ${Math.round(
        floorMs,
      )} ms, ratio ${result.floor_ratio})`,
    );
    console.log(`  ${csvRun.phases}`);
    console.log(`ingest Parquet: ${result.ingest_ms_parquet} ms`);
    console.log(`  ${parquetRun.phases}`);
    console.log(`ingest CSV into PostgreSQL: ${result.ingest_ms_csv_pg} ms`);
    console.log(
      `series query p95: ${result.series_p95_ms} ms over 200 queries`,
    );
    console.log(`peak RSS: ${result.peak_rss_mb} MB`);
    console.log(JSON.stringify(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const argGenerate = process.argv.indexOf('--generate');
(argGenerate > 0 ? generate(process.argv[argGenerate + 1]) : main()).catch(
  error => {
    console.error(error);
    process.exit(1);
  },
);

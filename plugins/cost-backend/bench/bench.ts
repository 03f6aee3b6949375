/*
 * Cost ingest and query benchmark.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs plugins/cost-backend/bench/bench.ts [--rows 200000]
 *
 * Generates a synthetic FOCUS export (CSV and Parquet) with DuckDB, ingests
 * each into an in-memory SQLite store the way the plugin does (DuckDB
 * validation and aggregation, attribution, transactional replace), and times
 * series queries. floor_ratio is the CSV ingest time over a bare DuckDB scan
 * summing the same file: how much the plugin adds on top of reading the data.
 * The last line is JSON for machines.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { Entity } from '@backstage/catalog-model';
import knexFactory from 'knex';
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

async function generate(dir: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE focus AS
    SELECT
      round(random() * 10, 6) AS BilledCost,
      round(random() * 10, 6) AS EffectiveCost,
      round(random() * 12, 6) AS ListCost,
      'USD' AS BillingCurrency,
      strftime(date_trunc('month', TIMESTAMP '2025-11-01' + INTERVAL (i % 390) DAY), '%Y-%m-%dT%H:%M:%SZ') AS BillingPeriodStart,
      strftime(TIMESTAMP '2025-11-01' + INTERVAL (i % 390) DAY, '%Y-%m-%dT%H:%M:%SZ') AS ChargePeriodStart,
      'Usage' AS ChargeCategory,
      NULL AS ChargeClass,
      ['Compute', 'Storage', 'Databases', 'Networking'][1 + i % 4] AS ServiceCategory,
      'Service ' || (i % 20) AS ServiceName,
      'AWS' AS ProviderName,
      '4100' || (i % 10) AS SubAccountId,
      'account ' || (i % 10) AS SubAccountName,
      '{"application": "app-' || (i % (${COMPONENTS} + 5)) || '", "env": "prod"}' AS Tags
    FROM range(${rows}) t(i)`);
  const csv = path.join(dir, 'focus.csv');
  const parquet = path.join(dir, 'focus.parquet');
  await connection.run(`COPY focus TO '${csv}' (HEADER, DELIMITER ',')`);
  await connection.run(`COPY focus TO '${parquet}' (FORMAT parquet)`);
  const start = performance.now();
  await connection.runAndReadAll(
    `SELECT sum(CAST(EffectiveCost AS DOUBLE)) FROM read_csv('${csv}', all_varchar = true)`,
  );
  const floorMs = performance.now() - start;
  connection.closeSync();
  instance.closeSync();
  return { csv, parquet, floorMs };
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cost-bench-'));
  try {
    const { csv, parquet, floorMs } = await generate(dir);
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

    const ingest = async (file: string) => {
      const start = performance.now();
      const { groups, resources } = await readFocusFile({
        file,
        displayName: file,
        tagKeys: model.tagKeys,
      });
      const attributed = attribute(groups, resources, model);
      const { rollups } = attributed;
      await store.replaceBillingPeriods({
        source: 'bench',
        billingPeriods: [...new Set(rollups.map(r => r.billingPeriod))],
        ...attributed,
      });
      return { ms: performance.now() - start, rollups: rollups.length };
    };
    const csvRun = await ingest(csv);
    const parquetRun = await ingest(parquet);

    const costs = new CostService(store, { defaultCurrency: 'USD' });
    const timings: number[] = [];
    for (let i = 0; i < 200; i++) {
      const entityRef =
        i % 2
          ? `component:default/app-${i % COMPONENTS}`
          : `group:default/team-${i % 5}`;
      const start = performance.now();
      await costs.series({
        entityRef,
        from: '2026-08-01',
        to: '2026-10-31',
        granularity: 'day',
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
    console.log(`ingest Parquet: ${result.ingest_ms_parquet} ms`);
    console.log(
      `series query p95: ${result.series_p95_ms} ms over 200 queries`,
    );
    console.log(`peak RSS: ${result.peak_rss_mb} MB`);
    console.log(JSON.stringify(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

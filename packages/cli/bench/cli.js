#!/usr/bin/env node
/*
 * `yarn bench:cli`: the cold wall time of an offline `groundwork check` (a
 * new Node process each run, as in a CI step or pre-commit hook) on a
 * typical repository and on one with 1,000 files, against the reference
 * contracts. Prints each run, then the JSON line. A benchmark, not a test.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(__dirname, '..', 'bin', 'groundwork');
const CONTRACTS = path.join(ROOT, 'demo', 'contracts');
const RUNS = 7;

function typicalRepository(extraFiles) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'groundwork-bench-'));
  const write = (file, content) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  };
  write(
    'catalog-info.yaml',
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: order-pricing',
      '  description: Prices orders.',
      '  annotations:',
      '    backstage.io/source-location: url:https://github.com/acme/order-pricing/',
      '    pagerduty.com/service-id: PORDER1',
      'spec:',
      '  type: service',
      '  owner: group:default/peoriadata',
      '  lifecycle: production',
      '  system: system:default/brightpath',
      '',
    ].join('\n'),
  );
  write('README.md', '# order-pricing\n');
  write('.github/CODEOWNERS', '* @acme/peoriadata\n');
  write('.github/workflows/ci.yml', 'on: [push]\n');
  write('chart/Chart.yaml', 'name: order-pricing\n');
  write(
    'chart/values.yaml',
    'resources:\n  limits:\n    cpu: 500m\n    memory: 512Mi\nlivenessProbe: {}\nreadinessProbe: {}\n',
  );
  for (let i = 0; i < extraFiles; i++) {
    write(
      `src/module${i % 40}/file${i}.ts`,
      `export const value${i} = ${i};\n`,
    );
  }
  return dir;
}

function coldRuns(dir) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync(
      process.execPath,
      [BIN, 'check', dir, '--contract', CONTRACTS],
      {
        encoding: 'utf8',
      },
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== 0 && run.status !== 1) {
      throw new Error(`groundwork check exited ${run.status}: ${run.stderr}`);
    }
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times;
}

const median = times => Math.round(times[Math.floor(times.length / 2)]);

// Build the bundle once, so no run pays for it.
spawnSync(process.execPath, [BIN, '--version']);
const typical = coldRuns(typicalRepository(0));
const large = coldRuns(typicalRepository(1000 - 6));
console.log(`typical repository: ${typical.map(Math.round).join(', ')} ms`);
console.log(`1,000 files:        ${large.map(Math.round).join(', ')} ms`);
console.log(
  JSON.stringify({
    bench: 'cli',
    check_cold_ms: median(typical),
    check_1k_files_ms: median(large),
  }),
);

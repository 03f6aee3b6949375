import { createMockDirectory } from '@backstage/backend-test-utils';
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'fs';
import { gunzipSync, gzipSync } from 'zlib';
import { DEMO_EXPORT, FOCUS_SAMPLE, parseCsv } from '../__fixtures__/csv';
import {
  FocusFileError,
  detectFocusFormat,
  readFocusFile,
} from './focusReader';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

jest.setTimeout(60_000);

/** The FOCUS sample as Parquet. */
async function writeParquet(file: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(
    `COPY (SELECT * FROM read_csv('${FOCUS_SAMPLE}', nullstr = 'NULL')) TO '${file}' (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
}

describe('readFocusFile', () => {
  const dir = createMockDirectory();
  const sample = readFileSync(FOCUS_SAMPLE, 'utf8');
  const [header, ...lines] = sample.split('\n');
  const withRow = (replace: (line: string) => string) =>
    [header, replace(lines[0]), ...lines.slice(1, 5)].join('\n');

  it('aggregates the FOCUS sample to the same totals as an independent parse', async () => {
    const rows = parseCsv(FOCUS_SAMPLE);
    const result = await readFocusFile({
      file: FOCUS_SAMPLE,
      displayName: 'sample',
      tagKeys: ['application', 'org'],
    });
    expect(result.rowsRead).toBe(rows.length);
    for (const column of ['EffectiveCost', 'BilledCost', 'ListCost'] as const) {
      const key = `${column[0].toLowerCase()}${column.slice(
        1,
      )}` as 'effectiveCost';
      expect(sum(result.groups.map(g => g[key]))).toBeCloseTo(
        sum(rows.map(r => Number(r[column]))),
        9,
      );
    }
    // per charge category, credits included (negative)
    const credit = sum(
      rows
        .filter(r => r.ChargeCategory === 'Credit')
        .map(r => Number(r.EffectiveCost)),
    );
    expect(credit).toBeLessThan(0);
    expect(
      sum(
        result.groups
          .filter(g => g.chargeCategory === 'Credit')
          .map(g => g.effectiveCost),
      ),
    ).toBeCloseTo(credit, 9);
    // per billing period and day (UTC)
    const periods = new Set(rows.map(r => r.BillingPeriodStart!.slice(0, 10)));
    expect(new Set(result.groups.map(g => g.billingPeriod))).toEqual(periods);
    const day = '2024-09-18';
    expect(
      sum(result.groups.filter(g => g.day === day).map(g => g.billedCost)),
    ).toBeCloseTo(
      sum(
        rows
          .filter(r => r.ChargePeriodStart!.startsWith(day))
          .map(r => Number(r.BilledCost)),
      ),
      9,
    );
    // tag values with messy keys (`org` and ` org`) are normalised
    const tagValue = (row: Record<string, string | null>, key: string) => {
      if (!row.Tags) return undefined;
      const tags = JSON.parse(row.Tags) as Record<string, string>;
      return Object.entries(tags).find(
        ([k]) => k.trim().toLowerCase() === key,
      )?.[1];
    };
    for (const key of ['application', 'org']) {
      const expected = sum(
        rows.filter(r => tagValue(r, key)).map(r => Number(r.EffectiveCost)),
      );
      expect(
        sum(result.groups.filter(g => g.tags[key]).map(g => g.effectiveCost)),
      ).toBeCloseTo(expected, 9);
    }
    expect(rows.some(r => r.Tags?.includes('" org"'))).toBe(true);
    // resource months cover exactly the rows with a ResourceId
    expect(sum(result.resources.map(r => r.effectiveCost))).toBeCloseTo(
      sum(rows.filter(r => r.ResourceId).map(r => Number(r.EffectiveCost))),
      9,
    );
    expect(new Set(result.resources.map(r => r.resourceId)).size).toBe(
      new Set(rows.filter(r => r.ResourceId).map(r => r.ResourceId)).size,
    );
  });

  it('reads the generated demo export', async () => {
    dir.setContent({ 'demo.csv': gunzipSync(readFileSync(DEMO_EXPORT)) });
    const rows = parseCsv(dir.resolve('demo.csv'));
    const result = await readFocusFile({
      file: DEMO_EXPORT,
      displayName: 'demo',
      tagKeys: ['application'],
    });
    expect(result.rowsRead).toBe(rows.length);
    expect(sum(result.groups.map(g => g.effectiveCost))).toBeCloseTo(
      sum(rows.map(r => Number(r.EffectiveCost))),
      6,
    );
    expect(
      result.groups.filter(g => g.chargeClass === 'Correction'),
    ).toHaveLength(1);
  });

  it('reads gzipped CSV, detected by content', async () => {
    dir.setContent({ 'export.bin': gzipSync(sample) });
    expect(await detectFocusFormat(dir.resolve('export.bin'))).toBe('csv.gz');
    const result = await readFocusFile({
      file: dir.resolve('export.bin'),
      displayName: 'gz',
      tagKeys: [],
    });
    expect(result.rowsRead).toBe(parseCsv(FOCUS_SAMPLE).length);
  });

  it('detects gzip and Parquet by content whatever the file is called', async () => {
    const parquet = dir.resolve('sample.parquet');
    dir.setContent({ 'gzipped.csv': gzipSync(sample) });
    await writeParquet(parquet);
    dir.addContent({ 'parquet.csv': readFileSync(parquet) });
    for (const [name, format] of [
      ['gzipped.csv', 'csv.gz'],
      ['parquet.csv', 'parquet'],
    ]) {
      const file = dir.resolve(name);
      expect(await detectFocusFormat(file)).toBe(format);
      const result = await readFocusFile({
        file,
        displayName: name,
        tagKeys: [],
      });
      expect(result.rowsRead).toBe(parseCsv(FOCUS_SAMPLE).length);
    }
  });

  it('accepts the FOCUS 1.3 ServiceProviderName column', async () => {
    dir.setContent({
      'v13.csv': sample.replace('"ProviderName"', '"ServiceProviderName"'),
    });
    const result = await readFocusFile({
      file: dir.resolve('v13.csv'),
      displayName: 'v13',
      tagKeys: [],
    });
    expect(new Set(result.groups.map(g => g.provider))).toEqual(
      new Set(['AWS', 'Microsoft', 'Oracle']),
    );
  });

  const expectErrors = async (content: string, expected: RegExp[]) => {
    dir.setContent({ 'bad.csv': content });
    const error = await readFocusFile({
      file: dir.resolve('bad.csv'),
      displayName: 'bad.csv',
      tagKeys: [],
    }).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(FocusFileError);
    for (const pattern of expected) {
      expect((error as FocusFileError).errors).toEqual(
        expect.arrayContaining([expect.stringMatching(pattern)]),
      );
    }
  };

  it('names missing required columns', async () => {
    await expectErrors(
      sample
        .replace('"EffectiveCost"', '"Cost"')
        .replace('"ServiceName"', '"Svc"'),
      [/^bad\.csv: missing required FOCUS columns EffectiveCost, ServiceName$/],
    );
  });

  it('names file, row and column of unparseable numbers', async () => {
    await expectErrors(
      withRow(line => line.replace('0.00000080000', 'lots')),
      [/^bad\.csv: row 1, column BilledCost: "lots" is not a number$/],
    );
  });

  it('names file, row and column of unparseable dates', async () => {
    await expectErrors(
      withRow(line => line.replace('"2024-09-18 22:00:00"', '"yesterday"')),
      [
        /^bad\.csv: row 1, column ChargePeriodStart: "yesterday" is not a date-time$/,
      ],
    );
  });

  it('names file, row and column of invalid Tags JSON', async () => {
    const bad = [
      header,
      ...lines.slice(0, 1),
      lines[1].replace('{""application""', '{""application""}}'),
      ...lines.slice(2, 4),
    ].join('\n');
    await expectErrors(bad, [
      /^bad\.csv: row 2, column Tags: ".*" is not a JSON object$/,
    ]);
  });

  it('rejects Tags that are JSON but not an object', async () => {
    await expectErrors(
      withRow(line => `${line.slice(0, line.lastIndexOf(',') + 1)}"[1]"`),
      [/^bad\.csv: row 1, column Tags: "\[1\]" is not a JSON object$/],
    );
  });

  it('lists a few bad rows per column, then says there are more', async () => {
    // the first 8 rows are AWS rows without a provider
    dir.setContent({
      'bad.csv': [
        header,
        ...lines.slice(0, 8).map(l => l.replace(/,"AWS",/, ',NULL,')),
      ].join('\n'),
    });
    const error = await readFocusFile({
      file: dir.resolve('bad.csv'),
      displayName: 'bad.csv',
      tagKeys: [],
    }).catch(e => e);
    expect(error.errors).toHaveLength(6);
    expect(error.errors[5]).toBe(
      'bad.csv: column ProviderName: more rows is empty but required',
    );
  });

  it('names missing required values', async () => {
    await expectErrors(
      withRow(line => line.replace('"USD"', 'NULL')),
      [/^bad\.csv: row 1, column BillingCurrency: null is empty but required$/],
    );
  });

  it('names the row of a line with more values than the header has columns', async () => {
    // Past DuckDB's sniffing sample, and within it.
    for (const at of [30_000, 2]) {
      const lines30k = Array.from({ length: 30_000 }, (_, i) => lines[i % 4]);
      lines30k.splice(at, 0, `${lines[0]},"extra"`);
      await expectErrors([header, ...lines30k].join('\n'), [
        new RegExp(
          `^bad\\.csv: row ${at + 1}: has ${
            header.split(',').length + 1
          } values, the header ${header.split(',').length} columns$`,
        ),
      ]);
    }
  });

  it('names the row of a quoted value that is never closed', async () => {
    await expectErrors(
      withRow(line => `${line},"open`),
      [/^bad\.csv: row 1: has a quoted value that is never closed$/],
    );
  });

  it('names the row where a truncated gzip export ends', async () => {
    dir.setContent({ 'cut.csv.gz': gzipSync(sample).subarray(0, 2000) });
    await expect(
      readFocusFile({
        file: dir.resolve('cut.csv.gz'),
        displayName: 'cut',
        tagKeys: [],
      }),
    ).rejects.toMatchObject({
      errors: [
        expect.stringMatching(
          /^cut: row \d+: has \d+ values, the header 44 columns$/,
        ),
      ],
    });
  });

  it('says when a file is not in its configured format', async () => {
    dir.setContent({ 'plain.csv': sample });
    await expect(
      readFocusFile({
        file: dir.resolve('plain.csv'),
        displayName: 'plain',
        format: 'csv.gz',
        tagKeys: [],
      }),
    ).rejects.toMatchObject({
      errors: [expect.stringMatching(/^plain: cannot read as csv\.gz: /)],
    });
  });

  it('reads Windows line ends', async () => {
    dir.setContent({ 'crlf.csv': sample.replace(/\n/g, '\r\n') });
    const result = await readFocusFile({
      file: dir.resolve('crlf.csv'),
      displayName: 'crlf',
      tagKeys: ['application'],
    });
    expect(result.rowsRead).toBe(parseCsv(FOCUS_SAMPLE).length);
    expect(
      result.groups.some(g => g.tags.application === 'BrightPathMatrix'),
    ).toBe(true);
  });

  it('reports empty files', async () => {
    await expectErrors('', [/^bad\.csv: /]);
  });

  it('reads Parquet', async () => {
    dir.setContent({});
    await writeParquet(dir.resolve('sample.parquet'));
    const result = await readFocusFile({
      file: dir.resolve('sample.parquet'),
      displayName: 'pq',
      tagKeys: ['application'],
    });
    const rows = parseCsv(FOCUS_SAMPLE);
    expect(result.rowsRead).toBe(rows.length);
    expect(sum(result.groups.map(g => g.effectiveCost))).toBeCloseTo(
      sum(rows.map(r => Number(r.EffectiveCost))),
      9,
    );
    expect(
      result.groups.some(g => g.tags.application === 'BrightPathMatrix'),
    ).toBe(true);
  });
});

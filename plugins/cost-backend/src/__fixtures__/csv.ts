import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'fs';
import path from 'path';

/**
 * A deliberately naive, independent CSV parser (RFC 4180 quoting, the word
 * NULL as null) so tests check DuckDB's results against a second reading.
 */
export function parseCsv(file: string): Record<string, string | null>[] {
  const text = readFileSync(file, 'utf8');
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (ch === ',') {
      record.push(wasQuoted ? field : field.trim());
      field = '';
      wasQuoted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      wasQuoted = false;
    } else {
      field += ch;
    }
  }
  if (field || record.length) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records;
  return rows
    .filter(row => row.length > 1)
    .map(row =>
      Object.fromEntries(
        header.map((name, index) => [
          name,
          row[index] === 'NULL' || row[index] === '' ? null : row[index],
        ]),
      ),
    );
}

const demoDir = resolvePackagePath(
  '@groundwork/plugin-cost-backend',
  '../../demo/cost',
);

/** The FinOps Foundation's FOCUS 1.0 sample (CC BY 4.0, see demo/cost/README.md). */
export const FOCUS_SAMPLE = path.join(demoDir, 'focus_sample_1000.csv');

/** The generated demo export. */
export const DEMO_EXPORT = path.join(demoDir, 'focus_demo.csv.gz');

import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { readCsvHeader } from './csvHeader';

/** File formats DuckDB reads for us. */
export type FocusFormat = 'csv' | 'csv.gz' | 'parquet';

/**
 * One DuckDB aggregate over the billing rows: a day of cost for one
 * combination of the dimensions we keep and of the tag values attribution
 * needs. Raw rows never leave DuckDB.
 */
export interface FocusGroup {
  billingPeriod: string;
  day: string;
  serviceCategory: string;
  serviceName: string;
  provider: string;
  chargeCategory: string;
  chargeClass: string | null;
  currency: string;
  billingAccountId: string | null;
  subAccountId: string | null;
  subAccountName: string | null;
  /** Values of the requested tag keys (normalised: lower-cased, trimmed). */
  tags: Record<string, string>;
  effectiveCost: number;
  billedCost: number;
  listCost: number;
}

/** A month of one resource's cost, for "top resources". */
export interface FocusResourceGroup {
  billingPeriod: string;
  /** `YYYY-MM` of the charge period. */
  month: string;
  resourceId: string;
  resourceName: string | null;
  serviceName: string;
  currency: string;
  billingAccountId: string | null;
  subAccountId: string | null;
  subAccountName: string | null;
  tags: Record<string, string>;
  effectiveCost: number;
}

/**
 * A month of cost for one pricing category and commitment discount (FOCUS
 * PricingCategory and CommitmentDiscount* columns), for utilisation,
 * coverage, savings and waste. Kept for rows with either column set.
 */
export interface FocusCommitmentGroup {
  billingPeriod: string;
  /** `YYYY-MM` of the charge period. */
  month: string;
  provider: string;
  serviceCategory: string;
  chargeCategory: string;
  pricingCategory: string | null;
  commitmentDiscountId: string | null;
  commitmentDiscountName: string | null;
  /** `Spend` or `Usage`. */
  commitmentDiscountCategory: string | null;
  commitmentDiscountType: string | null;
  /** `Used` or `Unused`. */
  commitmentDiscountStatus: string | null;
  /** FOCUS 1.2+. */
  commitmentDiscountUnit: string | null;
  currency: string;
  billingAccountId: string | null;
  subAccountId: string | null;
  subAccountName: string | null;
  tags: Record<string, string>;
  effectiveCost: number;
  billedCost: number;
  listCost: number;
  /** FOCUS 1.2+; null when the file has no CommitmentDiscountQuantity. */
  commitmentDiscountQuantity: number | null;
}

export interface FocusReadResult {
  rowsRead: number;
  groups: FocusGroup[];
  /** Empty when the file has no ResourceId column. */
  resources: FocusResourceGroup[];
  /** Empty when the file has neither PricingCategory nor CommitmentDiscountId. */
  commitments: FocusCommitmentGroup[];
}

/** A billing file that cannot be ingested; `errors` name file, row and column. */
export class FocusFileError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('; '));
    this.name = 'FocusFileError';
  }
}

/**
 * Logical columns and the names they have across FOCUS 1.0 to 1.3 (1.3
 * renamed ProviderName to ServiceProviderName).
 */
const COLUMNS = {
  billedCost: { names: ['BilledCost'], required: true, type: 'number' },
  effectiveCost: { names: ['EffectiveCost'], required: true, type: 'number' },
  listCost: { names: ['ListCost'], required: true, type: 'number' },
  currency: { names: ['BillingCurrency'], required: true, type: 'text' },
  billingPeriodStart: {
    names: ['BillingPeriodStart'],
    required: true,
    type: 'timestamp',
  },
  chargePeriodStart: {
    names: ['ChargePeriodStart'],
    required: true,
    type: 'timestamp',
  },
  chargeCategory: { names: ['ChargeCategory'], required: true, type: 'text' },
  serviceCategory: { names: ['ServiceCategory'], required: true, type: 'text' },
  serviceName: { names: ['ServiceName'], required: true, type: 'text' },
  provider: {
    names: ['ServiceProviderName', 'ProviderName'],
    required: true,
    type: 'text',
  },
  chargeClass: { names: ['ChargeClass'], required: false, type: 'text' },
  billingAccountId: {
    names: ['BillingAccountId'],
    required: false,
    type: 'text',
  },
  subAccountId: { names: ['SubAccountId'], required: false, type: 'text' },
  subAccountName: { names: ['SubAccountName'], required: false, type: 'text' },
  resourceId: { names: ['ResourceId'], required: false, type: 'text' },
  resourceName: { names: ['ResourceName'], required: false, type: 'text' },
  tags: { names: ['Tags'], required: false, type: 'json' },
  // Commitment discounts (FOCUS 1.0+; quantity and unit 1.2+).
  pricingCategory: {
    names: ['PricingCategory'],
    required: false,
    type: 'text',
  },
  commitmentDiscountId: {
    names: ['CommitmentDiscountId'],
    required: false,
    type: 'text',
  },
  commitmentDiscountName: {
    names: ['CommitmentDiscountName'],
    required: false,
    type: 'text',
  },
  commitmentDiscountCategory: {
    names: ['CommitmentDiscountCategory'],
    required: false,
    type: 'text',
  },
  commitmentDiscountType: {
    names: ['CommitmentDiscountType'],
    required: false,
    type: 'text',
  },
  commitmentDiscountStatus: {
    names: ['CommitmentDiscountStatus'],
    required: false,
    type: 'text',
  },
  commitmentDiscountQuantity: {
    names: ['CommitmentDiscountQuantity'],
    required: false,
    type: 'number',
  },
  commitmentDiscountUnit: {
    names: ['CommitmentDiscountUnit'],
    required: false,
    type: 'text',
  },
} as const;

type Column = keyof typeof COLUMNS;

/** Errors reported per check; enough to fix a file without flooding the status. */
const MAX_ERRORS_PER_CHECK = 5;

/**
 * Detects the format from the first bytes (gzip and Parquet magic numbers),
 * whatever the file is called: exports are often saved under another name.
 */
export async function detectFocusFormat(file: string): Promise<FocusFormat> {
  const handle = await fs.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead === 4 && buffer.toString('latin1') === 'PAR1') {
      return 'parquet';
    }
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
      return 'csv.gz';
    }
    return 'csv';
  } finally {
    await handle.close();
  }
}

/** What DuckDB's CSV reader says about one line, in our words. */
function csvProblem(message: string) {
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(
    message,
  );
  if (columns) {
    return `has ${columns[2]} values, the header ${columns[1]} columns`;
  }
  if (/unterminated quote/i.test(message)) {
    return 'has a quoted value that is never closed';
  }
  return firstLine(message);
}

/** DuckDB's first line without its error class and the file's local path. */
function firstLine(message: string) {
  return message
    .split('\n')[0]
    .replace(/^[A-Za-z ]+ Error: /, '')
    .replace(/:? ?['"]?\/[^'"\s]*['"]?\.?$/, '');
}

/**
 * A DuckDB read error as the other validation errors: file and row when
 * DuckDB names a line (its lines count the header), else file and format.
 */
function readErrorOf(displayName: string, format: FocusFormat, error: Error) {
  const line = /CSV Error on Line: (\d+)/.exec(error.message);
  return new FocusFileError([
    line
      ? `${displayName}: row ${Number(line[1]) - 1}: ${csvProblem(
          error.message,
        )}`
      : `${displayName}: cannot read as ${format}: ${firstLine(error.message)}`,
  ]);
}

function quoteLiteral(value: string) {
  return `'${value.replace(/'/g, "''")}'`;
}

function quoteIdent(value: string) {
  return `"${value.replace(/"/g, '""')}"`;
}

function scanSql(file: string, format: FocusFormat, header: string[]) {
  if (format === 'parquet') {
    return `read_parquet(${quoteLiteral(file)})`;
  }
  // Columns from the header and no sniffing: everything is text so that we,
  // not the sniffer, decide what a bad value is, and a broken line is
  // reported with its number (a sniffer that meets it only fails to guess).
  // RFC 4180 quoting, as FOCUS exports use.
  const columns = header
    .map(name => `${quoteLiteral(name)}: 'VARCHAR'`)
    .join(', ');
  return `read_csv(${quoteLiteral(
    file,
  )}, header = true, auto_detect = false, columns = {${columns}}, nullstr = ['NULL', ''], delim = ',', quote = '"', escape = '"', compression = '${
    format === 'csv.gz' ? 'gzip' : 'none'
  }')`;
}

/**
 * DuckDB's memory for one ingest (it defaults to 80% of the machine's RAM and
 * then keeps what it read cached). Beyond it, aggregation spills to
 * the system temporary directory; this keeps the backend under 1 GB for 5M rows.
 */
export const DUCKDB_MEMORY_LIMIT = '512MB';
const DUCKDB_TEMP_DIRECTORY = path.join(os.tmpdir(), 'groundwork-cost-duckdb');

/**
 * Reads a FOCUS billing file with DuckDB, validates it and aggregates it to
 * daily groups. Throws {@link FocusFileError} listing every problem found.
 *
 * @param displayName - how the file is named in errors (source name and path)
 * @param tagKeys - normalised tag keys whose values attribution needs
 */
export async function readFocusFile(options: {
  file: string;
  displayName: string;
  format?: FocusFormat;
  tagKeys: string[];
  /** Interrupts DuckDB's query when aborted. */
  signal?: AbortSignal;
}): Promise<FocusReadResult> {
  const { file, displayName, tagKeys, signal } = options;
  signal?.throwIfAborted();
  const format = options.format ?? (await detectFocusFormat(file));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const interrupt = () => connection.interrupt();
  signal?.addEventListener('abort', interrupt);
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    await connection.run(`SET memory_limit = '${DUCKDB_MEMORY_LIMIT}'`);
    await connection.run(
      `SET temp_directory = '${DUCKDB_TEMP_DIRECTORY.replace(/'/g, "''")}'`,
    );
    // Aggregates only: row order does not matter, and not keeping it saves memory.
    await connection.run(`SET preserve_insertion_order = false`);
    try {
      const header =
        format === 'parquet'
          ? []
          : await readCsvHeader(file, format === 'csv.gz');
      if (format !== 'parquet' && header.length === 0) {
        throw new FocusFileError([`${displayName}: the file is empty`]);
      }
      const scan = scanSql(file, format, header);
      const columns = await resolveColumns(connection, displayName, scan);
      // Inline rather than a view: each bind of a CSV scan sniffs the file again.
      const used = [
        ...new Set(Object.values(columns).map(c => quoteIdent(c!.name))),
      ];
      const raw = `(SELECT ${used.join(', ')} FROM ${scan})`;
      try {
        return await aggregate(connection, raw, columns, tagKeys);
      } catch (error) {
        // The file is read again only to name the failing rows; an error that
        // no check explains is passed on.
        signal?.throwIfAborted();
        await validate(connection, raw, displayName, columns);
        throw error;
      }
    } catch (error) {
      if (error instanceof FocusFileError || signal?.aborted) throw error;
      throw readErrorOf(displayName, format, error as Error);
    }
  } finally {
    signal?.removeEventListener('abort', interrupt);
    connection.closeSync();
    instance.closeSync();
  }
}

type ResolvedColumns = Partial<Record<Column, { name: string; type: string }>>;

async function resolveColumns(
  connection: DuckDBConnection,
  displayName: string,
  scan: string,
) {
  const described = await connection.runAndReadAll(
    `DESCRIBE SELECT * FROM ${scan}`,
  );
  const present = new Map(
    described
      .getRowObjectsJson()
      .map(row => [String(row.column_name), String(row.column_type)]),
  );
  const resolved: ResolvedColumns = {};
  const missing: string[] = [];
  for (const [column, spec] of Object.entries(COLUMNS) as [
    Column,
    (typeof COLUMNS)[Column],
  ][]) {
    const name = spec.names.find(candidate => present.has(candidate));
    if (name) {
      resolved[column] = { name, type: present.get(name)! };
    } else if (spec.required) {
      missing.push(spec.names.join(' or '));
    }
  }
  if (missing.length) {
    throw new FocusFileError([
      `${displayName}: missing required FOCUS column${
        missing.length > 1 ? 's' : ''
      } ${missing.join(', ')}`,
    ]);
  }
  return resolved;
}

function asTimestamp(column: string) {
  return `TRY_CAST(${quoteIdent(column)} AS TIMESTAMPTZ)`;
}

/** True for a JSON object, false for anything else (one parse, no error). */
function isJsonObject(column: string) {
  return `TRY(json_type(${column})) = 'OBJECT'`;
}

type Check = { column: string; condition: string; problem: string };

function buildChecks(columns: ResolvedColumns): Check[] {
  const checks: Check[] = [];
  for (const [column, spec] of Object.entries(COLUMNS) as [
    Column,
    (typeof COLUMNS)[Column],
  ][]) {
    const resolved = columns[column];
    if (!resolved) continue;
    const name = quoteIdent(resolved.name);
    const add = (condition: string, problem: string) =>
      checks.push({ column: resolved.name, condition, problem });
    if (spec.type === 'number') {
      add(
        `${name} IS NOT NULL AND TRY_CAST(${name} AS DOUBLE) IS NULL`,
        'is not a number',
      );
    } else if (spec.type === 'timestamp') {
      add(
        `${name} IS NOT NULL AND ${asTimestamp(resolved.name)} IS NULL`,
        'is not a date-time',
      );
    } else if (spec.type === 'json' && !resolved.type.startsWith('MAP')) {
      add(
        `${name} IS NOT NULL AND (${isJsonObject(name)}) IS NOT TRUE`,
        'is not a JSON object',
      );
    }
    if (spec.required) {
      add(`${name} IS NULL`, 'is empty but required');
    }
  }
  return checks;
}

async function validate(
  connection: DuckDBConnection,
  raw: string,
  displayName: string,
  columns: ResolvedColumns,
) {
  const checks = buildChecks(columns);

  // One scan counts every problem; row numbers only for the failing checks.
  const counts = (
    await connection.runAndReadAll(
      `SELECT ${checks
        .map((c, i) => `count_if(${c.condition}) AS c${i}`)
        .join(', ')} FROM ${raw}`,
    )
  ).getRowObjectsJson()[0];
  const errors: string[] = [];
  for (const [index, { column, condition, problem }] of checks.entries()) {
    if (Number(counts[`c${index}`]) === 0) continue;
    const result = await connection.runAndReadAll(
      `SELECT __row, CAST(${quoteIdent(column)} AS VARCHAR) AS value
       FROM (SELECT row_number() OVER () AS __row, * FROM ${raw})
       WHERE ${condition} ORDER BY __row LIMIT ${MAX_ERRORS_PER_CHECK}`,
    );
    for (const row of result.getRowObjectsJson()) {
      errors.push(
        `${displayName}: row ${row.__row}, column ${column}: ${JSON.stringify(
          row.value,
        )} ${problem}`,
      );
    }
    if (Number(counts[`c${index}`]) > MAX_ERRORS_PER_CHECK) {
      errors.push(`${displayName}: column ${column}: more rows ${problem}`);
    }
  }
  if (errors.length) {
    throw new FocusFileError(errors);
  }
}

function textOrNull(column: { name: string } | undefined) {
  return column ? `CAST(${quoteIdent(column.name)} AS VARCHAR)` : 'NULL';
}

/** JSON pointer to a top-level key (`~` and `/` escaped). */
const pointer = (key: string) =>
  `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * Select items for the requested tag values (`tag_0`, ...). Keys match
 * case-insensitively and trimmed (`org` and ` org`): the exact key is looked
 * up first, the other spellings only in rows that lack it.
 */
function tagValuesSql(columns: ResolvedColumns, tagKeys: string[]) {
  const tags = columns.tags;
  if (!tags) return tagKeys.map((_, index) => `NULL AS tag_${index}`);
  const name = quoteIdent(tags.name);
  const matching = (map: string, key: string) =>
    `list_filter(map_entries(${map}), e -> lower(trim(e.key)) = ${quoteLiteral(
      key,
    )})[1].value`;
  if (tags.type.startsWith('MAP')) {
    return tagKeys.map(
      (key, index) => `${matching(name, key)} AS tag_${index}`,
    );
  }
  // Text that is not a JSON object gives no values (validation reports it).
  const asMap = `CAST(CAST(${name} AS JSON) AS MAP(VARCHAR, VARCHAR))`;
  return tagKeys.map(
    (key, index) =>
      `CASE WHEN ${isJsonObject(
        name,
      )} THEN COALESCE(json_extract_string(${name}, ${quoteLiteral(
        pointer(key),
      )}), ${matching(asMap, key)}) END AS tag_${index}`,
  );
}

const dayOf = (column: { name: string }) =>
  `strftime(${asTimestamp(column.name)}, '%Y-%m-%d')`;
const sumOf = (column: { name: string }) =>
  `COALESCE(SUM(TRY_CAST(${quoteIdent(column.name)} AS DOUBLE)), 0)`;

/** Text or null from a DuckDB column value. */
const textOf = (value: unknown) =>
  value === null || value === undefined ? null : String(value);

/**
 * Validates and aggregates in one scan: an hourly-to-daily aggregate per
 * resource (small next to the rows) with the count of failing checks, from
 * which daily groups and monthly resources are summed. Throws when a check
 * fails.
 */
async function aggregate(
  connection: DuckDBConnection,
  raw: string,
  columns: ResolvedColumns,
  tagKeys: string[],
): Promise<FocusReadResult> {
  const c = columns as Required<ResolvedColumns>;
  const checks = buildChecks(columns);
  const attribution = [
    'billing_account_id',
    'sub_account_id',
    'sub_account_name',
    ...tagKeys.map((_, i) => `tag_${i}`),
  ].join(', ');
  const select = [
    `${dayOf(c.billingPeriodStart)} AS billing_period`,
    `${dayOf(c.chargePeriodStart)} AS day`,
    `${textOrNull(c.serviceCategory)} AS service_category`,
    `${textOrNull(c.serviceName)} AS service_name`,
    `${textOrNull(c.provider)} AS provider`,
    `${textOrNull(c.chargeCategory)} AS charge_category`,
    `${textOrNull(columns.chargeClass)} AS charge_class`,
    `upper(${textOrNull(c.currency)}) AS currency`,
    `${textOrNull(columns.billingAccountId)} AS billing_account_id`,
    `${textOrNull(columns.subAccountId)} AS sub_account_id`,
    `${textOrNull(columns.subAccountName)} AS sub_account_name`,
    ...tagValuesSql(columns, tagKeys),
    `${textOrNull(columns.resourceId)} AS resource_id`,
    `${
      columns.resourceId ? textOrNull(columns.resourceName) : 'NULL'
    } AS resource_name`,
    `${sumOf(c.effectiveCost)} AS effective_cost`,
    `${sumOf(c.billedCost)} AS billed_cost`,
    `${sumOf(c.listCost)} AS list_cost`,
    ...commitmentSelect(columns),
    'COUNT(*) AS row_count',
    `${
      checks.length
        ? checks.map(check => `count_if(${check.condition})`).join(' + ')
        : '0'
    } AS bad`,
  ];
  await connection.run(`
    CREATE OR REPLACE TEMP TABLE fine AS
    SELECT ${select.join(',\n      ')}
    FROM ${raw}
    GROUP BY ALL`);
  const [{ bad }] = (
    await connection.runAndReadAll(`SELECT SUM(bad) AS bad FROM fine`)
  ).getRowObjectsJson();
  if (Number(bad ?? 0) > 0) throw new Error('rows fail validation');

  // Columns, not row objects: far less conversion for many groups.
  const daily = (
    await connection.runAndReadAll(`
      SELECT billing_period, day, service_category, service_name, provider,
        charge_category, charge_class, currency, ${attribution},
        SUM(effective_cost) AS effective_cost, SUM(billed_cost) AS billed_cost,
        SUM(list_cost) AS list_cost, CAST(SUM(row_count) AS DOUBLE) AS row_count
      FROM fine
      GROUP BY ALL`)
  ).getColumnsObjectJS();
  const tagsOf = (columnsOf: Record<string, unknown[]>, i: number) => {
    const tags: Record<string, string> = {};
    tagKeys.forEach((key, index) => {
      const value = textOf(columnsOf[`tag_${index}`][i])?.trim();
      if (value) tags[key] = value;
    });
    return tags;
  };
  /** What attribution reads of a grouped row: accounts and tags. */
  const attributionOf = (result: typeof daily, i: number) => ({
    billingAccountId: textOf(result.billing_account_id[i]),
    subAccountId: textOf(result.sub_account_id[i]),
    subAccountName: textOf(result.sub_account_name[i]),
    tags: tagsOf(result, i),
  });
  let rowsRead = 0;
  const groups: FocusGroup[] = daily.day.map((day, i) => {
    rowsRead += daily.row_count[i] as number;
    return {
      billingPeriod: String(daily.billing_period[i]),
      day: String(day),
      serviceCategory: String(daily.service_category[i]),
      serviceName: String(daily.service_name[i]),
      provider: String(daily.provider[i]),
      chargeCategory: String(daily.charge_category[i]),
      chargeClass: textOf(daily.charge_class[i]),
      currency: String(daily.currency[i]),
      ...attributionOf(daily, i),
      effectiveCost: daily.effective_cost[i] as number,
      billedCost: daily.billed_cost[i] as number,
      listCost: daily.list_cost[i] as number,
    };
  });
  const commitments = await readCommitmentGroups(
    connection,
    columns,
    attribution,
    attributionOf,
  );
  if (!columns.resourceId) {
    return { rowsRead, groups, resources: [], commitments };
  }
  const monthly = (
    await connection.runAndReadAll(`
      SELECT billing_period, substr(day, 1, 7) AS month, resource_id,
        resource_name, service_name, currency, ${attribution},
        SUM(effective_cost) AS effective_cost
      FROM fine
      WHERE resource_id IS NOT NULL
      GROUP BY ALL`)
  ).getColumnsObjectJS();
  const resources: FocusResourceGroup[] = monthly.month.map((month, i) => ({
    billingPeriod: String(monthly.billing_period[i]),
    month: String(month),
    resourceId: String(monthly.resource_id[i]),
    resourceName: textOf(monthly.resource_name[i]),
    serviceName: String(monthly.service_name[i]),
    currency: String(monthly.currency[i]),
    ...attributionOf(monthly, i),
    effectiveCost: monthly.effective_cost[i] as number,
  }));
  return { rowsRead, groups, resources, commitments };
}

/** Text columns of commitment groups, as named in DuckDB and in the group. */
const COMMITMENT_TEXT = {
  pricing_category: 'pricingCategory',
  commitment_discount_id: 'commitmentDiscountId',
  commitment_discount_name: 'commitmentDiscountName',
  commitment_discount_category: 'commitmentDiscountCategory',
  commitment_discount_type: 'commitmentDiscountType',
  commitment_discount_status: 'commitmentDiscountStatus',
  commitment_discount_unit: 'commitmentDiscountUnit',
} as const;

/** Commitment keys and quantity of the per-resource aggregate (NULL when absent). */
function commitmentSelect(columns: ResolvedColumns) {
  const quantity = columns.commitmentDiscountQuantity;
  return [
    ...Object.entries(COMMITMENT_TEXT).map(
      ([alias, column]) => `${textOrNull(columns[column])} AS ${alias}`,
    ),
    `${
      quantity
        ? `SUM(TRY_CAST(${quoteIdent(quantity.name)} AS DOUBLE))`
        : 'NULL'
    } AS commitment_quantity`,
  ];
}

/**
 * Monthly groups of the rows that carry a pricing category or a commitment
 * discount, from the per-resource aggregate. None when the file has neither
 * column (older or partial exports still ingest).
 */
async function readCommitmentGroups(
  connection: DuckDBConnection,
  columns: ResolvedColumns,
  attribution: string,
  attributionOf: (
    result: Record<string, any[]>,
    i: number,
  ) => {
    billingAccountId: string | null;
    subAccountId: string | null;
    subAccountName: string | null;
    tags: Record<string, string>;
  },
): Promise<FocusCommitmentGroup[]> {
  if (!columns.pricingCategory && !columns.commitmentDiscountId) return [];
  const keys = Object.keys(COMMITMENT_TEXT).join(', ');
  const result = (
    await connection.runAndReadAll(`
      SELECT billing_period, substr(day, 1, 7) AS month, provider,
        service_category, charge_category, ${keys}, currency, ${attribution},
        SUM(effective_cost) AS effective_cost, SUM(billed_cost) AS billed_cost,
        SUM(list_cost) AS list_cost, SUM(commitment_quantity) AS quantity
      FROM fine
      WHERE pricing_category IS NOT NULL OR commitment_discount_id IS NOT NULL
      GROUP BY ALL`)
  ).getColumnsObjectJS();
  return result.month.map((month, i) => {
    const group = {
      billingPeriod: String(result.billing_period[i]),
      month: String(month),
      provider: String(result.provider[i]),
      serviceCategory: String(result.service_category[i]),
      chargeCategory: String(result.charge_category[i]),
      currency: String(result.currency[i]),
      ...attributionOf(result, i),
      effectiveCost: result.effective_cost[i] as number,
      billedCost: result.billed_cost[i] as number,
      listCost: result.list_cost[i] as number,
      commitmentDiscountQuantity:
        result.quantity[i] === null ? null : Number(result.quantity[i]),
    } as FocusCommitmentGroup;
    for (const [alias, key] of Object.entries(COMMITMENT_TEXT)) {
      group[key] = textOf(result[alias][i])?.trim() || null;
    }
    return group;
  });
}

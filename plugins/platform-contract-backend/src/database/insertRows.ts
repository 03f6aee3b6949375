import { Knex } from 'knex';

/** Rows per multi-row INSERT; SQLite limits compound SELECTs to 500 terms. */
const ROWS_PER_INSERT = 500;

/** better-sqlite3's synchronous driver, as far as this file uses it. */
interface SqliteDriver {
  prepare(sql: string): { run(params: unknown[]): unknown };
  transaction(fn: () => void): () => void;
}

/** When an upsert may overwrite a stored row. */
export interface UpsertOptions {
  /**
   * Overwrite only a stored row whose value in this column is not greater
   * (e.g. `evaluated_at`): a row written meanwhile from a newer reading wins.
   */
  unlessNewer?: string;
}

/**
 * Inserts many rows of the same columns, or upserts them when `upsertOn`
 * names the key columns (every other column is updated).
 *
 * On better-sqlite3 one prepared statement runs per row inside a transaction
 * (a savepoint within the caller's): knex's multi-row INSERT is a compound
 * SELECT that SQLite parses afresh for every 500 rows, which took most of a
 * full evaluation's storage time. Elsewhere it is knex's multi-row INSERT.
 */
export async function insertRows(
  db: Knex | Knex.Transaction,
  table: string,
  rows: Array<Record<string, unknown>>,
  upsertOn?: string[],
  { unlessNewer }: UpsertOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  if (db.client.driverName !== 'better-sqlite3') {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const insert = db(table).insert(rows.slice(i, i + ROWS_PER_INSERT));
      if (!upsertOn) {
        await insert;
        continue;
      }
      const merge = insert
        .onConflict(upsertOn)
        .merge(columns.filter(c => !upsertOn.includes(c)));
      await (unlessNewer
        ? merge.whereRaw('??.?? <= excluded.??', [
            table,
            unlessNewer,
            unlessNewer,
          ])
        : merge);
    }
    return;
  }
  const quoted = (names: string[]) => names.map(n => `"${n}"`).join(', ');
  const updates = upsertOn
    ? ` ON CONFLICT (${quoted(upsertOn)}) DO UPDATE SET ${columns
        .filter(c => !upsertOn.includes(c))
        .map(c => `"${c}" = excluded."${c}"`)
        .join(', ')}${
        unlessNewer
          ? ` WHERE "${table}"."${unlessNewer}" <= excluded."${unlessNewer}"`
          : ''
      }`
    : '';
  const sql = `INSERT INTO "${table}" (${quoted(columns)}) VALUES (${columns
    .map(() => '?')
    .join(', ')})${updates}`;
  // Inside a knex transaction this is the transaction's own connection.
  const connection: SqliteDriver = await db.client.acquireConnection();
  try {
    const statement = connection.prepare(sql);
    connection.transaction(() => {
      for (const row of rows) {
        statement.run(columns.map(column => sqliteValue(row[column])));
      }
    })();
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/** What knex would bind: SQLite has no booleans, and no undefined. */
function sqliteValue(value: unknown) {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}

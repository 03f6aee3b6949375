// @ts-check

/**
 * Values read from billing files become text: tag labels (AWS keys up to 128
 * characters, values up to 256), service names and currencies overflowed
 * varchar on PostgreSQL and failed the whole source. SQLite ignores lengths.
 * Each column with its former length, for `down`.
 */
const COLUMNS = {
  cost_daily: {
    source: 255,
    billing_period: 255,
    entity_ref: 255,
    day: 255,
    service_category: 255,
    service_name: 255,
    provider: 255,
    charge_category: 255,
    charge_class: 255,
    currency: 16,
  },
  cost_monthly: {
    source: 255,
    billing_period: 255,
    entity_ref: 255,
    service_category: 255,
    service_name: 255,
    provider: 255,
    charge_category: 255,
    currency: 16,
  },
  cost_unattributed: {
    source: 255,
    billing_period: 255,
    day: 255,
    label: 255,
    currency: 16,
  },
  cost_resource_monthly: {
    source: 255,
    billing_period: 255,
    entity_ref: 255,
    service_name: 255,
    currency: 16,
  },
  cost_ingest_status: { source: 255 },
};

/**
 * @param {import('knex').Knex} knex
 * @param {(column: string, length: number) => string} change
 */
async function alterAll(knex, change) {
  if (knex.client.dialect !== 'postgresql') return;
  for (const [table, columns] of Object.entries(COLUMNS)) {
    const changes = Object.entries(columns).map(([column, length]) =>
      change(column, length),
    );
    await knex.raw(`ALTER TABLE ?? ${changes.join(', ')}`, [table]);
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await alterAll(knex, column => `ALTER COLUMN "${column}" TYPE text`);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await alterAll(
    knex,
    (column, length) =>
      `ALTER COLUMN "${column}" TYPE varchar(${length}) USING left("${column}", ${length})`,
  );
};

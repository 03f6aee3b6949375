// @ts-check

/** Key columns that may be null, indexed through coalesce (see unique_rollups). */
const NULLABLE_KEYS = [
  'entity_ref',
  'pricing_category',
  'commitment_discount_id',
  'commitment_discount_name',
  'commitment_discount_category',
  'commitment_discount_type',
  'commitment_discount_status',
  'commitment_discount_unit',
];

/**
 * Monthly roll-ups of the FOCUS pricing category and commitment discount
 * columns, for utilisation, coverage, savings and waste without raw rows.
 * Only rows with a pricing category or a commitment discount are kept; the
 * next ingest of a source fills them (earlier ingests did not read these
 * columns).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_commitment_monthly', table => {
    table.comment(
      'Cost per pricing category and commitment discount, per attributed entity and month; replaced per source and billing period',
    );
    table.bigIncrements('id');
    table.text('source').notNullable();
    table.text('billing_period').notNullable();
    table.text('entity_ref').nullable();
    table
      .string('month', 7)
      .notNullable()
      .comment('YYYY-MM of the charge period');
    table.text('provider').notNullable();
    table.text('service_category').notNullable();
    table.text('charge_category').notNullable();
    table
      .text('pricing_category')
      .nullable()
      .comment('Standard, Committed, Dynamic, Other');
    table.text('commitment_discount_id').nullable();
    table.text('commitment_discount_name').nullable();
    table
      .text('commitment_discount_category')
      .nullable()
      .comment('Spend or Usage');
    table.text('commitment_discount_type').nullable();
    table
      .text('commitment_discount_status')
      .nullable()
      .comment('Used or Unused');
    table.text('commitment_discount_unit').nullable().comment('FOCUS 1.2+');
    table.text('currency').notNullable();
    table.double('effective_cost').notNullable();
    table.double('billed_cost').notNullable();
    table.double('list_cost').notNullable();
    table
      .double('commitment_discount_quantity')
      .nullable()
      .comment('FOCUS 1.2+');
    table.index(
      ['source', 'billing_period'],
      'cost_commitment_source_period_idx',
    );
    table.index(['month'], 'cost_commitment_month_idx');
    table.index(['entity_ref', 'month'], 'cost_commitment_entity_month_idx');
  });
  const keys = [
    'source',
    'billing_period',
    'month',
    'provider',
    'service_category',
    'charge_category',
    'currency',
    ...NULLABLE_KEYS.map(column => `(coalesce(${column}, ''))`),
  ];
  // One row per key, so overlapping ingests cannot both keep theirs.
  await knex.raw(
    `CREATE UNIQUE INDEX cost_commitment_key_idx ON cost_commitment_monthly (${keys.join(
      ', ',
    )})`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_commitment_monthly');
};

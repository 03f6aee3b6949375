// @ts-check

/**
 * Monthly roll-ups next to the daily ones, so that monthly series of groups
 * high in the hierarchy read one row per month instead of one per day.
 * Derived from cost_daily at ingest; backfilled here from existing data.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_monthly', table => {
    table.comment(
      'cost_daily summed per month, replaced with it per source and billing period',
    );
    table.bigIncrements('id');
    table.string('source').notNullable();
    table.string('billing_period').notNullable();
    table.string('entity_ref').nullable();
    table.string('month', 7).notNullable().comment('YYYY-MM of the charge day');
    table.string('service_category').notNullable();
    table.string('service_name').notNullable();
    table.string('provider').notNullable();
    table.string('charge_category').notNullable();
    table.string('currency', 16).notNullable();
    table.double('effective_cost').notNullable();
    table.index(['source', 'billing_period'], 'cost_monthly_source_period_idx');
    table.index(['entity_ref', 'month'], 'cost_monthly_entity_month_idx');
  });
  await knex.raw(`
    INSERT INTO cost_monthly (source, billing_period, entity_ref, month,
      service_category, service_name, provider, charge_category, currency,
      effective_cost)
    SELECT source, billing_period, entity_ref, substr(day, 1, 7),
      service_category, service_name, provider, charge_category, currency,
      sum(effective_cost)
    FROM cost_daily
    GROUP BY source, billing_period, entity_ref, substr(day, 1, 7),
      service_category, service_name, provider, charge_category, currency`);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_monthly');
};

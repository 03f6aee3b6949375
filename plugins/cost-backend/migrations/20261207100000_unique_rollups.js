// @ts-check

/**
 * One row per roll-up key in cost_daily and cost_monthly, so that two ingests
 * that overlap can never both keep their rows. Nullable columns are indexed
 * through coalesce: PostgreSQL before 15 treats NULLs as distinct.
 *
 * Rows that are already duplicated can only come from such an overlap (an
 * ingest writes each key once), so one of each is kept and the monthly
 * roll-ups are rebuilt from the daily ones.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    DELETE FROM cost_daily WHERE id NOT IN (
      SELECT min(id) FROM cost_daily
      GROUP BY source, billing_period, coalesce(entity_ref, ''), day,
        service_category, service_name, provider, charge_category,
        coalesce(charge_class, ''), currency)`);
  await knex.raw(`
    CREATE UNIQUE INDEX cost_daily_key_idx ON cost_daily (source,
      billing_period, (coalesce(entity_ref, '')), day, service_category,
      service_name, provider, charge_category, (coalesce(charge_class, '')),
      currency)`);

  await knex('cost_monthly').delete();
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
  await knex.raw(`
    CREATE UNIQUE INDEX cost_monthly_key_idx ON cost_monthly (source,
      billing_period, (coalesce(entity_ref, '')), month, service_category,
      service_name, provider, charge_category, currency)`);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX cost_monthly_key_idx');
  await knex.raw('DROP INDEX cost_daily_key_idx');
};

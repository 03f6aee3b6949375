// @ts-check

/**
 * Daily cost roll-ups (never raw billing rows), ingest status, budgets, sent
 * alerts and the catalog hierarchy used to roll costs up.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_daily', table => {
    table.comment(
      'Daily cost roll-ups per attributed entity, replaced per source and billing period',
    );
    table.bigIncrements('id');
    table.string('source').notNullable();
    table
      .string('billing_period')
      .notNullable()
      .comment('BillingPeriodStart as YYYY-MM-DD');
    table
      .string('entity_ref')
      .nullable()
      .comment('Attributed entity, null when unattributed');
    table
      .string('day')
      .notNullable()
      .comment('ChargePeriodStart day (UTC) as YYYY-MM-DD');
    table.string('service_category').notNullable();
    table.string('service_name').notNullable();
    table.string('provider').notNullable();
    table.string('charge_category').notNullable();
    table.string('charge_class').nullable();
    table.string('currency', 16).notNullable();
    table.double('effective_cost').notNullable();
    table.double('billed_cost').notNullable();
    table.double('list_cost').notNullable();
    table.index(['source', 'billing_period'], 'cost_daily_source_period_idx');
    table.index(['entity_ref', 'day'], 'cost_daily_entity_day_idx');
    table.index(['day'], 'cost_daily_day_idx');
  });

  await knex.schema.createTable('cost_unattributed', table => {
    table.comment(
      'Where unattributed cost comes from: tag values and accounts',
    );
    table.bigIncrements('id');
    table.string('source').notNullable();
    table.string('billing_period').notNullable();
    table.string('day').notNullable();
    table.string('dimension', 16).notNullable().comment('tag or account');
    table.string('label').notNullable();
    table.string('currency', 16).notNullable();
    table.double('effective_cost').notNullable();
    table.index(
      ['source', 'billing_period'],
      'cost_unattributed_source_period_idx',
    );
  });

  await knex.schema.createTable('cost_ingest_status', table => {
    table.string('source').primary();
    table.string('status', 16).notNullable();
    table.string('started_at').notNullable();
    table.string('finished_at').nullable();
    table.integer('rows_read').nullable();
    table.integer('rollup_rows').nullable();
    table.text('billing_periods').nullable().comment('JSON array');
    table.text('errors').nullable().comment('JSON array');
  });

  await knex.schema.createTable('cost_budgets', table => {
    table.string('entity_ref').primary();
    table.double('amount').notNullable();
    table.string('currency', 16).notNullable();
    table.string('source', 16).notNullable().comment('api or annotation');
    table.string('updated_by').nullable();
    table.string('updated_at').notNullable();
  });

  await knex.schema.createTable('cost_alerts_sent', table => {
    table.comment(
      'Deduplicates alerts: each kind fires once per entity and month',
    );
    table.string('entity_ref').notNullable();
    table.string('month', 7).notNullable();
    table.string('kind').notNullable();
    table.string('sent_at').notNullable();
    table.primary(['entity_ref', 'month', 'kind']);
  });

  await knex.schema.createTable('cost_entity_closure', table => {
    table.comment(
      'Catalog roll-up hierarchy: every entity and each of its ancestors',
    );
    table.string('entity_ref').notNullable();
    table.string('ancestor_ref').notNullable();
    table.primary(['entity_ref', 'ancestor_ref']);
    table.index(['ancestor_ref'], 'cost_entity_closure_ancestor_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_entity_closure');
  await knex.schema.dropTable('cost_alerts_sent');
  await knex.schema.dropTable('cost_budgets');
  await knex.schema.dropTable('cost_ingest_status');
  await knex.schema.dropTable('cost_unattributed');
  await knex.schema.dropTable('cost_daily');
};

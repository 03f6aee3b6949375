// @ts-check

/**
 * Each entity's most expensive resources per month, for "top resources".
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_resource_monthly', table => {
    table.comment(
      'Top resources per attributed entity and month, replaced per source and billing period',
    );
    table.bigIncrements('id');
    table.string('source').notNullable();
    table.string('billing_period').notNullable();
    table.string('entity_ref').nullable();
    table
      .string('month', 7)
      .notNullable()
      .comment('YYYY-MM of the charge period');
    table.text('resource_id').notNullable();
    table.text('resource_name').nullable();
    table.string('service_name').notNullable();
    table.string('currency', 16).notNullable();
    table.double('effective_cost').notNullable();
    table.index(
      ['source', 'billing_period'],
      'cost_resource_monthly_source_period_idx',
    );
    table.index(
      ['entity_ref', 'month'],
      'cost_resource_monthly_entity_month_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_resource_monthly');
};

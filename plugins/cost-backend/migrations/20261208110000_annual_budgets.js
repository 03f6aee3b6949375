// @ts-check

/**
 * Annual budgets (per fiscal year), next to the monthly ones, for opex
 * projections to the end of the fiscal year.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_annual_budgets', table => {
    table.comment('Annual (fiscal year) budgets, set through the API');
    table.string('entity_ref').primary();
    table.double('amount').notNullable();
    table.string('currency', 16).notNullable();
    table.string('source', 16).notNullable().comment('api');
    table.string('updated_by').nullable();
    table.string('updated_at').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_annual_budgets');
};

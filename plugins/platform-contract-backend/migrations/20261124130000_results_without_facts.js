// @ts-check

/**
 * Stored rule results no longer carry their deciding facts (they are derived
 * from the fact store when shown), so rows in the old format are dropped; the
 * next evaluation writes every row again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex('pc_results').delete();
};

/**
 * The earlier code cannot read the new format either; it re-evaluates too.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('pc_results').delete();
};

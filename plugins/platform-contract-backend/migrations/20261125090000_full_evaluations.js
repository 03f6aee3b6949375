// @ts-check

/**
 * Records that a full evaluation stored its results, so that the plugin can
 * tell a catalog it has already scored from one it is still taking in: the
 * first full evaluation covers the entities a new catalog announces, and
 * evaluating each one as it is announced would be a burst at first start.
 * One row, replaced by every full evaluation.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pc_full_evaluations', table => {
    table.integer('id').primary().comment('Always 1: one row');
    table
      .string('history_day', 10)
      .notNullable()
      .comment('The history day of the last full evaluation');
  });
  // A database that already holds results has had a full evaluation.
  const latest = await knex('pc_entity_history').max({ day: 'day' }).first();
  if (latest?.day && (await knex('pc_results').first())) {
    await knex('pc_full_evaluations').insert({
      id: 1,
      history_day: latest.day,
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pc_full_evaluations');
};

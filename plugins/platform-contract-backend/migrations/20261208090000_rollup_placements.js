// @ts-check

/**
 * Roll-ups are recomputed after single-entity evaluations on any replica, so
 * what they need lives in the database rather than in the memory of the
 * replica that ran the last full evaluation: where each entity sat (owner
 * group, system) when its result was evaluated, and the organisation (each
 * group's parent, each system's domain) as the last full evaluation read it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pc_results', table => {
    table
      .text('placement')
      .nullable()
      .comment(
        'JSON { owner?, system? } when evaluated; null for rows stored before, until the next full evaluation',
      );
  });
  await knex.schema.createTable('pc_organization', table => {
    table.string('ref', 512).primary().comment('A group or a system');
    table
      .string('parent', 512)
      .notNullable()
      .comment("The group's parent group, or the system's domain");
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pc_organization');
  await knex.schema.alterTable('pc_results', table => {
    table.dropColumn('placement');
  });
};

// @ts-check

/**
 * Campaigns declared in YAML are retired, not deleted, when a replica loads
 * contracts that no longer declare them: during a rolling deploy an old
 * replica does not know the new campaigns, and deleting them (with their
 * reminder claims) would send every reminder again. A retired campaign is
 * hidden and reminds no one; a replica that declares it again restores it
 * with its progress and reminders.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pc_campaigns', table => {
    table
      .string('retired_at', 32)
      .nullable()
      .comment(
        'When a start-up last found it no longer declared in the contract YAML; null while active',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pc_campaigns', table => {
    table.dropColumn('retired_at');
  });
};

// @ts-check

/**
 * Campaigns ask a contract's entities to pass a rule or reach a level by a
 * deadline. Campaigns declared in contract YAML (source `contract`) and those
 * created over the API (source `api`) share one table. Progress is a snapshot
 * of the latest stored results, one row per campaign and entity, refreshed
 * after each evaluation; whether an entity that is not done is pending or
 * late follows from the deadline when read. Reminders sent are recorded so
 * that each is sent once, whichever replica runs the task.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pc_campaigns', table => {
    table.string('id', 255).primary();
    table.string('title', 255).notNullable();
    table.text('description').notNullable().comment('Markdown');
    table.string('contract', 255).notNullable();
    table.string('rule_id', 255).nullable().comment('Target rule, or');
    table.string('level', 255).nullable().comment('target level');
    table
      .text('applies_to')
      .nullable()
      .comment('JSON filter predicate narrowing the contract entities');
    table.string('deadline', 10).notNullable().comment('YYYY-MM-DD');
    table.string('owner', 512).notNullable();
    table.string('created_by', 512).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('source', 16).notNullable().comment('contract | api');
    table
      .string('progress_updated_at', 32)
      .nullable()
      .comment('When the progress rows were last computed');
  });

  await knex.schema.createTable('pc_campaign_entity_progress', table => {
    table
      .string('campaign_id', 255)
      .notNullable()
      .references('id')
      .inTable('pc_campaigns')
      .onDelete('CASCADE');
    table.string('entity_ref', 512).notNullable();
    table.string('owner', 512).nullable().comment('Owner group of the entity');
    table
      .string('state', 16)
      .notNullable()
      .comment('done | open | unknown; open is pending or late by deadline');
    table
      .string('done_at', 32)
      .nullable()
      .comment('When first seen done since it last was not');
    table.primary(['campaign_id', 'entity_ref']);
  });

  await knex.schema.createTable('pc_campaign_reminders', table => {
    table
      .string('campaign_id', 255)
      .notNullable()
      .references('id')
      .inTable('pc_campaigns')
      .onDelete('CASCADE');
    table
      .string('reminder', 32)
      .notNullable()
      .comment('days-before:<n> or late');
    table.string('sent_at', 32).notNullable();
    table.primary(['campaign_id', 'reminder']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pc_campaign_reminders');
  await knex.schema.dropTable('pc_campaign_entity_progress');
  await knex.schema.dropTable('pc_campaigns');
};

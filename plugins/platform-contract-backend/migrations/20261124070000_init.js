// @ts-check

/**
 * Facts are stored one row per entity and provider (a JSON map of facts) and
 * results one row per entity and contract (a JSON list of rule results), so a
 * full evaluation of 10,000 entities writes tens of thousands of rows rather
 * than hundreds of thousands.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pc_facts', table => {
    table.string('entity_ref', 512).notNullable();
    table
      .string('provider', 255)
      .notNullable()
      .comment('Fact provider id, or "push"');
    table
      .text('facts')
      .notNullable()
      .comment('JSON map of fact name to { value, observedAt, source }');
    table.boolean('stale').notNullable().defaultTo(false);
    table.string('updated_at', 32).notNullable();
    table.primary(['entity_ref', 'provider']);
  });

  await knex.schema.createTable('pc_results', table => {
    table.string('contract', 255).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.float('score').notNullable();
    table.string('level', 255).nullable();
    table.boolean('ground_rules_met').notNullable();
    table
      .text('results')
      .notNullable()
      .comment('JSON: status counts and per-rule results with deciding facts');
    table.string('evaluated_at', 32).notNullable();
    table.primary(['contract', 'entity_ref']);
    table.index(['entity_ref'], 'pc_results_entity_idx');
  });

  await knex.schema.createTable('pc_entity_history', table => {
    table.string('contract', 255).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.string('day', 10).notNullable();
    table.float('score').notNullable();
    table.string('level', 255).nullable();
    table.boolean('ground_rules_met').notNullable();
    table.primary(['entity_ref', 'contract', 'day']);
    table.index(['day'], 'pc_entity_history_day_idx');
  });

  await knex.schema.createTable('pc_rollups', table => {
    table.string('type', 32).notNullable();
    table.string('ref', 512).notNullable();
    table.text('rollup').notNullable().comment('JSON Rollup');
    table
      .text('details')
      .notNullable()
      .comment('JSON: per-rule summaries and per-category cells');
    table.primary(['type', 'ref']);
  });

  await knex.schema.createTable('pc_rollup_history', table => {
    table.string('type', 32).notNullable();
    table.string('ref', 512).notNullable();
    table.string('day', 10).notNullable();
    table.float('score').notNullable();
    table.integer('entity_count').notNullable();
    table.integer('ground_rules_met_count').notNullable();
    table.primary(['type', 'ref', 'day']);
    table.index(['day'], 'pc_rollup_history_day_idx');
  });

  await knex.schema.createTable('pc_waivers', table => {
    table.string('id', 36).primary();
    table.string('contract', 255).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.string('rule_id', 255).notNullable();
    table.text('reason').notNullable();
    table.text('conditions').notNullable();
    table.string('expires_at', 32).notNullable();
    table.string('status', 16).notNullable();
    table.string('contract_owner', 512).notNullable();
    table.string('requested_by', 512).notNullable();
    table.string('requested_at', 32).notNullable();
    table.string('decided_by', 512).nullable();
    table.string('decided_at', 32).nullable();
    table.text('decision_comment').nullable();
    table.string('expiry_notified_at', 32).nullable();
    table.index(['entity_ref'], 'pc_waivers_entity_idx');
    table.index(['status', 'expires_at'], 'pc_waivers_status_idx');
  });

  await knex.schema.createTable('pc_waiver_events', table => {
    table.increments('id');
    table
      .string('waiver_id', 36)
      .notNullable()
      .references('id')
      .inTable('pc_waivers')
      .onDelete('CASCADE');
    table.string('at', 32).notNullable();
    table.string('actor', 512).notNullable();
    table.string('action', 32).notNullable();
    table.text('comment').nullable();
    table.index(['waiver_id'], 'pc_waiver_events_waiver_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pc_waiver_events');
  await knex.schema.dropTable('pc_waivers');
  await knex.schema.dropTable('pc_rollup_history');
  await knex.schema.dropTable('pc_rollups');
  await knex.schema.dropTable('pc_entity_history');
  await knex.schema.dropTable('pc_results');
  await knex.schema.dropTable('pc_facts');
};

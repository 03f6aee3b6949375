// @ts-check

/**
 * Pushed facts get a row each: a push upserts its facts without reading the
 * entity's other pushed facts, so concurrent pushes for one entity keep both
 * (the single `push` row of `pc_facts` was read, merged and written back).
 * `pushed_at` lets pushes for entities that left the catalog be pruned.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pc_pushed_facts', table => {
    table.string('entity_ref', 512).notNullable();
    table.string('name', 255).notNullable();
    table.text('value').notNullable().comment('The fact value as JSON');
    table.string('observed_at', 32).notNullable();
    table
      .string('source', 255)
      .notNullable()
      .comment('push:<subject of the service that pushed it>');
    table.string('pushed_at', 32).notNullable();
    table.primary(['entity_ref', 'name']);
  });
  const rows = await knex('pc_facts').where({ provider: 'push' });
  for (const row of rows) {
    const { v = {}, x = {} } = JSON.parse(row.facts);
    const facts = { ...x };
    for (const [name, value] of Object.entries(v)) {
      facts[name] = { value, observedAt: row.updated_at, source: 'push' };
    }
    const pushed = Object.entries(facts).map(([name, fact]) => ({
      entity_ref: row.entity_ref,
      name,
      value: JSON.stringify(fact.value),
      observed_at: fact.observedAt,
      source: fact.source,
      pushed_at: row.updated_at,
    }));
    if (pushed.length) await knex('pc_pushed_facts').insert(pushed);
  }
  await knex('pc_facts').where({ provider: 'push' }).delete();
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  /** @type {Map<string, { facts: Record<string, unknown>, updatedAt: string }>} */
  const byEntity = new Map();
  for (const row of await knex('pc_pushed_facts').orderBy('entity_ref')) {
    /** @type {{ facts: Record<string, unknown>, updatedAt: string }} */
    const entity = byEntity.get(row.entity_ref) ?? {
      facts: {},
      updatedAt: row.pushed_at,
    };
    entity.facts[row.name] = {
      value: JSON.parse(row.value),
      observedAt: row.observed_at,
      source: row.source,
    };
    if (row.pushed_at > entity.updatedAt) entity.updatedAt = row.pushed_at;
    byEntity.set(row.entity_ref, entity);
  }
  for (const [entityRef, { facts, updatedAt }] of byEntity) {
    await knex('pc_facts').insert({
      entity_ref: entityRef,
      provider: 'push',
      facts: JSON.stringify({ x: facts }),
      stale: false,
      updated_at: updatedAt,
    });
  }
  await knex.schema.dropTable('pc_pushed_facts');
};

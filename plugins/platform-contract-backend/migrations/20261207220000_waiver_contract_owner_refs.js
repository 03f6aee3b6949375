// @ts-check

/**
 * Waivers stored the contract's `spec.owner` as written, lowercased. Written
 * without a namespace (`group:platform-team`) or kind (`platform-team`) it
 * never equalled an ownership claim (`group:default/platform-team`), so no
 * contract owner could approve such waivers. Stores the full ref instead.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const rows = await knex('pc_waivers')
    .select('id', 'contract_owner')
    .whereNot('contract_owner', 'like', '%/%');
  for (const { id, contract_owner: owner } of rows) {
    const [kind, name] = owner.includes(':')
      ? owner.split(':', 2)
      : ['group', owner];
    await knex('pc_waivers')
      .where({ id })
      .update({ contract_owner: `${kind}:default/${name}` });
  }
};

/** Full refs are what the contract would have said with a namespace: nothing to undo. */
exports.down = async function down() {};

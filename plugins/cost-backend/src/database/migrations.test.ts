import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createStoreTestDatabases } from '@groundwork/test-utils';
import { Knex } from 'knex';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();
const directory = resolvePackagePath(
  '@groundwork/plugin-cost-backend',
  'migrations',
);

/** Runs migrations one at a time up to and including `name`. */
async function migrateUpTo(knex: Knex, name: string) {
  for (;;) {
    const [, pending] = await knex.migrate.list({ directory });
    if (!pending.some((m: { file: string }) => m.file === name)) return;
    await knex.migrate.up({ directory });
  }
}

const dailyRow = {
  source: 's',
  billing_period: '2026-11-01',
  entity_ref: null,
  day: '2026-11-02',
  service_category: 'Compute',
  service_name: 'EC2',
  provider: 'AWS',
  charge_category: 'Usage',
  charge_class: null,
  currency: 'USD',
  effective_cost: 2,
  billed_cost: 2,
  list_cost: 2,
};

describe('cost migrations', () => {
  it.each(databases.eachSupportedId())(
    'add unique roll-up keys over data an overlapping ingest doubled, %p',
    async id => {
      const knex = await databases.init(id);
      await migrateUpTo(knex, '20261124120000_monthly.js');
      // What two overlapping ingests left: every row twice, monthly too.
      await knex('cost_daily').insert([
        dailyRow,
        dailyRow,
        { ...dailyRow, entity_ref: 'component:default/a', effective_cost: 3 },
        { ...dailyRow, entity_ref: 'component:default/a', effective_cost: 3 },
      ]);
      await knex('cost_monthly').insert(
        [null, null, 'component:default/a'].map(entityRef => ({
          source: 's',
          billing_period: '2026-11-01',
          entity_ref: entityRef,
          month: '2026-11',
          service_category: 'Compute',
          service_name: 'EC2',
          provider: 'AWS',
          charge_category: 'Usage',
          currency: 'USD',
          effective_cost: 9,
        })),
      );

      await migrateUpTo(knex, '20261207100000_unique_rollups.js');
      const sums = async (table: string) =>
        (
          await knex(table)
            .select('entity_ref')
            .sum({ cost: 'effective_cost' })
            .count({ rows: '*' })
            .groupBy('entity_ref')
            .orderBy('entity_ref')
        ).map(row => ({
          ...row,
          cost: Number(row.cost),
          rows: Number(row.rows),
        }));
      const expected = [
        { entity_ref: 'component:default/a', cost: 3, rows: 1 },
        { entity_ref: null, cost: 2, rows: 1 },
      ];
      expect(await sums('cost_daily')).toEqual(
        expect.arrayContaining(expected),
      );
      expect(await sums('cost_monthly')).toEqual(
        expect.arrayContaining(expected),
      );
      // Null entity and charge class count as one key too.
      await expect(knex('cost_daily').insert(dailyRow)).rejects.toMatchObject({
        message: expect.stringMatching(/unique/i),
      });

      await migrateUpTo(knex, '20261207100000_unique_rollups.js');
      await knex.migrate.down({ directory });
      await knex('cost_daily').insert(dailyRow);
      await knex('cost_daily').where({ entity_ref: null }).delete();
      await knex.migrate.latest({ directory });
    },
  );

  it.each(databases.eachSupportedId())(
    'make billing values text, and back, %p',
    async id => {
      const knex = await databases.init(id);
      await knex.migrate.latest({ directory });
      const label = 'x'.repeat(400);
      await knex('cost_unattributed').insert({
        source: 's',
        billing_period: '2026-11-01',
        day: '2026-11-02',
        dimension: 'tag',
        label,
        currency: 'USD',
        effective_cost: 1,
      });
      expect((await knex('cost_unattributed').first()).label).toBe(label);
      await knex.migrate.down({ directory });
      await knex.migrate.latest({ directory });
    },
  );

  it.each(databases.eachSupportedId())(
    'add commitment roll-ups with one row per key, annual budgets, and back, %p',
    async id => {
      const knex = await databases.init(id);
      await migrateUpTo(knex, '20261208110000_annual_budgets.js');
      const row = {
        source: 's',
        billing_period: '2026-03-01',
        entity_ref: null,
        month: '2026-03',
        provider: 'AWS',
        service_category: 'Compute',
        charge_category: 'Usage',
        pricing_category: 'Committed',
        commitment_discount_id: 'arn:aws:savingsplans::1:savingsplan/x',
        commitment_discount_name: null,
        commitment_discount_category: 'Spend',
        commitment_discount_type: 'Savings Plan',
        commitment_discount_status: 'Unused',
        commitment_discount_unit: null,
        currency: 'USD',
        effective_cost: 2,
        billed_cost: 0,
        list_cost: 2,
        commitment_discount_quantity: null,
      };
      await knex('cost_commitment_monthly').insert(row);
      // Null entity, name and unit count as one key.
      await expect(
        knex('cost_commitment_monthly').insert(row),
      ).rejects.toMatchObject({ message: expect.stringMatching(/unique/i) });
      await knex('cost_annual_budgets').insert({
        entity_ref: 'group:default/team',
        amount: 1200,
        currency: 'USD',
        source: 'api',
        updated_at: '2026-03-01T00:00:00Z',
      });
      await knex.migrate.down({ directory });
      expect(await knex.schema.hasTable('cost_annual_budgets')).toBe(false);
      expect(await knex.schema.hasTable('cost_commitment_monthly')).toBe(true);
      await knex.migrate.down({ directory });
      expect(await knex.schema.hasTable('cost_commitment_monthly')).toBe(false);
      await knex.migrate.latest({ directory });
    },
  );
});

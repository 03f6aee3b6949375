import { mockServices } from '@backstage/backend-test-utils';
import { createStoreTestDatabases } from '@groundwork/test-utils';
import { evaluatedTestCatalog } from '../__testUtils__/evaluatedTestCatalog';
import { KnexPlatformContractStore } from '../database/KnexPlatformContractStore';
import { seedDemoHistory } from './demoHistory';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();
const NOW = new Date('2026-11-24T09:00:00.000Z');

describe('seedDemoHistory', () => {
  it.each(databases.eachSupportedId())(
    'fills the days before the first evaluation once, ending at today, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const empty = await KnexPlatformContractStore.create(
        mockServices.database({ knex }),
      );
      expect(await seedDemoHistory(empty, 30, NOW)).toBe('waiting');

      const { store } = await evaluatedTestCatalog(knex, NOW);
      const [today] = await store.readRollupHistory('organization', 'all');

      expect(await seedDemoHistory(store, 30, NOW)).toBe('written');
      const organisation = await store.readRollupHistory('organization', 'all');
      expect(organisation).toHaveLength(31);
      expect(organisation[0].day).toBe('2026-10-25');
      expect(organisation[30]).toEqual(today);
      // A trend that improves towards today.
      expect(organisation[0].score).toBeLessThan(today.score);
      for (const point of organisation) {
        expect(point.score).toBeGreaterThanOrEqual(0);
        expect(point.groundRulesMetCount).toBeLessThanOrEqual(
          point.entityCount,
        );
      }
      const entity = await store.readEntityHistory(
        'component:default/brightpathmatrix',
      );
      expect(entity).toHaveLength(31);
      expect(
        (await store.readRollupHistory('group', 'group:default/peoriadata'))
          .length,
      ).toBe(31);

      // Real history is never overwritten: a second run leaves it alone.
      expect(await seedDemoHistory(store, 30, NOW)).toBe('skipped');
    },
  );
});

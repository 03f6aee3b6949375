import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { compileContract } from '@groundwork/plugin-platform-contract-common';
import { createStoreTestDatabases } from '@groundwork/test-utils';
import { parse } from 'yaml';
import { testEntities, TEST_CONTRACT_YAML } from '../__testUtils__/fixtures';
import { ContractRegistry } from '../contracts/ContractRegistry';
import { KnexPlatformContractStore } from '../database/KnexPlatformContractStore';
import { createCatalogFactProvider } from '../facts/CatalogFactProvider';
import { EvaluationService } from '../service/EvaluationService';
import { seedDemoHistory } from './demoHistory';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();
const NOW = new Date('2026-11-24T09:00:00.000Z');

describe('seedDemoHistory', () => {
  it.each(databases.eachSupportedId())(
    'fills the days before the first evaluation once, ending at today, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await KnexPlatformContractStore.create(
        mockServices.database({ knex }),
      );
      expect(await seedDemoHistory(store, 30, NOW)).toBe('waiting');

      const { contract } = compileContract(
        parse(TEST_CONTRACT_YAML),
        'test.yaml',
      );
      const catalog = catalogServiceMock({ entities: testEntities });
      await new EvaluationService({
        catalog,
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        store,
        registry: new ContractRegistry([
          { file: 'test.yaml', name: contract!.name, contract, errors: [] },
        ]),
        providers: [createCatalogFactProvider(catalog)],
        options: { factMaxAgeHours: 168, historyRetentionDays: 400 },
      }).evaluateAll(NOW);
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

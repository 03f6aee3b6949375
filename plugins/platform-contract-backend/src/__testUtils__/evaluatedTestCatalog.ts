import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { compileContract } from '@groundwork/plugin-platform-contract-common';
import { Knex } from 'knex';
import { parse } from 'yaml';
import { ContractRegistry } from '../contracts/ContractRegistry';
import { KnexPlatformContractStore } from '../database/KnexPlatformContractStore';
import { createCatalogFactProvider } from '../facts/CatalogFactProvider';
import { EvaluationService } from '../service/EvaluationService';
import { testEntities, TEST_CONTRACT_YAML } from './fixtures';

/** The test catalog fully evaluated against the test contract, wired as the plugin wires it. */
export async function evaluatedTestCatalog(knex: Knex, now = new Date()) {
  const store = await KnexPlatformContractStore.create(
    mockServices.database({ knex }),
  );
  const { contract } = compileContract(parse(TEST_CONTRACT_YAML), 'test.yaml');
  const registry = new ContractRegistry([
    { file: 'test.yaml', name: contract!.name, contract, errors: [] },
  ]);
  const catalog = catalogServiceMock({ entities: testEntities });
  const evaluation = new EvaluationService({
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    store,
    registry,
    providers: [createCatalogFactProvider(catalog)],
    options: { factMaxAgeHours: 168, historyRetentionDays: 400 },
  });
  await evaluation.evaluateAll(now);
  return { store, registry, catalog, evaluation };
}

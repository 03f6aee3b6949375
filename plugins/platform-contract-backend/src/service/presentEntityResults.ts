import {
  EntityResultRow,
  EntityResultsResponse,
  presentResults,
} from '@groundwork/plugin-platform-contract-common';
import { ContractRegistry } from '../contracts/ContractRegistry';
import { PlatformContractStore } from '../database/PlatformContractStore';

/** Stored results in the API shape, with deciding facts from the fact store. */
export async function presentEntityResults(
  deps: {
    store: PlatformContractStore;
    registry: ContractRegistry;
    factMaxAgeHours: number;
  },
  entityRef: string,
  rows: EntityResultRow[],
): Promise<EntityResultsResponse> {
  const facts =
    (await deps.store.readFacts([entityRef])).get(entityRef) ?? new Map();
  return presentResults(
    {
      contractNamed: name => deps.registry.get(name)?.contract,
      factMaxAgeHours: deps.factMaxAgeHours,
    },
    entityRef,
    rows,
    facts,
  );
}

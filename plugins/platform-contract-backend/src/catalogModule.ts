import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { CompiledContract } from '@groundwork/plugin-platform-contract-common';
import { ContractRegistry } from './contracts/ContractRegistry';
import { EntityChangeProcessor } from './entityChanges';

/** The annotation naming the contract a catalog entity stands for. @public */
export const PLATFORM_CONTRACT_ANNOTATION = 'groundwork.dev/platform-contract';

/**
 * Each valid contract as a `Resource` of type `platform-contract`, owned by
 * the contract owner, so contracts are discoverable and searchable in the
 * catalog without a custom kind (which would need catalog rules and a
 * validating processor).
 */
export function contractToEntity(contract: CompiledContract): Entity {
  const { metadata, spec } = contract.document;
  const location = `file:${contract.file}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: metadata.name,
      namespace: 'default',
      ...(metadata.title ? { title: metadata.title } : {}),
      ...(metadata.description ? { description: metadata.description } : {}),
      tags: ['platform-contract'],
      annotations: {
        [PLATFORM_CONTRACT_ANNOTATION]: metadata.name,
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
      },
    },
    spec: {
      type: 'platform-contract',
      owner: spec.owner,
      lifecycle: 'production',
    },
  };
}

class PlatformContractEntityProvider implements EntityProvider {
  constructor(private readonly load: () => Promise<ContractRegistry>) {}

  getProviderName() {
    return 'platform-contract';
  }

  async connect(connection: EntityProviderConnection) {
    const registry = await this.load();
    await connection.applyMutation({
      type: 'full',
      entities: registry.contracts.map(contract => ({
        entity: contractToEntity(contract),
        locationKey: `platform-contract:${contract.file}`,
      })),
    });
  }
}

/**
 * Catalog module publishing the configured platform contracts as catalog
 * entities (read at startup, like the plugin), and announcing entity
 * changes so the plugin re-evaluates changed entities.
 *
 * @public
 */
export const catalogModulePlatformContracts = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'platform-contracts',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        events: eventsServiceRef,
      },
      async init({ catalog, config, events }) {
        catalog.addProcessor(new EntityChangeProcessor(events));
        catalog.addEntityProvider(
          new PlatformContractEntityProvider(() =>
            ContractRegistry.fromConfig(config),
          ),
        );
      },
    });
  },
});

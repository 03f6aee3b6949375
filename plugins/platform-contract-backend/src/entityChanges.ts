import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { createHash } from 'crypto';

/**
 * Topic on which the catalog module announces that an entity's definition
 * changed, or that an entity appeared; the platform contract plugin
 * re-evaluates the entity.
 *
 * @public
 */
export const ENTITY_CHANGED_TOPIC =
  'groundwork.platform-contract.entity-changed';

/** @public */
export interface EntityChangedPayload {
  entityRef: string;
  /** The new version's fingerprint, to tell when the catalog serves it. */
  fingerprint: string;
  /** The catalog processed the entity for the first time, e.g. it was just registered. */
  firstSeen?: boolean;
}

/** What a contract can look at in an entity: everything but bookkeeping. */
export function fingerprintOf(entity: Entity): string {
  const { uid, etag, generation, ...metadata } = entity.metadata as Record<
    string,
    unknown
  >;
  return createHash('sha256')
    .update(
      JSON.stringify([entity.apiVersion, entity.kind, metadata, entity.spec]),
    )
    .digest('base64');
}

/**
 * Remembers each entity's fingerprint in the processor cache (kept in the
 * catalog database between processing runs) and publishes an event when it
 * changes, or when there is none yet: the entity is new (e.g. registered by a
 * golden path), and its owners expect its scorecard at once. The catalog has
 * no entity change events of its own (1.55); its processing loop visits every
 * entity regularly, so this sees every change. At first start every entity
 * is new: the plugin leaves those to its first full evaluation.
 */
export class EntityChangeProcessor implements CatalogProcessor {
  constructor(private readonly events: EventsService) {}

  getProcessorName() {
    return 'PlatformContractEntityChangeProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    _emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    const fingerprint = fingerprintOf(entity);
    const previous = await cache.get<string>('fingerprint');
    // Values not set again in a run are dropped, so set it every time.
    await cache.set('fingerprint', fingerprint);
    if (previous !== fingerprint) {
      const eventPayload: EntityChangedPayload = {
        entityRef: stringifyEntityRef(entity),
        fingerprint,
        ...(previous === undefined ? { firstSeen: true } : {}),
      };
      await this.events.publish({ topic: ENTITY_CHANGED_TOPIC, eventPayload });
    }
    return entity;
  }
}

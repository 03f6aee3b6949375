import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/** Why a look-up of anything but the given entities has no answer. */
export class OfflineCatalogError extends Error {
  constructor(entityRefs: string[]) {
    super(
      `not known offline: ${entityRefs.join(
        ', ',
      )} (only the template is in the catalog, not the organisation's)`,
    );
    this.name = 'OfflineCatalogError';
  }
}

/**
 * The catalog for a dry run without the organisation's catalog: it holds
 * only `entities` (the template under test). Looking up anything else by
 * reference throws instead of answering "not found", so the platform
 * contract's catalog facts (does the owner group exist?) come out unknown
 * rather than false. Only the user the dry run runs as is "not found": the
 * scaffolder looks them up for `user.entity`, and offline there is none.
 */
export function offlineCatalogServiceFactory(entities: Entity[]) {
  const memory = catalogServiceMock({ entities });
  const known = new Set([
    ...entities.map(e => stringifyEntityRef(e)),
    mockCredentials.user().principal.userEntityRef,
  ]);
  const requireKnown = (refs: Array<string | CompoundEntityRef>) => {
    const unknown = refs
      .map(ref => (typeof ref === 'string' ? ref : stringifyEntityRef(ref)))
      .filter(ref => !known.has(ref));
    if (unknown.length > 0) throw new OfflineCatalogError(unknown);
  };
  const lookups: Partial<CatalogService> = {
    async getEntitiesByRefs(request, options) {
      requireKnown(request.entityRefs);
      return memory.getEntitiesByRefs(request, options);
    },
    async getEntityByRef(entityRef, options) {
      requireKnown([entityRef]);
      return memory.getEntityByRef(entityRef, options);
    },
  };
  const catalog = new Proxy(memory, {
    get(target, property) {
      if (property in lookups) {
        return lookups[property as keyof typeof lookups];
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });
}

import { RootConfigService } from '@backstage/backend-plugin-api';
import { ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import path from 'path';

/**
 * Which catalog entities may claim billing and shape the roll-up hierarchy.
 * Anyone may register a location in the catalog, so an entity counts only
 * when the root location it was read from (the catalog's
 * `backstage.io/managed-by-origin-location`, which entity files cannot set)
 * is one the platform configured. Groups need a location trusted for groups:
 * a group's `children` add relations to other teams' groups.
 */
export interface CatalogTrust {
  isTrusted(entity: Entity): boolean;
  /** Trusted origins (`*` as wildcard), for logs and the admin report. */
  readonly origins: string[];
  /** Origins trusted for Groups. */
  readonly groupOrigins: string[];
}

const LOCATION_REF = /^(\*|[a-z][\w-]*:.+)$/i;

/** `type:target` location refs; `*` matches any run of characters. */
function matcher(pattern: string) {
  const escaped = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 'i');
}

/**
 * Reads `cost.attribution.trustedLocations`, `trustedGroupLocations` and,
 * unless `trustConfiguredLocations` is false, the app-config's own
 * `catalog.locations` (file targets resolved as the catalog resolves them).
 */
export function readCatalogTrust(rootConfig: RootConfigService): CatalogTrust {
  const attribution = rootConfig.getOptionalConfig('cost.attribution');
  const configured =
    attribution?.getOptionalBoolean('trustConfiguredLocations') ?? true
      ? (rootConfig.getOptionalConfigArray('catalog.locations') ?? []).map(
          location => {
            const type = location.getString('type');
            const target = location.getString('target');
            return `${type}:${type === 'file' ? path.resolve(target) : target}`;
          },
        )
      : [];
  const patterns = (key: string) => {
    const list = attribution?.getOptionalStringArray(key) ?? [];
    list.forEach((pattern, i) => {
      if (!LOCATION_REF.test(pattern)) {
        throw new InputError(
          `Invalid cost.attribution.${key}[${i}]: "${pattern}" is not a location ref. Write it as type:target, e.g. url:https://github.com/acme/platform-catalog/*`,
        );
      }
    });
    return list;
  };
  return catalogTrust({
    origins: [...configured, ...patterns('trustedLocations')],
    groupOrigins: [...configured, ...patterns('trustedGroupLocations')],
  });
}

/** Trust in entities whose origin location matches one of the origins. */
export function catalogTrust(options: {
  origins: string[];
  /** Defaults to `origins`. */
  groupOrigins?: string[];
}): CatalogTrust {
  const { origins, groupOrigins = origins } = options;
  const matchers = origins.map(matcher);
  const groupMatchers = groupOrigins.map(matcher);
  return {
    origins,
    groupOrigins,
    isTrusted(entity) {
      const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
      const trusted =
        entity.kind.toLowerCase() === 'group' ? groupMatchers : matchers;
      return !!origin && trusted.some(m => m.test(origin));
    },
  };
}

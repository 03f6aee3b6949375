import { ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';

/**
 * Where the test catalog's entities come from: test configurations trust it
 * (`cost.attribution.trustedLocations`), as an adopter trusts their org file.
 */
export const TEST_CATALOG_ORIGIN = 'file:/groundwork/test/catalog.yaml';

/** A slice of the demo catalog with the relations the catalog would compute. */
export function entity(
  kind: string,
  name: string,
  relations: Record<string, string[]> = {},
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        [ANNOTATION_ORIGIN_LOCATION]: TEST_CATALOG_ORIGIN,
        ...annotations,
      },
    },
    spec: {},
    relations: Object.entries(relations).flatMap(([type, targets]) =>
      targets.map(targetRef => ({ type, targetRef })),
    ),
  };
}

export const demoEntities: Entity[] = [
  entity('Group', 'acme'),
  entity('Group', 'product', { childOf: ['group:default/acme'] }),
  entity('Group', 'data-science', { childOf: ['group:default/acme'] }),
  entity('Group', 'PeoriaData', { childOf: ['group:default/product'] }),
  entity('Group', 'LipaData', { childOf: ['group:default/product'] }),
  entity('Group', 'LexingtonFinance', { childOf: ['group:default/product'] }),
  entity('Group', 'TempeAI', { childOf: ['group:default/data-science'] }),
  entity('Group', 'ViennaAI', { childOf: ['group:default/data-science'] }),
  entity('Domain', 'commerce', { ownedBy: ['group:default/product'] }),
  entity('System', 'brightpath', {
    ownedBy: ['group:default/PeoriaData'],
    partOf: ['domain:default/commerce'],
  }),
  entity('Component', 'BrightPathMatrix', {
    ownedBy: ['group:default/PeoriaData'],
    partOf: ['system:default/brightpath'],
  }),
  entity('Component', 'BrightLensMatrix', {
    ownedBy: ['group:default/PeoriaData'],
  }),
  entity('Component', 'PrimeManagerDrive', {
    ownedBy: ['group:default/LipaData'],
  }),
  entity('Component', 'ZoomMapMax', { ownedBy: ['group:default/TempeAI'] }),
  entity('Component', 'SyncBuilderInsight', {
    ownedBy: ['group:default/LexingtonFinance'],
  }),
];

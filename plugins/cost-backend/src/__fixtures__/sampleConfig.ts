import { TEST_CATALOG_ORIGIN } from './catalog';

/**
 * Cost configuration for backend tests that ingest the FOCUS sample from
 * `path`, attributing its `Application` and `business_unit` tags.
 */
export function sampleCostConfig(path: string) {
  return {
    cost: {
      sources: [{ name: 'sample', path }],
      attribution: {
        tagRules: [
          { tag: 'Application', kind: 'component' },
          { tag: 'business_unit', kind: 'group' },
        ],
        trustedLocations: [TEST_CATALOG_ORIGIN],
        trustedGroupLocations: [TEST_CATALOG_ORIGIN],
      },
    },
  };
}

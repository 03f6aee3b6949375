import { mockServices } from '@backstage/backend-test-utils';
import { entity } from '../__fixtures__/catalog';
import { readCatalogTrust } from './CatalogTrust';

const from = (kind: string, origin: string) =>
  entity(kind, 'x', {}, { 'backstage.io/managed-by-origin-location': origin });

describe('readCatalogTrust', () => {
  it('trusts the configured catalog locations, and groups only from those or their own list', () => {
    const trust = readCatalogTrust(
      mockServices.rootConfig({
        data: {
          catalog: { locations: [{ type: 'file', target: '/org/all.yaml' }] },
          cost: {
            attribution: {
              trustedLocations: ['url:https://git.example.com/acme/*'],
              trustedGroupLocations: ['url:https://github.com/acme'],
            },
          },
        },
      }),
    );
    expect(trust.isTrusted(from('Group', 'file:/org/all.yaml'))).toBe(true);
    expect(trust.isTrusted(from('Component', 'file:/org/all.yaml'))).toBe(true);
    const acmeRepo = 'url:https://git.example.com/acme/app/catalog-info.yaml';
    expect(trust.isTrusted(from('Component', acmeRepo))).toBe(true);
    expect(trust.isTrusted(from('Group', acmeRepo))).toBe(false);
    expect(trust.isTrusted(from('Group', 'url:https://github.com/acme'))).toBe(
      true,
    );
    expect(
      trust.isTrusted(
        from(
          'Component',
          'url:https://git.example.com/mallory/catalog-info.yaml',
        ),
      ),
    ).toBe(false);
    const bare = entity('Component', 'bare');
    delete bare.metadata.annotations![
      'backstage.io/managed-by-origin-location'
    ];
    expect(trust.isTrusted(bare)).toBe(false);
  });

  it('trusts nothing without configuration, and names a bad pattern', () => {
    const none = readCatalogTrust(mockServices.rootConfig({ data: {} }));
    expect(none.isTrusted(from('Component', 'file:/org/all.yaml'))).toBe(false);
    expect(() =>
      readCatalogTrust(
        mockServices.rootConfig({
          data: {
            cost: { attribution: { trustedLocations: ['github.com/acme'] } },
          },
        }),
      ),
    ).toThrow(
      'Invalid cost.attribution.trustedLocations[0]: "github.com/acme" is not a location ref',
    );
  });
});

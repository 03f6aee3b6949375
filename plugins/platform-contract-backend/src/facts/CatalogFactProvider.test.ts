import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testEntities } from '../__testUtils__/fixtures';
import { createCatalogFactProvider } from './CatalogFactProvider';

describe('createCatalogFactProvider', () => {
  it('collects entity fields and whether the owner group exists and has members, in one batch', async () => {
    const catalog = catalogServiceMock({ entities: testEntities });
    const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const provider = createCatalogFactProvider(catalog);
    const components = testEntities.filter(e => e.kind === 'Component');
    const orphan = {
      ...components[0],
      metadata: { name: 'orphan', namespace: 'default' },
      spec: { type: 'service', owner: 'ghosts' },
      relations: [],
    };
    // Not in the catalog yet: no relations, refs as the catalog would make them.
    const proposed = {
      ...orphan,
      metadata: { name: 'proposed', namespace: 'ml' },
      spec: { type: 'service', owner: 'Platform-Team', system: 'Brightpath' },
    };
    const facts = await provider.collect([...components, orphan, proposed], {
      logger: mockServices.logger.mock(),
      credentials: mockCredentials.service(),
      now: new Date(),
    });
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(facts.get('component:default/brightpathmatrix')).toEqual({
      'catalog.owner': 'group:default/tarakansre',
      'catalog.ownerGroupExists': true,
      'catalog.ownerGroupMemberCount': 1,
      'catalog.lifecycle': 'production',
      'catalog.type': 'service',
      'catalog.system': 'system:default/brightpath',
      'catalog.description': null,
      'catalog.annotations': { 'pagerduty.com/service-id': 'P1' },
      'catalog.labels': {},
      'catalog.tagCount': 0,
    });
    expect(facts.get('component:default/prime-manager-drive')).toMatchObject({
      'catalog.ownerGroupExists': true,
      'catalog.ownerGroupMemberCount': 0,
    });
    expect(facts.get('component:default/orphan')).toMatchObject({
      'catalog.owner': 'group:default/ghosts',
      'catalog.ownerGroupExists': false,
      'catalog.system': null,
      'catalog.lifecycle': null,
    });
    expect(facts.get('component:ml/proposed')).toMatchObject({
      'catalog.owner': 'group:ml/platform-team',
      'catalog.ownerGroupExists': false,
      'catalog.system': 'system:ml/brightpath',
    });
    expect(provider.facts.map(f => f.name)).toEqual(
      expect.arrayContaining(
        Object.keys(facts.get('component:default/orphan')!),
      ),
    );
  });
});

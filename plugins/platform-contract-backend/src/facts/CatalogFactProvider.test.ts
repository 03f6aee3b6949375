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
    const facts = await provider.collect([...components, orphan], {
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
    expect(provider.facts.map(f => f.name)).toEqual(
      expect.arrayContaining(
        Object.keys(facts.get('component:default/orphan')!),
      ),
    );
  });
});

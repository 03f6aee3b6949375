import { Entity } from '@backstage/catalog-model';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createGoldenPathFactProvider } from './GoldenPathFactProvider';

const template = (name: string, version?: string): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name,
    namespace: 'default',
    annotations: version
      ? { 'groundwork.dev/golden-path-version': version }
      : {},
  },
  spec: { type: 'service', steps: [] },
});

const component = (name: string, goldenPath?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: goldenPath ? { 'groundwork.dev/golden-path': goldenPath } : {},
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

describe('createGoldenPathFactProvider', () => {
  it("collects each entity's golden path and how far behind its template's current version it is, templates looked up in one batch", async () => {
    const catalog = catalogServiceMock({
      entities: [
        template('node-service', '2.1.0'),
        template('docs-site', '1.0.0'),
        template('unversioned'),
        template('odd', 'next'),
      ],
    });
    const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const provider = createGoldenPathFactProvider(catalog);
    const entities = [
      component('old', 'template:default/node-service@1.4.2'),
      // Kind and namespace default as in a template's own ref.
      component('current', 'Node-Service@2.1.0'),
      component('docs', 'template:default/docs-site@1.0.0'),
      component('hand-made'),
      component('garbled', 'node-service'),
      component('unversioned', 'template:default/unversioned@1.0.0'),
      component('odd', 'template:default/odd@1.0.0'),
      component('bad-version', 'template:default/node-service@latest'),
      component('gone', 'template:default/retired@1.0.0'),
    ];
    const credentials = mockCredentials.user('user:default/alice');
    const facts = await provider.collect(entities, {
      logger: mockServices.logger.mock(),
      credentials,
      now: new Date(),
    });

    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(getEntitiesByRefs).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRefs: [
          'template:default/node-service',
          'template:default/docs-site',
          'template:default/unversioned',
          'template:default/odd',
          'template:default/retired',
        ],
      }),
      { credentials },
    );
    expect(facts.get('component:default/old')).toEqual({
      'goldenPath.template': 'template:default/node-service',
      'goldenPath.version': '1.4.2',
      'goldenPath.currentVersion': '2.1.0',
      'goldenPath.behind': { major: 1, minor: 1, patch: 0 },
    });
    expect(facts.get('component:default/current')).toMatchObject({
      'goldenPath.template': 'template:default/node-service',
      'goldenPath.behind': { major: 0, minor: 0, patch: 0 },
    });
    // Not from a golden path, or unreadable: known absent.
    for (const name of ['hand-made', 'garbled']) {
      expect(facts.get(`component:default/${name}`)).toEqual({
        'goldenPath.template': null,
        'goldenPath.version': null,
        'goldenPath.currentVersion': null,
        'goldenPath.behind': null,
      });
    }
    // A template without a version, or versions that are not semantic.
    expect(facts.get('component:default/unversioned')).toMatchObject({
      'goldenPath.currentVersion': null,
      'goldenPath.behind': null,
    });
    expect(facts.get('component:default/odd')).toMatchObject({
      'goldenPath.currentVersion': 'next',
      'goldenPath.behind': null,
    });
    expect(facts.get('component:default/bad-version')).toMatchObject({
      'goldenPath.version': 'latest',
      'goldenPath.behind': null,
    });
    // A template the catalog does not have: how far behind is unknown.
    expect(facts.get('component:default/gone')).toEqual({
      'goldenPath.template': 'template:default/retired',
      'goldenPath.version': '1.0.0',
    });
    expect(provider.facts.map(f => f.name).sort()).toEqual(
      Object.keys(facts.get('component:default/old')!).sort(),
    );
  });

  it('does not call the catalog for entities without a golden path', async () => {
    const catalog = catalogServiceMock({ entities: [] });
    const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const facts = await createGoldenPathFactProvider(catalog).collect(
      [component('hand-made')],
      {
        logger: mockServices.logger.mock(),
        credentials: mockCredentials.service(),
        now: new Date(),
      },
    );
    expect(getEntitiesByRefs).not.toHaveBeenCalled();
    expect(facts.get('component:default/hand-made')).toMatchObject({
      'goldenPath.template': null,
    });
  });
});

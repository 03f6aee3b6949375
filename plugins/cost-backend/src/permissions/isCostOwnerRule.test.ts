import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createPermissionIntegrationRouter } from '@backstage/plugin-permission-node';
import request from 'supertest';
import { entity } from '../__fixtures__/catalog';
import { catalogModuleCostPermissionRules } from './catalogModuleCostPermissionRules';
import { costConditions, isCostOwnerRule } from './isCostOwnerRule';

jest.setTimeout(60_000);

describe('IS_COST_OWNER', () => {
  const claims = ['user:default/guest', 'group:default/PeoriaData'];

  it('allows the groups a user belongs to and what they own', () => {
    expect(
      isCostOwnerRule.apply(entity('Group', 'peoriadata'), { claims }),
    ).toBe(true);
    expect(
      isCostOwnerRule.apply(
        entity('Component', 'x', { ownedBy: ['group:default/peoriadata'] }),
        { claims },
      ),
    ).toBe(true);
    expect(isCostOwnerRule.apply(entity('Group', 'TempeAI'), { claims })).toBe(
      false,
    );
    expect(
      isCostOwnerRule.apply(
        entity('Component', 'y', { ownedBy: ['group:default/tempeai'] }),
        { claims },
      ),
    ).toBe(false);
  });

  it('translates to a catalog filter', () => {
    expect(isCostOwnerRule.toQuery({ claims: ['group:default/a'] })).toEqual({
      anyOf: [
        { key: 'relations.ownedBy', values: ['group:default/a'] },
        {
          allOf: [
            { key: 'kind', values: ['group'] },
            { key: 'metadata.namespace', values: ['default'] },
            { key: 'metadata.name', values: ['a'] },
          ],
        },
      ],
    });
    expect(costConditions.isCostOwner({ claims })).toEqual({
      rule: 'IS_COST_OWNER',
      resourceType: 'catalog-entity',
      params: { claims },
    });
  });

  it('has parameters the permission framework accepts', async () => {
    const router = createPermissionIntegrationRouter({
      resourceType: 'catalog-entity',
      rules: [isCostOwnerRule],
      getResources: async refs => refs.map(() => entity('Group', 'peoriadata')),
    });
    const { server } = await startTestBackend({
      features: [
        createBackendPlugin({
          pluginId: 'test',
          register(env) {
            env.registerInit({
              deps: { httpRouter: coreServices.httpRouter },
              async init({ httpRouter }) {
                httpRouter.use(router);
                httpRouter.addAuthPolicy({
                  path: '/',
                  allow: 'unauthenticated',
                });
              },
            });
          },
        }),
      ],
    });
    const metadata = await request(server).get(
      '/api/test/.well-known/backstage/permissions/metadata',
    );
    expect(metadata.body.rules).toEqual([
      expect.objectContaining({
        name: 'IS_COST_OWNER',
        paramsSchema: expect.objectContaining({ required: ['claims'] }),
      }),
    ]);
  });

  it('is registered with the catalog by the module', async () => {
    const addPermissionRules = jest.fn();
    await startTestBackend({
      features: [
        catalogModuleCostPermissionRules,
        mockServices.permissionsRegistry.mock({ addPermissionRules }).factory,
      ],
    });
    expect(addPermissionRules).toHaveBeenCalledWith([isCostOwnerRule]);
  });
});

import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FactProvider,
  platformContractFactsExtensionPoint,
} from '@groundwork/plugin-platform-contract-node';
import request from 'supertest';
import mlopsBackend from './index';

jest.setTimeout(60_000);

describe('backend.add(import("@groundwork/plugin-mlops-backend"))', () => {
  const providers: FactProvider[] = [];
  const contractPluginStandIn = createBackendPlugin({
    pluginId: 'platform-contract',
    register(env) {
      env.registerExtensionPoint(platformContractFactsExtensionPoint, {
        addFactProvider: provider => providers.push(provider),
      } as typeof platformContractFactsExtensionPoint.T);
      env.registerInit({ deps: {}, async init() {} });
    },
  });

  it.each([
    ['with the platform contract plugin', [contractPluginStandIn], ['mlflow']],
    ['without it (the facts module stays idle)', [], []],
  ])('installs the plugin and its contract facts %s', async (_, extra, ids) => {
    providers.length = 0;
    const { server } = await startTestBackend({
      features: [
        mlopsBackend,
        ...extra,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect((await request(server).get('/api/mlops/health')).status).toBe(200);
    expect(providers.map(p => p.id)).toEqual(ids);
  });
});

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  FactProvider,
  platformContractFactsExtensionPoint,
} from '@groundwork/plugin-platform-contract-node';
import request from 'supertest';
import costBackend from './index';

jest.setTimeout(60_000);

const notifications = createServiceFactory({
  service: notificationService,
  deps: {},
  factory: () => ({ send: jest.fn() }),
});

/** Stands in for the platform contract plugin: records the fact providers modules add. */
function contractPluginStandIn(providers: FactProvider[]) {
  return createBackendPlugin({
    pluginId: 'platform-contract',
    register(env) {
      env.registerExtensionPoint(platformContractFactsExtensionPoint, {
        addFactProvider: provider => providers.push(provider),
      } as typeof platformContractFactsExtensionPoint.T);
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

describe('backend.add(import("@groundwork/plugin-cost-backend"))', () => {
  it('installs the plugin, the IS_COST_OWNER catalog rule and the cost facts for the contract', async () => {
    const providers: FactProvider[] = [];
    const { server } = await startTestBackend({
      features: [
        costBackend,
        catalogPlugin,
        contractPluginStandIn(providers),
        notifications,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });

    const health = await request(server).get('/api/cost/health');
    expect(health.status).toBe(200);
    const metadata = await request(server)
      .get('/api/catalog/.well-known/backstage/permissions/metadata')
      .set('Authorization', mockCredentials.service.header());
    expect(metadata.status).toBe(200);
    expect(metadata.body.rules.map((r: { name: string }) => r.name)).toContain(
      'IS_COST_OWNER',
    );
    expect(providers.map(p => p.id)).toEqual(['cost']);
  });

  it('starts without the platform contract plugin: the facts module stays idle', async () => {
    const { server } = await startTestBackend({
      features: [
        costBackend,
        catalogPlugin,
        notifications,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect((await request(server).get('/api/cost/health')).status).toBe(200);
  });
});

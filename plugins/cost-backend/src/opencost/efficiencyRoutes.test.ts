import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { OpenCostEmulator, startEmulator } from '@groundwork/opencost-emulator';
import request from 'supertest';
import { costPlugin } from '../plugin';
import { TEST_CATALOG_ORIGIN } from '../__fixtures__/catalog';
import { annotatedEntities } from './__fixtures__/entities';

jest.setTimeout(60_000);

describe('efficiency routes', () => {
  let emulator: OpenCostEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  const start = (
    options: {
      opencost?: boolean;
      extra?: any[];
    } = {},
  ) =>
    startTestBackend({
      features: [
        costPlugin,
        mockServices.rootConfig.factory({
          data: {
            cost: {
              attribution: {
                trustedLocations: [TEST_CATALOG_ORIGIN],
                trustedGroupLocations: [TEST_CATALOG_ORIGIN],
              },
              ...(options.opencost === false
                ? {}
                : { opencost: { baseUrl: emulator.url, cacheTtlSeconds: 0 } }),
            },
          },
        }),
        catalogServiceMock.factory({ entities: annotatedEntities }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: jest.fn() }),
        }),
        ...(options.extra ?? []),
      ],
    });

  it('needs credentials', async () => {
    const { server } = await start({
      extra: [
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    for (const path of [
      '/api/cost/efficiency/organisation',
      '/api/cost/efficiency?entityRef=component:default/BrightPathMatrix',
    ]) {
      expect((await request(server).get(path)).status).toBe(401);
    }
  });

  it('serves entity and organisation efficiency with validated windows', async () => {
    const { server } = await start();
    const entity = await request(server)
      .get('/api/cost/efficiency')
      .query({ entityRef: 'component:default/BrightPathMatrix', window: '7d' });
    expect(entity.status).toBe(200);
    expect(entity.body).toMatchObject({
      configured: true,
      entityRef: 'component:default/brightpathmatrix',
      window: '7d',
      sources: ['brightpath'],
    });
    const org = await request(server).get('/api/cost/efficiency/organisation');
    expect(org.status).toBe(200);
    expect(org.body.window).toBe('30d');
    expect(org.body.teams.length).toBeGreaterThan(0);
    expect(org.body.clusterIdleCost).toBeGreaterThan(0);

    for (const window of [
      'http://evil.example',
      '2026-01-01T00:00:00Z,2026-02-01T00:00:00Z',
      '1000d',
      '401d',
      '7d&aggregate=pod',
    ]) {
      const bad = await request(server)
        .get('/api/cost/efficiency/organisation')
        .query({ window });
      expect(bad.status).toBe(400);
    }
    const notAnnotated = await request(server)
      .get('/api/cost/efficiency')
      .query({ entityRef: 'group:default/acme' });
    // acme is above every annotated entity: it rolls them all up.
    expect(notAnnotated.status).toBe(200);
    const nothing = await request(server)
      .get('/api/cost/efficiency')
      .query({ entityRef: 'component:default/unknown' });
    expect(nothing.status).toBe(404);
  });

  it('answers 503 naming the server when OpenCost is down', async () => {
    const { server } = await start();
    emulator.setFault({ status: 502, times: 1 });
    const res = await request(server).get('/api/cost/efficiency/organisation');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain(
      `the OpenCost server at ${emulator.url} failed (HTTP 502)`,
    );
  });

  it('filters teams by cost.read', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            'resourceRef' in r && r.resourceRef === 'group:default/peoriadata'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
    });
    const { server } = await start({ extra: [permissions.factory] });
    const org = await request(server).get('/api/cost/efficiency/organisation');
    expect(org.status).toBe(200);
    expect(org.body.teams.map((t: any) => t.entityRef)).toEqual([
      'group:default/peoriadata',
    ]);
    expect(org.body.complete).toBe(false);
    expect(org.body.clusterIdleCost).toBeUndefined();
    const denied = await request(server)
      .get('/api/cost/efficiency')
      .query({ entityRef: 'component:default/ZoomMapMax' });
    expect(denied.status).toBe(403);
  });

  it('says how to configure OpenCost when it is not configured', async () => {
    const { server } = await start({ opencost: false });
    const org = await request(server).get('/api/cost/efficiency/organisation');
    expect(org.status).toBe(200);
    expect(org.body).toEqual({
      configured: false,
      message: expect.stringContaining('cost.opencost.baseUrl'),
    });
  });
});

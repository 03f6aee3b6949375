import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { platformContractPlugin } from './plugin';

describe('platform-contract backend plugin', () => {
  it('serves an unauthenticated health check', async () => {
    const { server } = await startTestBackend({ features: [platformContractPlugin] });
    const response = await request(server).get('/api/platform-contract/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('rejects unauthenticated calls to its API', async () => {
    const { server } = await startTestBackend({
      features: [platformContractPlugin, mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() })],
    });
    const response = await request(server).get('/api/platform-contract/whoami');
    expect(response.status).toBe(401);
  });

  it('knows the calling user', async () => {
    const { server } = await startTestBackend({ features: [platformContractPlugin] });
    const response = await request(server).get('/api/platform-contract/whoami');
    expect(response.status).toBe(200);
    expect(response.body.principal.userEntityRef).toBe('user:default/mock');
  });
});

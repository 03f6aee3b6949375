import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { mlopsPlugin } from './plugin';

describe('mlops backend plugin', () => {
  it('serves an unauthenticated health check', async () => {
    const { server } = await startTestBackend({ features: [mlopsPlugin] });
    const response = await request(server).get('/api/mlops/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('rejects unauthenticated calls to its API', async () => {
    const { server } = await startTestBackend({
      features: [mlopsPlugin, mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() })],
    });
    const response = await request(server).get('/api/mlops/whoami');
    expect(response.status).toBe(401);
  });

  it('knows the calling user', async () => {
    const { server } = await startTestBackend({ features: [mlopsPlugin] });
    const response = await request(server).get('/api/mlops/whoami');
    expect(response.status).toBe(200);
    expect(response.body.principal.userEntityRef).toBe('user:default/mock');
  });
});

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { costPlugin } from './plugin';

describe('cost backend plugin', () => {
  it('serves an unauthenticated health check', async () => {
    const { server } = await startTestBackend({ features: [costPlugin] });
    const response = await request(server).get('/api/cost/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('rejects unauthenticated calls to its API', async () => {
    const { server } = await startTestBackend({
      features: [costPlugin, mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() })],
    });
    const response = await request(server).get('/api/cost/whoami');
    expect(response.status).toBe(401);
  });

  it('knows the calling user', async () => {
    const { server } = await startTestBackend({ features: [costPlugin] });
    const response = await request(server).get('/api/cost/whoami');
    expect(response.status).toBe(200);
    expect(response.body.principal.userEntityRef).toBe('user:default/mock');
  });
});

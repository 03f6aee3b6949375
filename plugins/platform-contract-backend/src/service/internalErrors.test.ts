import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { hideInternalErrors } from './internalErrors';

describe('hideInternalErrors', () => {
  const logger = mockServices.logger.mock();
  const app = express();
  const router = Router();
  router.get('/db', async () => {
    throw new Error(
      'insert into "pc_waivers" - duplicate key value violates unique constraint "pc_waivers_pkey"',
    );
  });
  router.get('/input', async () => {
    throw new InputError('reason: too long');
  });
  router.use(hideInternalErrors(logger));
  app.use(router);
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger,
    }).error(),
  );

  it('answers a database error without its text, and logs it', async () => {
    const res = await request(app).get('/db');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toMatch(/pc_waivers|constraint/);
    expect(res.body.error.message).toBe(
      'The platform contract backend failed to answer; the details are in its logs',
    );
    expect(logger.error).toHaveBeenCalledWith(
      'GET /db failed',
      expect.objectContaining({
        message: expect.stringContaining('pc_waivers_pkey'),
      }),
    );
  });

  it('passes client errors on as they are', async () => {
    const res = await request(app).get('/input');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('reason: too long');
  });
});

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
  router.get('/connection/:code', async req => {
    throw Object.assign(new Error('the database went away'), {
      code: req.params.code,
    });
  });
  router.get('/pool', async () => {
    throw new Error(
      'Knex: Timeout acquiring a connection. The pool is probably full.',
    );
  });
  router.use(hideInternalErrors(logger, 'The platform contract backend'));
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
      'The platform contract backend could not answer GET /db; the error is logged on the server',
    );
    expect(logger.error).toHaveBeenCalledWith(
      'GET /db failed',
      expect.objectContaining({
        message: expect.stringContaining('pc_waivers_pkey'),
      }),
    );
  });

  it.each(['57P01', '08006', 'ECONNRESET'])(
    'answers a lost database connection (%s) with a 503 to try again',
    async code => {
      const res = await request(app).get(`/connection/${code}`);
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe(
        'The platform contract backend lost its database connection; try again in a moment',
      );
    },
  );

  it('answers an exhausted connection pool with a 503 too', async () => {
    expect((await request(app).get('/pool')).status).toBe(503);
  });

  it('answers other errors with codes with a 500', async () => {
    expect((await request(app).get('/connection/23505')).status).toBe(500);
  });

  it('passes client errors on as they are', async () => {
    const res = await request(app).get('/input');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('reason: too long');
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import request from 'supertest';
import { jsonBodyParser, MAX_JSON_BODY_BYTES } from './jsonBodyParser';

describe('jsonBodyParser', () => {
  function appWithLimit(limitBytes?: number) {
    const app = express();
    app.use(jsonBodyParser('send fewer facts at a time', limitBytes));
    app.post('/echo', (req, res) => {
      res.json(req.body);
    });
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    return app;
  }

  it('parses a body within the limit', async () => {
    const res = await request(appWithLimit(1024 * 1024))
      .post('/echo')
      .send({ facts: ['a', 'b'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ facts: ['a', 'b'] });
  });

  it('answers a larger body with a 413 that gives the limit and the advice', async () => {
    const res = await request(appWithLimit(1024 * 1024))
      .post('/echo')
      .send({ padding: 'x'.repeat(1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe(
      'The request body is larger than 1 MB; send fewer facts at a time',
    );
  });

  it('holds 5 MB by default', async () => {
    expect(MAX_JSON_BODY_BYTES).toBe(5 * 1024 * 1024);
    const res = await request(appWithLimit())
      .post('/echo')
      .send({ padding: 'x'.repeat(4 * 1024 * 1024) });
    expect(res.status).toBe(200);
  });

  it('passes malformed JSON on as a 400', async () => {
    const res = await request(appWithLimit())
      .post('/echo')
      .set('content-type', 'application/json')
      .send('{"facts": [');
    expect(res.status).toBe(400);
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import { RequestListener } from 'node:http';
import {
  initiatedActionContext,
  registerFakePluginBackends,
} from '../__testUtils__/fakePluginBackends';
import { createCatalogAwaitEntityAction } from './awaitEntity';

/** A catalog that serves component:default/checkout from its third look-up on. */
const lookups: string[] = [];
const catalog: RequestListener = (req, res) => {
  lookups.push(req.url!);
  const served =
    req.url === '/api/catalog/entities/by-name/component/default/checkout' &&
    lookups.filter(url => url === req.url).length >= 3;
  res.statusCode = served ? 200 : 404;
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify(
      served
        ? { kind: 'Component', metadata: { name: 'checkout' } }
        : { error: { name: 'NotFoundError', message: 'not found' } },
    ),
  );
};

describe('groundwork:catalog:await-entity', () => {
  const backends = registerFakePluginBackends(catalog);
  const action = () =>
    createCatalogAwaitEntityAction({ ...backends, pollIntervalMs: 10 });
  beforeEach(() => lookups.splice(0));

  it('waits until the catalog serves the entity', async () => {
    const ctx = initiatedActionContext('/tmp', {
      entityRef: 'component:default/checkout',
      timeoutSeconds: 5,
    });
    await action().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('found', true);
    expect(lookups).toHaveLength(3);
  });

  it('gives up after the timeout with a warning, not a failure', async () => {
    const logger = mockServices.logger.mock();
    const ctx = initiatedActionContext(
      '/tmp',
      { entityRef: 'component:default/never-registered', timeoutSeconds: 1 },
      { logger },
    );
    await action().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('found', false);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'does not serve component:default/never-registered after 1 s',
      ),
    );
    expect(lookups.length).toBeGreaterThan(1);
  });
});

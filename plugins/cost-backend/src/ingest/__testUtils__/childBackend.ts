/**
 * A cost backend in a process of its own, started by
 * {@link ./startChildBackend}: its peak RSS is the backend's alone, and the
 * test can kill it outright. Reads {@link ChildBackendOptions} as JSON from
 * its first argument, sends `started` with its port once it serves, and on
 * `report` sends its peak RSS, stops and exits.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import knexFactory from 'knex';
import { demoEntities } from '../../__fixtures__/catalog';
import { sampleCostConfig } from '../../__fixtures__/sampleConfig';
import { costPlugin } from '../../plugin';

export interface ChildBackendOptions {
  /** The one billing source (`cost.sources[0]`). */
  source: { name: string; url?: string; path?: string };
  /**
   * A PostgreSQL connection (knex's) to share with the test, with the real
   * scheduler as in production; else SQLite in memory and the test scheduler,
   * which runs a triggered ingest within the request.
   */
  postgres?: object;
}

export type ChildMessage =
  | { type: 'started'; port: number }
  | { type: 'report'; startedMaxRss: number; maxRss: number };

/** `process.resourceUsage().maxRSS` is in kilobytes. */
const peakRssBytes = () => process.resourceUsage().maxRSS * 1024;

async function main({ source, postgres }: ChildBackendOptions) {
  const { cost } = sampleCostConfig('unused');
  const reading = source.url
    ? { reading: { allow: [{ host: new URL(source.url).host }] } }
    : {};
  const backend = await startTestBackend({
    features: [
      costPlugin,
      mockServices.rootConfig.factory({
        data: { backend: reading, cost: { ...cost, sources: [source] } },
      }),
      catalogServiceMock.factory({ entities: demoEntities }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
      ...(postgres
        ? [
            schedulerServiceFactory,
            mockServices.database.factory({
              knex: knexFactory({ client: 'pg', connection: postgres }),
            }),
          ]
        : []),
    ],
  });
  const startedMaxRss = peakRssBytes();
  const address = backend.server.address();
  const send = (message: ChildMessage) =>
    new Promise(resolve => process.send!(message, resolve));
  process.on('message', async message => {
    if (message !== 'report') return;
    await send({ type: 'report', startedMaxRss, maxRss: peakRssBytes() });
    await backend.stop();
    process.exit(0);
  });
  await send({
    type: 'started',
    port: typeof address === 'object' ? address!.port : Number(address),
  });
}

main(JSON.parse(process.argv[2])).catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});

/**
 * Run by `largeUrlSource.reliability.test.ts` in a child process of its own,
 * so that its peak resident memory is the backend's alone: starts the cost
 * plugin with the real URL reader, ingests the one source at the URL given as
 * the first argument and sends the parent the ingest status and the process's
 * peak RSS before and after the ingest.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { demoEntities } from '../../__fixtures__/catalog';
import { sampleCostConfig } from '../../__fixtures__/sampleConfig';
import { costPlugin } from '../../plugin';

/** What the child sends its parent once the ingest has finished. */
export interface ChildIngestReport {
  status: unknown;
  /** Peak RSS in bytes once the backend has started, before the ingest. */
  startedMaxRss: number;
  /** Peak RSS in bytes over the whole process, the ingest included. */
  maxRss: number;
}

/** `process.resourceUsage().maxRSS` is in kilobytes. */
const peakRssBytes = () => process.resourceUsage().maxRSS * 1024;

async function main(url: string) {
  const { host } = new URL(url);
  const { cost } = sampleCostConfig('unused');
  const backend = await startTestBackend({
    features: [
      costPlugin,
      mockServices.rootConfig.factory({
        data: {
          backend: { reading: { allow: [{ host }] } },
          cost: { ...cost, sources: [{ name: 'remote', url }] },
        },
      }),
      catalogServiceMock.factory({ entities: demoEntities }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
  const startedMaxRss = peakRssBytes();
  // The test scheduler runs the triggered ingest within the request.
  const address = backend.server.address();
  const port = typeof address === 'object' ? address?.port : undefined;
  const response = await fetch(`http://127.0.0.1:${port}/api/cost/ingest`, {
    method: 'POST',
  });
  const { items } = await response.json();
  const report: ChildIngestReport = {
    status: items[0],
    startedMaxRss,
    maxRss: peakRssBytes(),
  };
  await backend.stop();
  process.send!(report, () => process.exit(0));
}

main(process.argv[2]).catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});

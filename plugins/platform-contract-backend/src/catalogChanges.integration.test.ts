/*
 * Re-evaluation after a catalog change, through the real catalog processing
 * loop: the catalog backend reads a file location (or a URL registered as
 * `catalog:register` does), the groundwork catalog module's processor notices
 * the entity changed or is new and publishes an event, and the plugin
 * re-evaluates the entity. Nothing here calls the evaluate API, and the
 * scheduler is a mock that never runs a task by itself (see `scheduler`), so
 * the scheduled full run cannot be what changes the results.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  EntityContractResult,
  EntityResultsResponse,
} from '@groundwork/plugin-platform-contract-common';
import { promises as fs } from 'fs';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import os from 'os';
import { join } from 'path';
import request from 'supertest';
import { catalogModulePlatformContracts } from './catalogModule';
import { platformContractPlugin } from './plugin';
import { TEST_CONTRACT_YAML } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const user = { Authorization: mockCredentials.user.header() };
const COMPONENT = 'component:default/svc';
const RESULTS = '/api/platform-contract/entities/component/default/svc/results';

function catalogInfo(options: {
  description: string;
  annotations?: Record<string, string>;
}) {
  const annotations = Object.entries(options.annotations ?? {})
    .map(([key, value]) => `\n    ${key}: ${JSON.stringify(value)}`)
    .join('');
  return `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: alice }
spec: { memberOf: [platform-team] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc
  description: ${options.description}
  annotations: {${annotations ? `${annotations}\n  ` : ''}}
spec: { type: service, lifecycle: production, owner: platform-team }
`;
}

/** Polls until `probe` returns a value, or fails with the last value seen. */
async function waitFor<T>(
  what: string,
  probe: () => Promise<{ done: T } | { last: unknown }>,
  timeoutMs = 40_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const result = await probe();
    if ('done' in result) return result.done;
    last = result.last;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

describe('re-evaluation after catalog changes (real catalog)', () => {
  let dir: string;
  let catalogFile: string;

  /** Replaces the file in one step, so the catalog never reads half of it. */
  async function writeCatalogInfo(content: string) {
    const tmp = `${catalogFile}.tmp`;
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, catalogFile);
  }

  beforeAll(async () => {
    dir = await fs.mkdtemp(join(os.tmpdir(), 'pc-catalog-changes-'));
    catalogFile = join(dir, 'catalog-info.yaml');
    await fs.writeFile(join(dir, 'contract.yaml'), TEST_CONTRACT_YAML);
    await writeCatalogInfo(catalogInfo({ description: 'v1' }));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  /** The catalog reads `catalogFile`; `config` adds to the root config. */
  async function startBackend(config: Record<string, unknown> = {}) {
    // Never runs a task: scheduleTask is a no-op, triggerTask is recorded.
    const scheduler = mockServices.scheduler.mock({
      createScheduledTaskRunner: () => ({ run: async () => {} }),
      getScheduledTasks: async () => [],
    });
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModulePlatformContracts,
        platformContractPlugin,
        // The real in-process events service: the mock one is per plugin, so
        // the catalog's events would never reach the platform contract plugin.
        eventsServiceFactory,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            ...config,
            catalog: {
              processingInterval: { seconds: 1 },
              stitchingStrategy: { pollingInterval: { milliseconds: 100 } },
              locations: [{ type: 'file', target: catalogFile }],
              rules: [
                {
                  allow: ['Component', 'Group', 'User', 'Location', 'Resource'],
                },
              ],
            },
            // In-process only: no events backend in this test.
            events: { useEventBus: 'never' },
            platformContract: {
              contracts: [join(dir, 'contract.yaml')],
              // No delay: the event is published while the catalog is still
              // processing the entity, so this also checks that the plugin
              // waits for the catalog to serve the new version.
              catalogChanges: { delaySeconds: 0 },
            },
          },
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (_options: NotificationSendOptions) => {},
          }),
        }),
      ],
    });
    return { server, scheduler };
  }

  const resultsOf = async (server: Server, name: string) => {
    const res = await request(server)
      .get(`/api/platform-contract/entities/component/default/${name}/results`)
      .set(user);
    return res.body as EntityResultsResponse;
  };
  const ruleStatus = async (server: Server, name: string, ruleId: string) =>
    (await resultsOf(server, name)).items?.[0]?.rules.find(
      r => r.ruleId === ruleId,
    )?.status;

  /** Waits until the catalog serves svc's first version, stitched with its owner. */
  async function waitForSvc(server: Server) {
    await waitFor('the catalog to ingest svc', async () => {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/component/default/svc')
        .set(user);
      const entity = res.status === 200 ? res.body : undefined;
      return entity?.metadata.description === 'v1' &&
        entity.relations?.some(
          (r: { type: string; targetRef: string }) =>
            r.type === 'ownedBy' &&
            r.targetRef === 'group:default/platform-team',
        )
        ? { done: entity }
        : { last: entity };
    });
  }

  it('re-evaluates an entity whose definition changed on disk', async () => {
    const { server, scheduler } = await startBackend();
    const onCall = () => ruleStatus(server, 'svc', 'on-call');

    // The catalog processed and stitched the first version (so the
    // processor has its fingerprint); entities new before the first full
    // evaluation are left to it.
    await waitForSvc(server);
    const before = await request(server).get(RESULTS).set(user);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ entityRef: COMPONENT, items: [] });

    // Any change to the definition gets the entity evaluated.
    await writeCatalogInfo(catalogInfo({ description: 'v2' }));
    await waitFor('svc to be evaluated after a change', async () => {
      const status = await onCall();
      return status === 'fail' ? { done: status } : { last: status };
    });

    // Adding the annotation the on-call rule checks flips the rule.
    await writeCatalogInfo(
      catalogInfo({
        description: 'v3',
        annotations: { 'pagerduty.com/service-id': 'P123' },
      }),
    );
    await waitFor('the on-call rule to pass', async () => {
      const status = await onCall();
      return status === 'pass' ? { done: status } : { last: status };
    });

    const after = (await request(server).get(RESULTS).set(user))
      .body as EntityResultsResponse;
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({
      contract: 'test-services',
      groundRulesMet: true,
      level: 'bronze',
    });

    // Neither the scheduled full run nor anything else ran as a task.
    expect(scheduler.triggerTask).not.toHaveBeenCalled();
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'platform-contract-evaluate' }),
    );
  });

  it('scores an entity registered after the first full evaluation without another', async () => {
    await writeCatalogInfo(catalogInfo({ description: 'v1' }));
    // A repository on a git host that the catalog reads over HTTP, as
    // `catalog:register` registers a golden path's new repository.
    const repository = createServer((req, res) => {
      res.writeHead(req.url === '/fresh/catalog-info.yaml' ? 200 : 404);
      res.end(`
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: fresh, description: From a golden path }
spec: { type: service, lifecycle: experimental, owner: platform-team }
`);
    });
    await new Promise<void>(resolve =>
      repository.listen(0, '127.0.0.1', resolve),
    );
    try {
      const host = `127.0.0.1:${(repository.address() as AddressInfo).port}`;
      const { server, scheduler } = await startBackend({
        backend: { reading: { allow: [{ host }] } },
      });
      await waitForSvc(server);

      // The first full evaluation: the scheduled task, run once by hand.
      const [[evaluateTask]] = scheduler.scheduleTask.mock.calls.filter(
        ([task]) => task.id === 'platform-contract-evaluate',
      );
      await evaluateTask.fn(new AbortController().signal);
      expect(await ruleStatus(server, 'svc', 'on-call')).toBe('fail');

      const registered = await request(server)
        .post('/api/catalog/locations')
        .set(user)
        .send({
          type: 'url',
          target: `http://${host}/fresh/catalog-info.yaml`,
        });
      expect(registered.status).toBe(201);
      const scored = await waitFor<EntityContractResult>(
        'fresh to be scored',
        async () => {
          const { items } = await resultsOf(server, 'fresh');
          const [result] = items ?? [];
          return result ? { done: result } : { last: items };
        },
      );
      expect(scored).toMatchObject({
        contract: 'test-services',
        entityRef: 'component:default/fresh',
        groundRulesMet: true,
      });
      expect(scored.rules.find(r => r.ruleId === 'on-call')?.status).toBe(
        'fail',
      );
      expect(scheduler.triggerTask).not.toHaveBeenCalled();
    } finally {
      await new Promise(resolve => repository.close(resolve));
    }
  });
});

import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { platformContractFactsExtensionPoint } from '@groundwork/plugin-platform-contract-node';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ContractListResponse,
  EntityResultsResponse,
  RollupListResponse,
} from '@groundwork/plugin-platform-contract-common';
import { promises as fs } from 'fs';
import os from 'os';
import { join } from 'path';
import request from 'supertest';
import { platformContractPlugin } from './plugin';
import {
  BAD_CONTRACT_YAML,
  TEST_CONTRACT_YAML,
  testEntities,
} from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const user = (ref = 'user:default/alice') => ({
  Authorization: mockCredentials.user.header(ref),
});
const service = { Authorization: mockCredentials.service.header() };
const ENTITY =
  '/api/platform-contract/entities/component/default/brightpathmatrix';

describe('platform-contract backend plugin', () => {
  let dir: string;
  const sent: NotificationSendOptions[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(join(os.tmpdir(), 'pc-plugin-'));
    await fs.writeFile(join(dir, 'good.yaml'), TEST_CONTRACT_YAML);
    await fs.writeFile(join(dir, 'bad.yaml'), BAD_CONTRACT_YAML);
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  async function start(extra: any[] = []) {
    return startTestBackend({
      features: [
        platformContractPlugin,
        mockServices.rootConfig.factory({
          data: {
            platformContract: {
              contracts: [
                join(dir, 'good.yaml'),
                join(dir, 'bad.yaml'),
                join(dir, 'missing.yaml'),
              ],
              catalogChanges: { delaySeconds: 0 },
              facts: {
                push: {
                  allow: [
                    { subject: 'external:test-service', facts: ['security.*'] },
                  ],
                },
              },
            },
          },
        }),
        catalogServiceMock.factory({ entities: testEntities }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (options: NotificationSendOptions) => {
              sent.push(options);
            },
          }),
        }),
        ...extra,
      ],
    });
  }

  it('serves an unauthenticated health check but rejects unauthenticated API calls', async () => {
    const { server } = await start([
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ]);
    expect(
      (await request(server).get('/api/platform-contract/health')).status,
    ).toBe(200);
    expect(
      (await request(server).get('/api/platform-contract/contracts')).status,
    ).toBe(401);
    expect(
      (await request(server).get('/api/platform-contract/campaigns')).status,
    ).toBe(401);
  });

  it('lists good and bad contracts, with validation errors', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/platform-contract/contracts')
      .set(user());
    expect(res.status).toBe(200);
    const { items } = res.body as ContractListResponse;
    expect(items.map(i => [i.name, i.valid])).toEqual([
      ['test-services', true],
      ['broken', false],
      [join(dir, 'missing.yaml'), false],
    ]);
    expect(items[1].errors[0]).toMatchObject({
      ruleId: 'bad-regex',
      field: 'spec.rules[0].condition.matches',
    });
    expect(items[2].errors[0].field).toBe('(file)');

    const details = await request(server)
      .get('/api/platform-contract/contracts/test-services')
      .set(user());
    expect(details.body.document.spec.prose.groundRules).toBe('Be nice.');
    expect(
      (
        await request(server)
          .get('/api/platform-contract/contracts/nope')
          .set(user())
      ).status,
    ).toBe(404);
  });

  it('evaluates, takes pushed facts, and rolls up over the group hierarchy', async () => {
    const { server } = await start();
    const run = await request(server)
      .post('/api/platform-contract/evaluate')
      .set(user());
    // The scheduled task runs it (the mock scheduler before answering).
    expect(run.status).toBe(202);

    let results = (await request(server).get(`${ENTITY}/results`).set(user()))
      .body as EntityResultsResponse;
    expect(results.items[0]).toMatchObject({
      contract: 'test-services',
      level: 'bronze',
      groundRulesMet: true,
    });
    expect(results.items[0].rules.map(r => r.status)).toEqual([
      'pass',
      'pass',
      'unknown',
    ]);
    expect(results.items[0].rules[1].howToFix).toContain('pagerduty');
    expect(results.items[0].rules[2].facts).toEqual([
      { fact: 'security.scanPassed', problem: 'missing' },
    ]);

    expect(
      (
        await request(server)
          .post('/api/platform-contract/facts')
          .set(user())
          .send({
            facts: [
              {
                entityRef: 'component:default/BrightPathMatrix',
                name: 'security.scanPassed',
                value: true,
              },
            ],
          })
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .post('/api/platform-contract/facts')
          .set(service)
          .send({ facts: [{ entityRef: 'nope', name: 'x', value: 1 }] })
      ).status,
    ).toBe(400);
    const push = await request(server)
      .post('/api/platform-contract/facts')
      .set(service)
      .send({
        facts: [
          {
            entityRef: 'component:default/BrightPathMatrix',
            name: 'security.scanPassed',
            value: true,
          },
        ],
      });
    expect(push.body).toEqual({ accepted: 1 });

    // Pushed facts re-evaluate their entity shortly after, without a full run.
    for (let attempt = 0; attempt < 50; attempt++) {
      results = (await request(server).get(`${ENTITY}/results`).set(user()))
        .body;
      if (results.items[0].score === 100) break;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(results.items[0]).toMatchObject({ score: 100, level: 'silver' });
    expect(results.items[0].rules[2].facts[0]).toMatchObject({
      value: true,
      source: expect.stringMatching(/^push:/),
    });

    const groups = (
      await request(server)
        .get('/api/platform-contract/rollups?type=group')
        .set(user())
    ).body as RollupListResponse;
    expect(groups.items.map(g => [g.ref, g.entityCount])).toEqual([
      ['group:default/acme', 2],
      ['group:default/engineering', 1],
      ['group:default/peoriadata', 1],
      ['group:default/platform-team', 1],
      ['group:default/product', 1],
      ['group:default/tarakansre', 1],
    ]);
    const peoria = groups.items.find(
      g => g.ref === 'group:default/peoriadata',
    )!;
    expect(peoria.groundRulesMetCount).toBe(0);
    const domains = (
      await request(server)
        .get('/api/platform-contract/rollups?type=domain')
        .set(user())
    ).body;
    expect(domains.items[0]).toMatchObject({
      ref: 'domain:default/commerce',
      entityCount: 2,
    });
    const frameworks = (
      await request(server)
        .get('/api/platform-contract/rollups?type=framework')
        .set(user())
    ).body;
    expect(frameworks.items.map((f: any) => f.ref)).toEqual([
      'soc2:CC1.3',
      'soc2:CC7.1',
    ]);
    expect(
      (
        await request(server)
          .get('/api/platform-contract/rollups?type=planet')
          .set(user())
      ).status,
    ).toBe(400);

    const rules = await request(server)
      .get(
        `/api/platform-contract/rollups/group/${encodeURIComponent(
          'group:default/product',
        )}/rules`,
      )
      .set(user());
    expect(
      rules.body.items.map((r: any) => [r.ruleId, r.fail, r.unknown]),
    ).toEqual([
      ['on-call', 1, 0],
      ['owner-group-valid', 1, 0],
      ['security-scan', 0, 1],
    ]);
    const heatmap = await request(server)
      .get('/api/platform-contract/heatmap')
      .set(user());
    expect(heatmap.body.categories).toEqual([
      'ownership',
      'security',
      'reliability',
    ]);
    expect(
      heatmap.body.rows.find((r: any) => r.ref === 'group:default/acme').cells
        .ownership,
    ).toEqual({ score: 50, satisfied: 1, total: 2 });

    const history = await request(server)
      .get(
        `/api/platform-contract/rollups/group/${encodeURIComponent(
          'group:default/acme',
        )}/history`,
      )
      .set(user());
    expect(history.body.points).toHaveLength(1);
    const entityHistory = await request(server)
      .get(`${ENTITY}/history`)
      .set(user());
    expect(entityHistory.body.series[0]).toMatchObject({
      contract: 'test-services',
      points: [{ score: 100, level: 'silver' }],
    });
  });

  it('runs the waiver lifecycle with an audit trail and notifications', async () => {
    const { server } = await start();
    await request(server).post('/api/platform-contract/evaluate').set(user());
    const body = {
      contract: 'test-services',
      entityRef: 'component:default/BrightPathMatrix',
      ruleId: 'security-scan',
      reason: 'Scanner does not support our runtime yet',
      conditions: 'Manual review of each release',
      expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    };
    expect(
      (
        await request(server)
          .post('/api/platform-contract/waivers')
          .set(user())
          .send({ ...body, ruleId: undefined })
      ).status,
    ).toBe(400);
    const badRef = await request(server)
      .post('/api/platform-contract/waivers')
      .set(user())
      .send({ ...body, entityRef: 'no-kind' });
    expect(badRef.status).toBe(400);
    const tooLong = await request(server)
      .post('/api/platform-contract/waivers')
      .set(user())
      .send({
        ...body,
        expiresAt: new Date(Date.now() + 40 * 86_400_000).toISOString(),
      });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain('30 days');
    expect(
      (
        await request(server)
          .post('/api/platform-contract/waivers')
          .set(service)
          .send(body)
      ).status,
    ).toBe(403);

    const created = await request(server)
      .post('/api/platform-contract/waivers')
      .set(user())
      .send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'requested',
      active: false,
      contractOwner: 'group:default/platform-team',
      requestedBy: 'user:default/alice',
    });
    const id = created.body.id;

    const approved = await request(server)
      .post(`/api/platform-contract/waivers/${id}/approve`)
      .set(user('user:default/bob'))
      .send({ comment: 'ok for now' });
    expect(approved.body).toMatchObject({
      status: 'approved',
      active: true,
      decidedBy: 'user:default/bob',
    });
    expect(approved.body.events.map((e: any) => e.action)).toEqual([
      'requested',
      'approved',
    ]);
    expect(
      (
        await request(server)
          .post(`/api/platform-contract/waivers/${id}/reject`)
          .set(user('user:default/bob'))
          .send({})
      ).status,
    ).toBe(409);
    expect(sent[sent.length - 1].recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/tarakansre',
    });

    const results = (await request(server).get(`${ENTITY}/results`).set(user()))
      .body as EntityResultsResponse;
    expect(results.items[0].rules[2]).toMatchObject({
      status: 'waived',
      waiverId: id,
    });
    expect(results.items[0].level).toBe('silver');

    const list = await request(server)
      .get(
        '/api/platform-contract/waivers?entityRef=component:default/BrightPathMatrix&status=approved',
      )
      .set(user());
    expect(list.body.items.map((w: any) => w.id)).toEqual([id]);
    expect(
      (
        await request(server)
          .get('/api/platform-contract/waivers?status=bogus')
          .set(user())
      ).status,
    ).toBe(400);

    expect(
      (
        await request(server)
          .delete(`/api/platform-contract/waivers/${id}`)
          .set(user())
      ).body.status,
    ).toBe('withdrawn');
    expect(
      (await request(server).get(`${ENTITY}/results`).set(user())).body.items[0]
        .rules[2].status,
    ).toBe('unknown');
    expect(
      (
        await request(server)
          .get('/api/platform-contract/waivers/nope')
          .set(user())
      ).status,
    ).toBe(404);
  });

  it('serves campaigns from the contract YAML and the API', async () => {
    const { server } = await start();
    const CAMPAIGNS = '/api/platform-contract/campaigns';
    // A full evaluation refreshes campaign progress.
    await request(server).post('/api/platform-contract/evaluate').set(user());

    const list = await request(server).get(CAMPAIGNS).set(user());
    expect(
      list.body.items.map((c: any) => [
        c.id,
        c.source,
        c.progress.percentDone,
        c.lateTeamCount,
      ]),
    ).toEqual([
      ['ground-rules-2026', 'contract', 50, 1],
      ['on-call-everywhere', 'contract', 50, 0],
    ]);

    const details = await request(server)
      .get(`${CAMPAIGNS}/ground-rules-2026?limit=1`)
      .set(service);
    expect(details.status).toBe(200);
    expect(details.body.description).toBe('');
    expect(details.body.teams.map((t: any) => [t.owner, t.late])).toEqual([
      ['group:default/peoriadata', 1],
      ['group:default/tarakansre', 0],
    ]);
    expect(details.body.entities).toMatchObject({
      total: 2,
      limit: 1,
      offset: 0,
      items: [
        {
          entityRef: 'component:default/prime-manager-drive',
          status: 'late',
        },
      ],
    });
    expect(
      (await request(server).get(`${CAMPAIGNS}/nope`).set(user())).status,
    ).toBe(404);
    expect(
      (
        await request(server)
          .get(`${CAMPAIGNS}/ground-rules-2026?limit=0`)
          .set(user())
      ).status,
    ).toBe(400);

    const body = {
      id: 'scan-everything',
      title: 'Scan everything',
      description: 'Add the **security-scan** step.',
      contract: 'test-services',
      ruleId: 'security-scan',
      deadline: new Date(Date.now() + 30 * 86_400_000)
        .toISOString()
        .slice(0, 10),
      owner: 'group:default/platform-team',
    };
    const unknownRule = await request(server)
      .post(CAMPAIGNS)
      .set(user())
      .send({ ...body, ruleId: 'nope' });
    expect(unknownRule.status).toBe(400);
    expect(unknownRule.body.error.message).toBe(
      "ruleId: unknown rule 'nope' in contract 'test-services'",
    );
    const past = await request(server)
      .post(CAMPAIGNS)
      .set(user())
      .send({ ...body, deadline: '2020-01-01' });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toContain('deadline');
    const both = await request(server)
      .post(CAMPAIGNS)
      .set(user())
      .send({ ...body, level: 'bronze' });
    expect(both.body.error.message).toContain(
      'exactly one of ruleId and level',
    );
    expect(
      (await request(server).post(CAMPAIGNS).set(service).send(body)).status,
    ).toBe(403);

    const created = await request(server)
      .post(CAMPAIGNS)
      .set(user())
      .send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      source: 'api',
      createdBy: 'user:default/alice',
      progress: { total: 2, unknown: 2 },
    });
    expect(
      (await request(server).post(CAMPAIGNS).set(user()).send(body)).status,
    ).toBe(409);

    const fromYaml = await request(server)
      .delete(`${CAMPAIGNS}/on-call-everywhere`)
      .set(user());
    expect(fromYaml.status).toBe(403);
    expect(fromYaml.body.error.message).toContain('remove it there instead');
    expect(
      (await request(server).delete(`${CAMPAIGNS}/scan-everything`).set(user()))
        .status,
    ).toBe(204);
    expect(
      (await request(server).get(`${CAMPAIGNS}/scan-everything`).set(user()))
        .status,
    ).toBe(404);
  });

  it('takes fact providers from other modules through the extension point', async () => {
    const scanner = createBackendModule({
      pluginId: 'platform-contract',
      moduleId: 'test-scanner',
      register(env) {
        env.registerInit({
          deps: { facts: platformContractFactsExtensionPoint },
          async init({ facts }) {
            facts.addFactProvider({
              id: 'scanner',
              facts: [
                {
                  name: 'security.scanPassed',
                  type: 'boolean',
                  description: 'Last scan passed',
                },
              ],
              collect: async entities =>
                new Map(
                  entities.map(e => [
                    `component:default/${e.metadata.name}`,
                    { 'security.scanPassed': true },
                  ]),
                ),
            });
          },
        });
      },
    });
    const { server } = await start([scanner]);
    const results = (
      await request(server).post(`${ENTITY}/evaluate`).set(user())
    ).body as EntityResultsResponse;
    expect(results.items[0].rules[2]).toMatchObject({
      status: 'pass',
      facts: [{ fact: 'security.scanPassed', value: true, source: 'scanner' }],
    });
  });

  it('answers 403 when the permission policy denies', async () => {
    const { server } = await start([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    expect(
      (
        await request(server)
          .post('/api/platform-contract/evaluate')
          .set(user())
      ).status,
    ).toBe(403);
    const res = await request(server)
      .post('/api/platform-contract/waivers')
      .set(user())
      .send({
        contract: 'test-services',
        entityRef: 'component:default/x',
        ruleId: 'on-call',
        reason: 'r',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    expect(res.status).toBe(403);
    const campaign = await request(server)
      .post('/api/platform-contract/campaigns')
      .set(user())
      .send({
        id: 'denied',
        title: 'Denied',
        contract: 'test-services',
        level: 'bronze',
        deadline: '2099-01-01',
        owner: 'group:default/platform-team',
      });
    expect(campaign.status).toBe(403);
    expect(campaign.body.error.message).toContain(
      'platform-contract.campaign.manage',
    );
    expect(
      (
        await request(server)
          .delete('/api/platform-contract/campaigns/on-call-everywhere')
          .set(user())
      ).status,
    ).toBe(403);
  });
});

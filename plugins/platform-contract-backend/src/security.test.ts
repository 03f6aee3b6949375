/*
 * Attacks on the platform contract backend (issue 14), each against the real
 * wiring: this plugin, the permission backend with Groundwork's reference
 * policy, and users whose group memberships come from the user info service.
 */
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { catalogModuleCostPermissionRules } from '@groundwork/plugin-cost-backend';
import { costReadPermission } from '@groundwork/plugin-cost-common';
import { platformContractFactsExtensionPoint } from '@groundwork/plugin-platform-contract-node';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { GroundworkPermissionPolicy } from '@groundwork/plugin-permission-backend-module-groundwork-policy';
import { authWithActors, userInfoWithGroups } from '@groundwork/test-utils';
import { promises as fs } from 'fs';
import os from 'os';
import { join } from 'path';
import request from 'supertest';
import { platformContractPlugin } from './plugin';
import { TEST_CONTRACT_YAML } from './__testUtils__/fixtures';

/** The catalog: two teams and what they own (read by the real catalog). */
const CATALOG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: lipadata }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: BrightPathMatrix }
spec: { type: service, lifecycle: production, owner: group:default/platform-team }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ledger }
spec: { type: service, lifecycle: production, owner: group:default/lipadata }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: contractors }
spec: { type: team, children: [] }
`;

/** Cost and build rules, to see whose values are shown and which pushes count. */
const BUDGET_CONTRACT = `
apiVersion: groundwork.dev/v1alpha1
kind: PlatformContract
metadata: { name: budgets }
spec:
  owner: group:default/platform-team
  version: '1'
  appliesTo: { kind: Component }
  levels: [{ name: bronze }]
  maxWaiverDays: 30
  rules:
    - id: budget
      title: Has a budget
      category: cost
      severity: low
      level: ground
      condition: { fact: cost.monthlyBudget, gt: 0 }
    - id: build
      title: Build passes
      category: delivery
      severity: low
      level: bronze
      condition: { fact: build.succeeded, equal: true }
`;

/** A pattern that backtracks exponentially on a long string that almost matches. */
const SLOW_CONTRACT = `
apiVersion: groundwork.dev/v1alpha1
kind: PlatformContract
metadata: { name: slow }
spec:
  owner: group:default/platform-team
  version: '1'
  appliesTo: { kind: Component }
  levels: [{ name: bronze }]
  maxWaiverDays: 30
  rules:
    - id: description-words
      title: Description is words
      category: documentation
      severity: low
      level: ground
      condition: { fact: catalog.description, matches: '^(\\w+\\s?)*$' }
`;

/** Stand-in for the cost facts module: a budget for every entity, declared sensitive as the real one does. */
const costFacts = createBackendModule({
  pluginId: 'platform-contract',
  moduleId: 'test-cost-facts',
  register(env) {
    env.registerInit({
      deps: { facts: platformContractFactsExtensionPoint },
      async init({ facts }) {
        facts.addFactProvider({
          id: 'cost',
          sensitive: { facts: ['cost.*'], readPermission: costReadPermission },
          facts: [
            {
              name: 'cost.monthlyBudget',
              type: 'number',
              description: 'Budget',
            },
          ],
          async collect(entities) {
            return new Map(
              entities.map(e => [
                stringifyEntityRef(e),
                { 'cost.monthlyBudget': 4200 },
              ]),
            );
          },
        });
      },
    });
  },
});

/**
 * Groundwork's reference policy in an organisation that restricts catalog
 * reads: contractors read only what they own.
 */
const restrictedCatalogPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'restricted-catalog-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        const groundwork = GroundworkPermissionPolicy.fromConfig(config);
        policy.setPolicy({
          async handle(permissionRequest, user) {
            const claims = user?.info.ownershipEntityRefs ?? [];
            if (
              permissionRequest.permission.name === 'catalog.entity.read' &&
              claims.includes('group:default/contractors')
            ) {
              return {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'catalog',
                resourceType: 'catalog-entity',
                conditions: {
                  resourceType: 'catalog-entity',
                  rule: 'IS_ENTITY_OWNER',
                  params: { claims },
                },
              };
            }
            return groundwork.handle(permissionRequest, user);
          },
        });
      },
    });
  },
});

// Starting the catalog, permission and contract backends is slow on a busy CI machine.
jest.setTimeout(180_000);

/** Who is in which group (the ownership claims the policy sees). */
const MEMBERS: Record<string, string[]> = {
  'user:default/alice': ['group:default/platform-team'],
  'user:default/bob': ['group:default/platform-team'],
  'user:default/mallory': ['group:default/lipadata'],
  'user:default/eve': [],
  'user:default/trudy': ['group:default/contractors'],
};
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});

describe('platform contract security', () => {
  let dir: string;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    dir = await fs.mkdtemp(join(os.tmpdir(), 'pc-security-'));
    // The contract names its owner without a namespace, as people write it.
    await fs.writeFile(
      join(dir, 'contract.yaml'),
      TEST_CONTRACT_YAML.replace(
        'owner: group:default/platform-team',
        'owner: group:platform-team',
      ),
    );
    await fs.writeFile(join(dir, 'budgets.yaml'), BUDGET_CONTRACT);
    await fs.writeFile(join(dir, 'slow.yaml'), SLOW_CONTRACT);
    await fs.writeFile(join(dir, 'catalog.yaml'), CATALOG);
    ({ server } = await startTestBackend({
      features: [
        platformContractPlugin,
        permissionPlugin,
        restrictedCatalogPolicy,
        permissionsServiceFactory,
        catalogModuleCostPermissionRules,
        costFacts,
        actionsRegistryServiceFactory,
        // Scheduled work (the full evaluation 15 s after start) stays out of
        // these permission checks: on a slow machine it overlapped them, and
        // the in-memory SQLite database then timed out acquiring a connection.
        mockServices.scheduler.mock({
          createScheduledTaskRunner: () => ({ run: async () => {} }),
          getScheduledTasks: async () => [],
        }).factory,
        authWithActors,
        // The real HTTP auth, on top of the auth above (the mock one has its own).
        httpAuthServiceFactory,
        userInfoWithGroups(MEMBERS),
        catalogPlugin,
        eventsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              stitchingStrategy: { pollingInterval: { milliseconds: 100 } },
              locations: [{ type: 'file', target: join(dir, 'catalog.yaml') }],
              rules: [
                { allow: ['Component', 'Group', 'Location', 'Resource'] },
              ],
            },
            events: { useEventBus: 'never' },
            permission: { enabled: true },
            platformContract: {
              contracts: [
                join(dir, 'contract.yaml'),
                join(dir, 'budgets.yaml'),
                join(dir, 'slow.yaml'),
              ],
              catalogChanges: { delaySeconds: 0 },
              facts: {
                push: {
                  allow: [
                    {
                      subject: 'external:ci',
                      entityRefs: ['component:default/ledger'],
                      facts: ['build.*', 'catalog.*', 'cost.*'],
                    },
                  ],
                },
              },
            },
          },
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
      ],
    }));
    // Until the catalog has stitched the ledger's owner, ownership is unknown.
    for (let tries = 0; ; tries++) {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/component/default/ledger')
        .set(as('user:default/alice'));
      if (res.body.relations?.some((r: any) => r.type === 'ownedBy')) break;
      if (tries > 1200) throw new Error('The catalog never served ledger');
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  async function requestWaiver(user: string) {
    const res = await request(server)
      .post('/api/platform-contract/waivers')
      .set(as(user))
      .send({
        contract: 'test-services',
        entityRef: 'component:default/BrightPathMatrix',
        ruleId: 'security-scan',
        reason: 'Scanner does not support our runtime yet',
        expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      });
    expect(res.status).toBe(201);
    return res.body as { id: string; contractOwner: string };
  }

  it('a contract owner written without a namespace still matches its members, and only them', async () => {
    const waiver = await requestWaiver('user:default/mallory');
    expect(waiver.contractOwner).toBe('group:default/platform-team');
    const outsider = await request(server)
      .post(`/api/platform-contract/waivers/${waiver.id}/approve`)
      .set(as('user:default/mallory'))
      .send({});
    expect(outsider.status).toBe(403);
    const owner = await request(server)
      .post(`/api/platform-contract/waivers/${waiver.id}/approve`)
      .set(as('user:default/alice'))
      .send({});
    expect(owner.status).toBe(200);
  });

  it('a requester may not decide on their own waiver, even as a contract owner and admin (item 6)', async () => {
    const decide = (user: string, id: string, decision: string) =>
      request(server)
        .post(`/api/platform-contract/waivers/${id}/${decision}`)
        .set(as(user))
        .send({});
    // Alice is in platform-team: the contract's owner and an admin group.
    const waiver = await requestWaiver('user:default/alice');
    for (const decision of ['approve', 'reject']) {
      const own = await decide('user:default/alice', waiver.id, decision);
      expect([decision, own.status]).toEqual([decision, 403]);
      expect(own.body.error.message).toBe(
        'You requested this waiver: another owner of contract test-services or a platform admin decides on it (you may withdraw it)',
      );
    }
    const other = await decide('user:default/bob', waiver.id, 'approve');
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({
      status: 'approved',
      requestedBy: 'user:default/alice',
      decidedBy: 'user:default/bob',
    });
  });

  it('only owners and admins may force a re-evaluation; concurrent calls are all answered', async () => {
    const evaluate = (user: string, name = 'ledger') =>
      request(server)
        .post(
          `/api/platform-contract/entities/component/default/${name}/evaluate`,
        )
        .set(as(user));
    const outsider = await evaluate('user:default/eve');
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toContain(
      'Only the owners of component:default/ledger and platform admins',
    );
    const owners = await Promise.all(
      Array.from({ length: 5 }, () => evaluate('user:default/mallory')),
    );
    expect(owners.map(r => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(owners[0].body.items.map((i: any) => i.contract)).toContain(
      'test-services',
    );
    const admin = await evaluate('user:default/alice');
    expect(admin.status).toBe(200);
  });

  const invoke = (user: string, action: string, input: object) =>
    request(server)
      .post(
        `/api/platform-contract/.backstage/actions/v1/actions/platform-contract:${action}/invoke`,
      )
      .set(as(user))
      .send(input);

  it('shows sensitive fact values only to callers who may read the entity cost (item 3)', async () => {
    const evaluated = await request(server)
      .post(
        '/api/platform-contract/entities/component/default/brightpathmatrix/evaluate',
      )
      .set(as('user:default/alice'));
    expect(evaluated.status).toBe(200);
    const budgetRule = (body: any) =>
      body.items
        .find((i: any) => i.contract === 'budgets')
        .rules.find((r: any) => r.ruleId === 'budget');
    // Alice's team owns the entity: the cost plugin lets her read its cost.
    expect(budgetRule(evaluated.body).facts[0]).toMatchObject({
      fact: 'cost.monthlyBudget',
      value: 4200,
    });
    const results = await request(server)
      .get(
        '/api/platform-contract/entities/component/default/brightpathmatrix/results',
      )
      .set(as('user:default/mallory'));
    expect(results.status).toBe(200);
    const hidden = budgetRule(results.body);
    expect(hidden.status).toBe('pass');
    expect(hidden.facts[0]).toMatchObject({
      fact: 'cost.monthlyBudget',
      hidden: true,
    });
    expect(hidden.facts[0]).not.toHaveProperty('value');

    const explain = (user: string) =>
      invoke(user, 'explain-rule-result', {
        entityRef: 'component:default/brightpathmatrix',
        ruleId: 'budget',
      });
    const forMallory = await explain('user:default/mallory');
    expect(forMallory.status).toBe(200);
    expect(forMallory.body.output.facts[0]).toEqual(
      expect.objectContaining({ fact: 'cost.monthlyBudget', hidden: true }),
    );
    expect(forMallory.body.output.facts[0]).not.toHaveProperty('value');
    const forAlice = await explain('user:default/alice');
    expect(forAlice.body.output.facts[0].value).toBe(4200);
  });

  it('answers reads and MCP actions only about entities the caller may read in the catalog (item 7)', async () => {
    const read = (user: string, what: string) =>
      request(server)
        .get(`/api/platform-contract/entities/component/default/ledger/${what}`)
        .set(as(user));
    for (const what of ['results', 'history']) {
      expect((await read('user:default/mallory', what)).status).toBe(200);
      const hiddenRead = await read('user:default/trudy', what);
      expect(hiddenRead.status).toBe(404);
      expect(hiddenRead.body.error.message).toBe(
        'No entity component:default/ledger in the catalog',
      );
    }
    const ledger = { entityRef: 'component:default/ledger' };
    for (const [action, input] of [
      ['get-entity-scorecard', ledger],
      ['explain-rule-result', { ...ledger, ruleId: 'on-call' }],
      ['team-compliance-summary', { groupRef: 'group:default/lipadata' }],
    ] as const) {
      const answer = await invoke('user:default/trudy', action, input);
      expect([action, answer.status]).toEqual([action, 404]);
      expect(answer.body.error.message).toMatch(
        /^No entity .* in the catalog$/,
      );
    }
    expect(
      (await invoke('user:default/mallory', 'get-entity-scorecard', ledger))
        .status,
    ).toBe(200);
    const campaigns = async (user: string) =>
      (await invoke(user, 'list-campaigns', {})).body.output.campaigns.map(
        (c: { id: string }) => c.id,
      );
    expect(await campaigns('user:default/mallory')).toContain(
      'on-call-everywhere',
    );
    expect(await campaigns('user:default/trudy')).toEqual([]);
  });

  it('refuses forged and eternal facts (item 4)', async () => {
    const ci = {
      Authorization: mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('external:ci'),
        targetPluginId: 'platform-contract',
      }),
    };
    const push = (headers: Record<string, string>, ...facts: object[]) =>
      request(server)
        .post('/api/platform-contract/facts')
        .set(headers)
        .send({ facts });
    const ledger = 'component:default/ledger';
    const build = { entityRef: ledger, name: 'build.succeeded', value: true };

    const ungranted = await push(
      { Authorization: mockCredentials.service.header() },
      build,
    );
    expect(ungranted.status).toBe(403);
    expect(ungranted.body.error.message).toContain(
      "Service 'external:test-service' may not push facts",
    );
    for (const [name, provider] of [
      ['catalog.owner', 'catalog'],
      ['cost.monthlyBudget', 'cost'],
      ['cost.anythingElse', 'cost'],
    ]) {
      const owned = await push(ci, { entityRef: ledger, name, value: 1 });
      expect([name, owned.status]).toEqual([name, 400]);
      expect(owned.body.error.message).toContain(
        `the '${provider}' provider collects`,
      );
    }
    const otherEntity = await push(ci, {
      ...build,
      entityRef: 'component:default/BrightPathMatrix',
    });
    expect(otherEntity.status).toBe(403);
    expect(otherEntity.body.error.message).toContain(
      "may not push 'build.succeeded' for component:default/brightpathmatrix",
    );
    const future = await push(ci, {
      ...build,
      observedAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.status).toBe(400);
    expect(future.body.error.message).toContain('facts.0.observedAt: ');
    expect(future.body.error.message).toContain('more than 5 minutes after');
    let deep: unknown = true;
    for (let i = 0; i < 20; i++) deep = [deep];
    for (const bad of [
      { ...build, value: deep },
      { ...build, value: 'x'.repeat(70_000) },
      { ...build, name: 'build succeeded' },
      { ...build, name: `build.${'x'.repeat(300)}` },
    ]) {
      const res = await push(ci, bad);
      expect([bad, res.status]).toEqual([bad, 400]);
    }

    const accepted = await push(ci, {
      ...build,
      observedAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(accepted.body).toEqual({ accepted: 1 });
    const evaluated = await request(server)
      .post('/api/platform-contract/entities/component/default/ledger/evaluate')
      .set(as('user:default/mallory'));
    const buildRule = evaluated.body.items
      .find((i: any) => i.contract === 'budgets')
      .rules.find((r: any) => r.ruleId === 'build');
    expect(buildRule).toMatchObject({
      status: 'pass',
      facts: [{ value: true, source: 'push:external:ci' }],
    });
  });

  it('refuses a contract whose pattern could backtrack exponentially (item 8)', async () => {
    const { body } = await request(server)
      .get('/api/platform-contract/contracts')
      .set(as('user:default/alice'));
    const slow = body.items.find((c: any) => c.name === 'slow');
    expect(slow.valid).toBe(false);
    expect(slow.errors).toEqual([
      expect.objectContaining({
        ruleId: 'description-words',
        field: 'spec.rules[0].condition.matches',
        message: expect.stringContaining(
          "regular expression '^(\\w+\\s?)*$' on fact 'catalog.description' could take exponential time",
        ),
      }),
    ]);
  });

  it('bounds free text (item 10)', async () => {
    const waiver = (fields: object) =>
      request(server)
        .post('/api/platform-contract/waivers')
        .set(as('user:default/mallory'))
        .send({
          contract: 'test-services',
          entityRef: 'component:default/ledger',
          ruleId: 'security-scan',
          reason: 'Scanner does not support our runtime yet',
          expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
          ...fields,
        });
    for (const field of ['reason', 'conditions']) {
      const res = await waiver({ [field]: 'x'.repeat(5000) });
      expect([field, res.status]).toEqual([field, 400]);
      expect(res.body.error.message).toContain(field);
    }
    // Bodies up to 5 MB are parsed (and validated), as in cost and MLOps.
    const large = await waiver({ reason: 'x'.repeat(4 * 1024 * 1024) });
    expect(large.status).toBe(400);
    const tooLarge = await waiver({ reason: 'x'.repeat(6 * 1024 * 1024) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.message).toBe(
      'The request body is larger than 5 MB; send fewer items at once, e.g. push facts in several requests',
    );
    const { body } = await waiver({});
    const comment = await request(server)
      .post(`/api/platform-contract/waivers/${body.id}/reject`)
      .set(as('user:default/alice'))
      .send({ comment: 'x'.repeat(5000) });
    expect(comment.status).toBe(400);
  });
});

import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CheckEntityRequest,
  CheckEntityResponse,
} from '@groundwork/plugin-platform-contract-common';
import { platformContractFactsExtensionPoint } from '@groundwork/plugin-platform-contract-node';
import { promises as fs } from 'fs';
import os from 'os';
import { join } from 'path';
import request from 'supertest';
import { platformContractPlugin } from './plugin';
import { TEST_CONTRACT_YAML, testEntities } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

/** Applies to every Component: repository-file rules, and rules on facts only modules collect. */
const REPO_CONTRACT_YAML = `
apiVersion: groundwork.dev/v1alpha1
kind: PlatformContract
metadata: { name: repo-basics }
spec:
  owner: group:default/platform-team
  version: 1.0.0
  appliesTo: { kind: Component }
  levels: [{ name: bronze }]
  maxWaiverDays: 30
  rules:
    - id: owner-team
      title: Owned by a team in the catalog
      howToFix: Set \`spec.owner\` to a Group in the catalog.
      category: ownership
      severity: high
      level: ground
      condition: { fact: catalog.ownerGroupExists, equal: true }
    - id: readme
      title: README
      howToFix: Add a README.md.
      category: documentation
      severity: medium
      level: ground
      condition: { fact: repo.readme, equal: true }
    - id: cpu-limit
      title: CPU limit
      category: reliability
      severity: medium
      level: ground
      condition: { fact: repo.cpuLimit, exists: true }
    - id: budget
      title: Budget set
      category: cost
      severity: low
      level: bronze
      condition: { fact: cost.monthlyBudget, gt: 0 }
    - id: model
      title: Model registered
      category: mlops
      severity: low
      level: bronze
      appliesTo: { spec.type: ml-model }
      condition: { fact: mlops.registeredModel, exists: true }
    - id: golden-path-current
      title: On the current major version of its golden path
      howToFix: Upgrade {{ entityRef }}.
      category: delivery
      severity: low
      level: bronze
      appliesTo: { metadata.annotations.groundwork.dev/golden-path: { $exists: true } }
      condition: { fact: goldenPath.behind, path: major, lte: 0 }
`;

/** The golden path's template, at its current version. */
const nodeServiceTemplate = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'node-service',
    namespace: 'default',
    annotations: { 'groundwork.dev/golden-path-version': '2.0.1' },
  },
  spec: { type: 'service', steps: [] },
};

const user = {
  Authorization: mockCredentials.user.header('user:default/alice'),
};
const service = { Authorization: mockCredentials.service.header() };
const CHECK = '/api/platform-contract/check';

const proposed = (owner = 'tarakansre', name = 'new-service') => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations: { 'pagerduty.com/service-id': 'P9' } },
  spec: { type: 'service', lifecycle: 'experimental', owner },
});
const goodFiles = [
  { path: './README.md', content: '# New service' },
  {
    path: 'chart/values.yaml',
    content: 'resources:\n  limits:\n    cpu: 500m\n',
  },
];

/** Rule statuses by contract, then rule id. */
const statuses = (body: CheckEntityResponse) =>
  Object.fromEntries(
    body.items.map(item => [
      item.contract,
      Object.fromEntries(item.rules.map(r => [r.ruleId, r.status])),
    ]),
  );

/** Providers of facts that exist only once an entity is in the catalog. */
const laterFacts = createBackendModule({
  pluginId: 'platform-contract',
  moduleId: 'test-later-facts',
  register(env) {
    env.registerInit({
      deps: { facts: platformContractFactsExtensionPoint },
      async init({ facts }) {
        for (const [id, name] of [
          ['cost', 'cost.monthlyBudget'],
          ['mlops', 'mlops.registeredModel'],
        ]) {
          facts.addFactProvider({
            id,
            facts: [{ name, type: 'number', description: name }],
            collect: async entities =>
              new Map(
                entities.map(e => [
                  `component:default/${e.metadata.name}`,
                  { [name]: 1 },
                ]),
              ),
          });
        }
      },
    });
  },
});

describe('checking a proposed entity', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const catalog = catalogServiceMock({
    entities: [...testEntities, nodeServiceTemplate],
  });
  const lookUps = jest.spyOn(catalog, 'getEntitiesByRefs');
  const actions = actionsRegistryServiceMock();

  beforeAll(async () => {
    dir = await fs.mkdtemp(join(os.tmpdir(), 'pc-check-'));
    await fs.writeFile(join(dir, 'services.yaml'), TEST_CONTRACT_YAML);
    await fs.writeFile(join(dir, 'repo.yaml'), REPO_CONTRACT_YAML);
    ({ server } = await startTestBackend({
      features: [
        platformContractPlugin,
        laterFacts,
        mockServices.rootConfig.factory({
          data: {
            platformContract: {
              contracts: [join(dir, 'services.yaml'), join(dir, 'repo.yaml')],
              catalogChanges: { reevaluate: false },
              repositoryFiles: {
                facts: [
                  { name: 'repo.readme', paths: ['README.md'] },
                  {
                    name: 'repo.cpuLimit',
                    paths: ['chart/values.yaml'],
                    valuePath: 'resources.limits.cpu',
                  },
                ],
              },
            },
          },
        }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => actions,
        }),
      ],
    }));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  const check = (body: CheckEntityRequest | object, headers = user) =>
    request(server).post(CHECK).set(headers).send(body);

  it('passes the ground rules of a compliant entity, leaving module and CI facts unknown', async () => {
    const before = new Date().toISOString();
    const res = await check({ entity: proposed(), files: goodFiles });
    expect(res.status).toBe(200);
    const body = res.body as CheckEntityResponse;
    expect(body.entityRef).toBe('component:default/new-service');
    expect(statuses(body)).toEqual({
      'test-services': {
        'owner-group-valid': 'pass',
        'on-call': 'pass',
        'security-scan': 'unknown',
      },
      'repo-basics': {
        'owner-team': 'pass',
        readme: 'pass',
        'cpu-limit': 'pass',
        budget: 'unknown',
        model: 'not-applicable',
        'golden-path-current': 'not-applicable',
      },
    });
    expect(body.items.every(i => i.groundRulesMet)).toBe(true);
    expect(body.items[0].evaluatedAt >= before).toBe(true);
    const cpu = body.items[1].rules.find(r => r.ruleId === 'cpu-limit')!;
    expect(cpu.facts).toEqual([
      {
        fact: 'repo.cpuLimit',
        value: '500m',
        source: 'repository-files',
        observedAt: body.items[1].evaluatedAt,
      },
    ]);
    // The not-applicable MLOps rule uses no fact that matters.
    expect(body.unknownFacts).toEqual([
      {
        name: 'cost.monthlyBudget',
        source: 'cost',
        reason:
          'collected by the cost module once the entity is in the catalog',
      },
      {
        name: 'security.scanPassed',
        source: 'pushed',
        reason: expect.stringContaining('pushed by CI'),
      },
    ]);
    // The owner group was looked up on behalf of the caller.
    expect(lookUps).toHaveBeenLastCalledWith(
      expect.objectContaining({ entityRefs: ['group:default/tarakansre'] }),
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            userEntityRef: 'user:default/alice',
          }),
        }),
      },
    );
  });

  it('lists MLOps facts of rules that apply, as unknown', async () => {
    const entity = proposed();
    entity.spec.type = 'ml-model';
    const body = (await check({ entity, files: goodFiles }))
      .body as CheckEntityResponse;
    expect(statuses(body)['repo-basics'].model).toBe('unknown');
    expect(body.unknownFacts).toContainEqual({
      name: 'mlops.registeredModel',
      source: 'mlops',
      reason: 'collected by the mlops module once the entity is in the catalog',
    });
  });

  it("derives the golden path's facts: the recorded version from the annotation, the current one from the catalog as the caller sees it", async () => {
    const fromGoldenPath = (version: string, templateName = 'node-service') => {
      const entity = proposed();
      Object.assign(entity.metadata.annotations, {
        'groundwork.dev/golden-path': `template:default/${templateName}@${version}`,
      });
      return entity;
    };
    const goldenPathRule = async (entity: object) => {
      const body = (await check({ entity, files: goodFiles }))
        .body as CheckEntityResponse;
      const rule = body.items
        .find(i => i.contract === 'repo-basics')!
        .rules.find(r => r.ruleId === 'golden-path-current')!;
      return { rule, unknownFacts: body.unknownFacts };
    };

    const behind = await goldenPathRule(fromGoldenPath('1.3.0'));
    expect(behind.rule).toMatchObject({
      status: 'fail',
      howToFix: 'Upgrade component:default/new-service.',
      facts: [
        {
          fact: 'goldenPath.behind',
          path: 'major',
          value: 1,
          source: 'golden-path',
        },
      ],
    });
    expect(lookUps).toHaveBeenLastCalledWith(
      expect.objectContaining({
        entityRefs: ['template:default/node-service'],
      }),
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            userEntityRef: 'user:default/alice',
          }),
        }),
      },
    );
    expect((await goldenPathRule(fromGoldenPath('2.0.0'))).rule.status).toBe(
      'pass',
    );
    // Not semantic: known not to be on the current version.
    expect((await goldenPathRule(fromGoldenPath('latest'))).rule.status).toBe(
      'fail',
    );
    // A template the catalog does not have: unknown, and said why.
    const gone = await goldenPathRule(fromGoldenPath('1.0.0', 'retired'));
    expect(gone.rule.status).toBe('unknown');
    expect(gone.unknownFacts).toContainEqual({
      name: 'goldenPath.behind',
      source: 'golden-path',
      reason: expect.stringContaining('not in the catalog'),
    });
  });

  it('fails the owner rule, with how to fix it, when the owner group does not exist', async () => {
    const body = (await check({ entity: proposed('ghosts'), files: goodFiles }))
      .body as CheckEntityResponse;
    const rule = body.items
      .find(i => i.contract === 'repo-basics')!
      .rules.find(r => r.ruleId === 'owner-team')!;
    expect(rule).toMatchObject({
      status: 'fail',
      howToFix: 'Set `spec.owner` to a Group in the catalog.',
      facts: [{ fact: 'catalog.ownerGroupExists', value: false }],
    });
    expect(body.items.every(i => !i.groundRulesMet)).toBe(true);
  });

  it('derives repository facts from the given files', async () => {
    const res = await check(
      { entity: proposed(), files: [{ path: 'docs/index.md', content: '' }] },
      service,
    );
    expect(res.status).toBe(200);
    const repo = (res.body as CheckEntityResponse).items[1];
    expect(
      repo.rules
        .filter(r => r.ruleId === 'readme' || r.ruleId === 'cpu-limit')
        .map(r => [r.status, r.facts[0].value]),
    ).toEqual([
      ['fail', false],
      ['fail', null],
    ]);
    expect(repo.rules.find(r => r.ruleId === 'readme')!.howToFix).toBe(
      'Add a README.md.',
    );
  });

  it('refuses paths outside the repository and invalid entities with a 400 that says what to fix', async () => {
    for (const [path, message] of [
      ['../secrets.txt', "files[1].path: '../secrets.txt' has a '..' segment"],
      ['chart/../../x', "files[1].path: 'chart/../../x' has a '..' segment"],
      ['/etc/passwd', "files[1].path: '/etc/passwd' is not a relative path"],
      ['README.md', "files[1].path: 'README.md' is given twice"],
    ]) {
      const res = await check({
        entity: proposed(),
        files: [goodFiles[0], { path, content: 'x' }],
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    }

    const badName = proposed();
    badName.metadata.name = 'New Service!';
    const noLifecycle = proposed() as any;
    delete noLifecycle.spec.lifecycle;
    const noKind = proposed() as any;
    delete noKind.kind;
    for (const [entity, message] of [
      [badName, '"metadata.name" is not valid; expected a string'],
      [noLifecycle, "must have required property 'lifecycle'"],
      [noKind, 'entity.kind'],
    ]) {
      const res = await check({ entity });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
  });

  it('takes bodies larger than the general limit, and answers an oversized one with a 413', async () => {
    const big = 'x'.repeat(500 * 1024);
    const files = Array.from({ length: 12 }, (_, i) => ({
      path: `data/${i}.txt`,
      content: big,
    }));
    expect((await check({ entity: proposed(), files })).status).toBe(200);

    const res = await check({
      entity: proposed(),
      files: ['x'.repeat(33 * 1024 * 1024)],
    });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain('larger than 32 MB');
  });

  it('stores nothing', async () => {
    expect(
      (await request(server).post('/api/platform-contract/evaluate').set(user))
        .status,
    ).toBe(202);
    const stored = async (name: string) =>
      (
        await request(server)
          .get(
            `/api/platform-contract/entities/component/default/${name}/results`,
          )
          .set(user)
      ).body;
    const before = await stored('brightpathmatrix');
    expect(before.items).toHaveLength(2);
    const res = await check({ entity: proposed('ghosts', 'BrightPathMatrix') });
    expect(res.status).toBe(200);
    expect(statuses(res.body)['test-services']['owner-group-valid']).toBe(
      'fail',
    );
    expect(await stored('brightpathmatrix')).toEqual(before);
    await check({ entity: proposed() });
    // Still not in the catalog, and nothing stored for it.
    expect((await stored('new-service')).error.name).toBe('NotFoundError');
  });

  it('offers the same check as an MCP action, on behalf of the caller', async () => {
    const credentials = mockCredentials.user('user:default/bob');
    const { output } = await actions.invoke({
      id: 'test:check-entity',
      input: { entity: proposed('ghosts'), files: goodFiles },
      credentials,
    });
    expect(lookUps).toHaveBeenLastCalledWith(expect.anything(), {
      credentials,
    });
    const routed = await check({
      entity: proposed('ghosts'),
      files: goodFiles,
    });
    const withoutTimes = (value: unknown) =>
      JSON.parse(
        JSON.stringify(value, (key, v) =>
          key === 'evaluatedAt' || key === 'observedAt' ? undefined : v,
        ),
      );
    expect(withoutTimes(output)).toEqual(withoutTimes(routed.body));

    await expect(
      actions.invoke({
        id: 'test:check-entity',
        input: { entity: proposed(), files: [{ path: '../x', content: '' }] },
        credentials,
      }),
    ).rejects.toThrow("files[0].path: '../x' has a '..' segment");
  });
});

describe('checking without credentials', () => {
  it('is refused with a 401', async () => {
    const { server } = await startTestBackend({
      features: [
        platformContractPlugin,
        mockServices.rootConfig.factory({ data: { platformContract: {} } }),
        catalogServiceMock.factory({ entities: testEntities }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    const res = await request(server)
      .post(CHECK)
      .send({ entity: proposed(), files: goodFiles });
    expect(res.status).toBe(401);
  });
});

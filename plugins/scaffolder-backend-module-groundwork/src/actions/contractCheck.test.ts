import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  CheckEntityResponse,
  EntityContractResult,
  RuleResult,
} from '@groundwork/plugin-platform-contract-common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import yaml from 'yaml';
import { createContractCheckAction } from './contractCheck';

const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: demo-service
spec:
  type: service
  owner: group:default/team-a
`;

const rule = (
  ruleId: string,
  level: string,
  status: RuleResult['status'],
  extra: Partial<RuleResult> = {},
): RuleResult => ({
  ruleId,
  title: `Rule ${ruleId}`,
  category: 'operability' as RuleResult['category'],
  severity: 'high' as RuleResult['severity'],
  level,
  weight: 1,
  frameworks: [],
  status,
  facts: [],
  ...extra,
});

const contractResult = (rules: RuleResult[]): EntityContractResult => ({
  contract: 'platform',
  contractTitle: 'Platform contract',
  entityRef: 'component:default/demo-service',
  score: 75,
  level: 'bronze',
  groundRulesMet: !rules.some(r => r.level === 'ground' && r.status !== 'pass'),
  counts: { pass: 0, fail: 0, unknown: 0, waived: 0 },
  evaluatedAt: '2026-03-01T00:00:00.000Z',
  rules,
});

const passing = contractResult([
  rule('has-owner', 'ground', 'pass'),
  rule('has-docs', 'bronze', 'pass'),
]);

/** A stand-in for the platform-contract backend that records what it was sent. */
class FakePlatformContract {
  readonly requests: Array<{
    method: string;
    url: string;
    authorization?: string;
    body?: any;
  }> = [];
  check: { status: number; body: unknown } = {
    status: 200,
    body: { entityRef: passing.entityRef, items: [passing], unknownFacts: [] },
  };
  private server?: Server;

  async start() {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', chunk => (raw += chunk));
      req.on('end', () => {
        this.requests.push({
          method: req.method!,
          url: req.url!,
          authorization: req.headers.authorization,
          body: raw ? JSON.parse(raw) : undefined,
        });
        const answer =
          req.url === '/api/platform-contract/contracts'
            ? {
                status: 200,
                body: {
                  items: [
                    { name: 'platform', levels: ['bronze', 'silver', 'gold'] },
                  ],
                },
              }
            : this.check;
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>(resolve => this.server!.listen(0, resolve));
    return `http://localhost:${(this.server!.address() as AddressInfo).port}`;
  }

  stop() {
    return new Promise(resolve => this.server?.close(resolve));
  }
}

describe('groundwork:contract:check', () => {
  const mockDir = createMockDirectory();
  const workspacePath = mockDir.resolve('workspace');
  const fake = new FakePlatformContract();
  const alice = mockCredentials.user('user:default/alice');
  let action: ReturnType<typeof createContractCheckAction>;

  beforeAll(async () => {
    const origin = await fake.start();
    action = createContractCheckAction({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async pluginId => `${origin}/api/${pluginId}`,
      }),
      auth: mockServices.auth(),
    });
  });
  afterAll(() => fake.stop());

  beforeEach(() => {
    fake.requests.length = 0;
    fake.check = {
      status: 200,
      body: {
        entityRef: passing.entityRef,
        items: [passing],
        unknownFacts: [],
      },
    };
    mockDir.setContent({
      'workspace/catalog-info.yaml': CATALOG,
      'workspace/README.md': '# Demo',
      'workspace/.github/workflows/ci.yaml': 'on: push',
      'workspace/.git/HEAD': 'ref: refs/heads/main',
      'workspace/node_modules/x/index.js': 'x',
      'workspace/logo.png': Buffer.from([0x89, 0x50, 0x00, 0x01]),
    });
  });

  const context = (input: Record<string, any> = {}) => {
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({ input, workspacePath, logger }),
      getInitiatorCredentials: async () => alice,
    };
    return { ctx, logs: () => logger.info.mock.calls.map(([m]) => m) };
  };
  const failing = (
    results: RuleResult[],
    unknownFacts: CheckEntityResponse['unknownFacts'] = [],
  ) => {
    fake.check = {
      status: 200,
      body: {
        entityRef: passing.entityRef,
        items: [contractResult(results)],
        unknownFacts,
      },
    };
  };

  it.each(
    createContractCheckAction({} as any).examples!.map(e => [
      e.description,
      e.example,
    ]),
  )('runs its example: %s', async (_description, example) => {
    const { ctx } = context(yaml.parse(example).steps[0].input);
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('passed', true);
  });

  it('sends the entity and text files as the initiator, and passes', async () => {
    const { ctx, logs } = context();
    await action.handler(ctx as any);

    expect(fake.requests).toEqual([
      {
        method: 'POST',
        url: '/api/platform-contract/check',
        authorization: `Bearer ${mockCredentials.service.token({
          onBehalfOf: alice,
          targetPluginId: 'platform-contract',
        })}`,
        body: {
          entity: yaml.parse(CATALOG),
          files: [
            { path: '.github/workflows/ci.yaml', content: 'on: push' },
            { path: 'README.md', content: '# Demo' },
            { path: 'catalog-info.yaml', content: CATALOG },
          ],
        },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('passed', true);
    expect(ctx.output).toHaveBeenCalledWith('results', [
      {
        contract: 'platform',
        title: 'Platform contract',
        score: 75,
        level: 'bronze',
        groundRulesMet: true,
        failing: [],
        unknown: [],
      },
    ]);
    expect(logs()).toEqual(
      expect.arrayContaining([
        'Skipped 2 (folders not checked): .git, node_modules',
        'Skipped 1 (binary files not sent): logo.png',
        'Platform contract: score 75, level bronze, ground rules met',
      ]),
    );
  });

  it('fails on a ground rule, naming the rule and its fix, and explains unknown rules', async () => {
    failing(
      [
        rule('has-owner', 'ground', 'fail', {
          howToFix: 'Set spec.owner to a group.',
        }),
        rule('has-budget', 'silver', 'unknown', {
          facts: [{ fact: 'cost.monthlyBudget', problem: 'missing' }],
        }),
      ],
      [
        {
          name: 'cost.monthlyBudget',
          source: 'cost',
          reason: 'is collected once the entity is in the catalog',
        },
      ],
    );
    const { ctx, logs } = context();

    await expect(action.handler(ctx as any)).rejects.toThrow(
      /1 rule\(s\) fail:\n- Platform contract › has-owner "Rule has-owner" \[ground\]: Set spec.owner to a group./,
    );
    expect(ctx.output).toHaveBeenCalledWith('passed', false);
    expect(logs()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ground rules not met \(1 failing\)$/),
        '  FAIL [ground] has-owner "Rule has-owner": Set spec.owner to a group.',
        '  UNKNOWN has-budget "Rule has-budget": cost.monthlyBudget is collected once the entity is in the catalog (cost)',
      ]),
    );
  });

  it('respects a failOn level, in the contract level order', async () => {
    failing([
      rule('has-owner', 'ground', 'pass'),
      rule('has-runbook', 'silver', 'fail', {
        howToFix: 'Add docs/runbook.md.',
      }),
    ]);

    const bronze = context({ failOn: 'bronze' }).ctx;
    await action.handler(bronze as any);
    expect(bronze.output).toHaveBeenCalledWith('passed', true);

    await expect(
      action.handler(context({ failOn: 'silver' }).ctx as any),
    ).rejects.toThrow(/has-runbook .*Add docs\/runbook.md./);
    expect(fake.requests.map(r => `${r.method} ${r.url}`)).toContain(
      'GET /api/platform-contract/contracts',
    );

    await expect(
      action.handler(context({ failOn: 'platinum' }).ctx as any),
    ).rejects.toThrow(
      "failOn 'platinum' is not a level of any platform contract. Use 'ground', 'never' or one of: bronze, silver, gold.",
    );
  });

  it('only reports with failOn never', async () => {
    failing([rule('has-owner', 'ground', 'fail')]);
    const { ctx } = context({ failOn: 'never' });
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('passed', true);
  });

  it('checks for real in a dry run, calling no write endpoint', async () => {
    const { ctx } = context();
    await action.handler({ ...ctx, isDryRun: true } as any);

    expect(fake.requests.map(r => `${r.method} ${r.url}`)).toEqual([
      'POST /api/platform-contract/check',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('passed', true);
    expect(Object.keys(mockDir.content()!)).toEqual(['workspace']);
  });

  it('refuses paths outside the workspace and sends nothing', async () => {
    mockDir.addContent({ 'catalog-info.yaml': CATALOG });
    await expect(
      action.handler(context({ path: '../catalog-info.yaml' }).ctx as any),
    ).rejects.toThrow(/outside/);
    expect(fake.requests).toEqual([]);
  });

  it('says which plugin answered what, and what to check', async () => {
    fake.check = {
      status: 503,
      body: {
        error: {
          name: 'ServiceUnavailableError',
          message: 'contracts not loaded',
        },
        request: { method: 'POST', url: '/api/platform-contract/check' },
        response: { statusCode: 503 },
      },
    };
    await expect(action.handler(context().ctx as any)).rejects.toThrow(
      "The platform-contract plugin answered POST /api/platform-contract/check with 503 Service Unavailable: contracts not loaded. Check the platform-contract plugin's logs.",
    );

    const unreachable = createContractCheckAction({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => 'http://localhost:1/api/platform-contract',
      }),
      auth: mockServices.auth(),
    });
    await expect(unreachable.handler(context().ctx as any)).rejects.toThrow(
      /Could not reach the platform-contract plugin .*Check that the platform-contract backend plugin is installed/,
    );
  });
});

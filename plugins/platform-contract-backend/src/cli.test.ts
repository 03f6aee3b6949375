/*
 * The `groundwork` command line (packages/cli) against this backend: its
 * online check and facts push, run as the binary a CI step runs. The test
 * lives here, where the backend and its test services are.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EntityResultsResponse } from '@groundwork/plugin-platform-contract-common';
import { promises as fs } from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { runGroundwork } from '@groundwork/test-utils';
import { platformContractPlugin } from './plugin';
import { TEST_CONTRACT_YAML, testEntities } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

/** Every Component: a README, and the owner group from the catalog. */
const REPO_CONTRACT_YAML = `
apiVersion: groundwork.dev/v1alpha1
kind: PlatformContract
metadata: { name: repo-basics, title: Repository basics }
spec:
  owner: group:default/platform-team
  version: 1.0.0
  appliesTo: { kind: Component }
  levels: [{ name: bronze }]
  maxWaiverDays: 30
  rules:
    - id: readme
      title: README
      howToFix: Add a README.md.
      category: documentation
      severity: medium
      level: ground
      condition: { fact: repo.readme, equal: true }
    - id: lifecycle
      title: In production
      howToFix: Set spec.lifecycle to production.
      category: delivery
      severity: low
      level: bronze
      condition: { fact: catalog.lifecycle, equal: production }
`;

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: new-service
  annotations:
    pagerduty.com/service-id: P9
spec:
  type: service
  lifecycle: experimental
  owner: tarakansre
`;

describe('groundwork (packages/cli) against the backend', () => {
  let dir: string;
  let url: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const userToken = { GROUNDWORK_TOKEN: mockCredentials.user.token() };

  beforeAll(async () => {
    dir = await fs.mkdtemp(join(os.tmpdir(), 'pc-cli-'));
    await fs.writeFile(join(dir, 'services.yaml'), TEST_CONTRACT_YAML);
    await fs.writeFile(join(dir, 'repo.yaml'), REPO_CONTRACT_YAML);
    await fs.mkdir(join(dir, 'repo'));
    await fs.writeFile(join(dir, 'repo', 'catalog-info.yaml'), CATALOG_INFO);
    await fs.writeFile(join(dir, 'repo', 'README.md'), '# New service');
    ({ server } = await startTestBackend({
      features: [
        platformContractPlugin,
        catalogServiceMock.factory({ entities: testEntities }),
        mockServices.rootConfig.factory({
          data: {
            platformContract: {
              contracts: [join(dir, 'services.yaml'), join(dir, 'repo.yaml')],
              catalogChanges: { reevaluate: false },
              repositoryFiles: {
                facts: [{ name: 'repo.readme', paths: ['README.md'] }],
              },
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
      ],
    }));
    url = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  const check = (args: string[], env: NodeJS.ProcessEnv = userToken) =>
    runGroundwork(
      ['check', join(dir, 'repo'), '--backstage-url', url, ...args],
      env,
    );

  it("prints the organisation's result: its contracts, with catalog look-ups known", async () => {
    const { code, stdout, stderr } = await check([]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'component:default/new-service (catalog-info.yaml, online check)',
    );
    // The owner's group is looked up in the catalog: known online.
    expect(stdout).toContain(
      'Test services: score 75, level bronze, ground rules met',
    );
    expect(stdout).toContain('FAIL [bronze] lifecycle "In production"');
    expect(stdout).toContain('Passed (fail on: ground).');

    const bronze = await check(['--fail-on', 'bronze', '--format', 'json']);
    expect(bronze.code).toBe(1);
    expect(JSON.parse(bronze.stdout)).toMatchObject({
      mode: 'online',
      passed: false,
      blocking: [{ ruleId: 'lifecycle', howToFix: expect.any(String) }],
    });
  });

  it('fails a ground rule with its fix: exit 1', async () => {
    await fs.rm(join(dir, 'repo', 'README.md'));
    try {
      const { code, stdout } = await check([]);
      expect(code).toBe(1);
      expect(stdout).toContain(
        'FAIL [ground] readme "README": Add a README.md.',
      );
    } finally {
      await fs.writeFile(join(dir, 'repo', 'README.md'), '# New service');
    }
  });

  it('needs a token: exit 2, saying how to get one', async () => {
    const { code, stderr } = await check([], {});
    expect(code).toBe(2);
    expect(stderr).toContain('no token for Backstage: set GROUNDWORK_TOKEN');
  });

  it('says the token was refused (401): exit 2', async () => {
    const { code, stderr } = await check([], {
      GROUNDWORK_TOKEN: mockCredentials.user.invalidToken(),
    });
    expect(code).toBe(2);
    expect(stderr).toContain('answered 401');
    expect(stderr).toContain('The token was refused: set GROUNDWORK_TOKEN');
  });

  it('says what to check for a wrong URL: exit 2', async () => {
    const unreachable = await runGroundwork(
      ['check', join(dir, 'repo'), '--backstage-url', 'http://127.0.0.1:9'],
      userToken,
    );
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('cannot reach http://127.0.0.1:9/');
    expect(unreachable.stderr).toContain('Check --backstage-url');
    const notBackstage = await runGroundwork(
      ['check', join(dir, 'repo'), '--backstage-url', `${url}/nope`],
      userToken,
    );
    expect(notBackstage.code).toBe(2);
    expect(notBackstage.stderr).toContain('answered 404');
    expect(notBackstage.stderr).toContain(
      'Check --backstage-url and that the platform-contract backend plugin is installed',
    );
  });

  it('pushes facts with a service token, and only with one', async () => {
    const facts = join(dir, 'facts.yaml');
    await fs.writeFile(
      facts,
      'facts:\n  - entityRef: component:default/BrightPathMatrix\n    name: security.scanPassed\n    value: true\n',
    );
    const push = (env: NodeJS.ProcessEnv) =>
      runGroundwork(['facts', 'push', facts, '--backstage-url', url], env);

    const asUser = await push(userToken);
    expect(asUser.code).toBe(2);
    expect(asUser.stderr).toContain('answered 403');

    const asService = await push({
      GROUNDWORK_TOKEN: mockCredentials.service.token(),
    });
    expect(asService.stderr).toBe('');
    expect(asService.code).toBe(0);
    expect(asService.stdout).toBe('Pushed 1 fact(s) for 1 entity(ies).\n');

    // The next evaluation uses the pushed fact.
    const auth = { Authorization: mockCredentials.user.header() };
    await request(server).post('/api/platform-contract/evaluate').set(auth);
    const results = (
      await request(server)
        .get(
          '/api/platform-contract/entities/component/default/brightpathmatrix/results',
        )
        .set(auth)
    ).body as EntityResultsResponse;
    const scan = results.items
      .find(i => i.contract === 'test-services')!
      .rules.find(r => r.ruleId === 'security-scan')!;
    expect(scan.status).toBe('pass');
    expect(scan.facts[0].source).toMatch(/^push:/);
  });
});

/*
 * Attacks on the cost backend (issue 14), each against the real wiring: the
 * catalog backend reading a trusted org file and locations a user registers
 * through its API, the permission backend with Groundwork's reference policy,
 * the cost backend ingesting the FOCUS sample, and the OpenCost emulator.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { notificationService } from '@backstage/plugin-notifications-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { OpenCostEmulator, startEmulator } from '@groundwork/opencost-emulator';
import groundworkPolicy from '@groundwork/plugin-permission-backend-module-groundwork-policy';
import {
  authWithActors,
  createStoreTestDatabases,
  userInfoWithGroups,
  waitFor,
} from '@groundwork/test-utils';
import { promises as fs, readFileSync } from 'fs';
import { Knex } from 'knex';
import os from 'os';
import { join } from 'path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { FOCUS_SAMPLE, parseCsv } from './__fixtures__/csv';
import { catalogModuleCostPermissionRules } from './permissions/catalogModuleCostPermissionRules';
import { costPlugin } from './plugin';

/** The platform team's org file: the only location the test configures. */
const ORG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: acme }
spec: { type: organisation, children: [PeoriaData, LipaData, platform-team] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: PeoriaData }
spec: { type: team, parent: acme, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: LipaData }
spec: { type: team, parent: acme, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform-team }
spec: { type: team, parent: acme, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: BrightPathMatrix
  annotations:
    groundwork.dev/cost-tags: application=BrightPathMatrix
    groundwork.dev/kubernetes-namespace: brightpath
spec: { type: service, lifecycle: production, owner: group:default/PeoriaData }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: PrimeManagerDrive }
spec: { type: service, lifecycle: production, owner: group:default/LipaData }
`;

/**
 * What Mallory (LipaData) registers: a component claiming PeoriaData's
 * billing tag and namespace, and a group with herself as member and
 * PeoriaData as child. Once from her own repository (untrusted), once from a
 * repository of the organisation the adopter trusts for components.
 */
const attack = (suffix: string) => `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: mallory-${suffix}
  annotations:
    groundwork.dev/cost-tags: application=BrightPathMatrix
    groundwork.dev/kubernetes-namespace: brightpath
spec: { type: service, lifecycle: production, owner: group:default/LipaData }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: mallory-hq-${suffix} }
spec: { type: team, members: [mallory], children: [PeoriaData] }
`;
const UNTRUSTED = 'https://git.example.com/mallory/shadow/catalog-info.yaml';
const TRUSTED = 'https://git.example.com/acme/billing/catalog-info.yaml';
const REPOSITORIES: Record<string, string> = {
  [UNTRUSTED]: attack('shadow'),
  [TRUSTED]: attack('billing'),
};

/** One row of the sample, billed to PrimeManagerDrive, whose service name is a spreadsheet formula. */
function craftedExport() {
  const [row] = parseCsv(FOCUS_SAMPLE).filter(r =>
    /"Application":\s*"PrimeManagerDrive"/i.test(r.Tags ?? ''),
  );
  const crafted = {
    ...row,
    ServiceName: '=HYPERLINK("http://evil.example")',
    EffectiveCost: '7.5',
  };
  const quote = (v: string | null) => `"${(v ?? '').replace(/"/g, '""')}"`;
  return `${Object.keys(crafted).map(quote).join(',')}\n${Object.values(crafted)
    .map(quote)
    .join(',')}\n`;
}

/**
 * Ownership claims as sign-in resolves them. Mallory's include the groups she
 * registered: the worst case, a sign-in resolver that trusts the catalog.
 */
const MEMBERS: Record<string, string[]> = {
  'user:default/alice': ['group:default/peoriadata'],
  'user:default/mallory': [
    'group:default/lipadata',
    'group:default/mallory-hq-shadow',
    'group:default/mallory-hq-billing',
  ],
  'user:default/priya': ['group:default/platform-team'],
  'user:default/lea': ['group:default/leadership'],
};
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${user}`),
});

const databases = createStoreTestDatabases();
const range = { from: '2024-08-01', to: '2024-10-31' };
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** BrightPathMatrix's billing, read from the sample independently of the plugin. */
const brightPathCost = sum(
  parseCsv(FOCUS_SAMPLE)
    .filter(r => /"Application":\s*"BrightPathMatrix"/i.test(r.Tags ?? ''))
    .map(r => Number(r.EffectiveCost)),
);

// A catalog, the permission backend and the cost backend start slowly on a busy machine.
jest.setTimeout(240_000);

describe.each(databases.eachSupportedId())('cost security on %s', id => {
  let server: Parameters<typeof request>[0];
  let emulator: OpenCostEmulator;
  let costDatabase: Knex;
  let dir: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    dir = await fs.mkdtemp(join(os.tmpdir(), 'cost-security-'));
    await fs.writeFile(join(dir, 'org.yaml'), ORG);
    await fs.writeFile(join(dir, 'crafted.csv'), craftedExport());
    ({ server } = await startTestBackend({
      features: [
        costPlugin,
        catalogPlugin,
        catalogModuleCostPermissionRules,
        permissionPlugin,
        groundworkPolicy,
        permissionsServiceFactory,
        authWithActors,
        httpAuthServiceFactory,
        // Each plugin its own database, as in production.
        createServiceFactory({
          service: coreServices.database,
          deps: { plugin: coreServices.pluginMetadata },
          async factory({ plugin }) {
            const knex = await databases.init(id);
            if (plugin.getId() === 'cost') costDatabase = knex;
            return { getClient: async () => knex };
          },
        }),
        userInfoWithGroups(MEMBERS),
        // The repositories users register from.
        mockServices.urlReader.mock({
          search: async (url: string) => {
            const content = REPOSITORIES[url];
            if (!content) throw new Error(`no such file ${url}`);
            return {
              etag: 'v1',
              files: [{ url, content: async () => Buffer.from(content) }],
            };
          },
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              stitchingStrategy: { pollingInterval: { milliseconds: 100 } },
              locations: [{ type: 'file', target: join(dir, 'org.yaml') }],
              // Everything may come from anywhere: the cost backend must hold on its own.
              rules: [{ allow: ['Component', 'Group', 'User', 'Location'] }],
            },
            permission: { enabled: true },
            cost: {
              sources: [
                { name: 'sample', path: FOCUS_SAMPLE },
                { name: 'crafted', path: join(dir, 'crafted.csv') },
              ],
              attribution: {
                tagRules: [{ tag: 'application', kind: 'component' }],
                // Components from the organisation's repositories count.
                trustedLocations: ['url:https://git.example.com/acme/*'],
              },
              opencost: { baseUrl: emulator.url, cacheTtlSeconds: 0 },
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

    // Mallory registers her locations, as any user may.
    for (const target of [UNTRUSTED, TRUSTED]) {
      const res = await request(server)
        .post('/api/catalog/locations')
        .set(as('mallory'))
        .send({ type: 'url', target });
      // Set-up, not an assertion: a failed registration fails every test.
      if (res.status !== 201) {
        throw new Error(`registering ${target} answered ${res.status}`);
      }
    }
    await waitFor(
      'the catalog stitched the attack',
      async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/group/default/peoriadata')
          .set(as('priya'));
        const parents = (res.body.relations ?? []).filter(
          (r: any) => r.type === 'childOf',
        );
        return parents.length === 3; // acme and both of Mallory's groups
      },
      1800,
    );
    await waitFor(
      'the catalog served the components',
      async () => {
        const res = await request(server)
          .get('/api/catalog/entities')
          .query({ filter: 'kind=component' })
          .set(as('priya'));
        return (
          res.body.length === 4 &&
          res.body.every((e: any) =>
            e.relations?.some((r: any) => r.type === 'ownedBy'),
          )
        );
      },
      1800,
    );
    const ingest = await request(server)
      .post('/api/cost/ingest')
      .set(as('priya'));
    const statuses = ingest.body.items?.map((s: any) => s.status);
    if (ingest.status !== 202 || statuses.join() !== 'succeeded,succeeded') {
      throw new Error(
        `the set-up ingest answered ${ingest.status}: ${JSON.stringify(
          ingest.body,
        )}`,
      );
    }
  });

  afterAll(async () => {
    await emulator?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const totalOf = async (user: string, entityRef: string) => {
    const res = await request(server)
      .get('/api/cost/series')
      .set(as(user))
      .query({ entityRef, ...range });
    expect(res.status).toBe(200);
    return sum(res.body.points.map((p: { total: number }) => p.total));
  };

  it('a component claiming another team’s billing tag gets none of its cost or resources', async () => {
    expect(brightPathCost).toBeGreaterThan(0);
    expect(
      await totalOf('alice', 'component:default/brightpathmatrix'),
    ).toBeCloseTo(brightPathCost, 6);
    for (const name of ['mallory-shadow', 'mallory-billing']) {
      const entityRef = `component:default/${name}`;
      expect(await totalOf('mallory', entityRef)).toBe(0);
      const resources = await request(server)
        .get('/api/cost/resources')
        .set(as('mallory'))
        .query({ entityRef, ...range });
      expect(resources.status).toBe(200);
      expect(resources.body.items).toEqual([]);
    }
    const victims = await request(server)
      .get('/api/cost/resources')
      .set(as('alice'))
      .query({ entityRef: 'component:default/brightpathmatrix', ...range });
    expect(victims.body.items.length).toBeGreaterThan(0);
  });

  it('a component claiming another team’s Kubernetes namespace measures nothing', async () => {
    for (const name of ['mallory-shadow', 'mallory-billing']) {
      const res = await request(server)
        .get('/api/cost/efficiency')
        .set(as('mallory'))
        .query({ entityRef: `component:default/${name}` });
      expect(res.status).toBe(404);
    }
  });

  it('a group listing another team as its child gets none of its cost', async () => {
    for (const name of ['mallory-hq-shadow', 'mallory-hq-billing']) {
      const entityRef = `group:default/${name}`;
      expect(await totalOf('mallory', entityRef)).toBe(0);
      const efficiency = await request(server)
        .get('/api/cost/efficiency')
        .set(as('mallory'))
        .query({ entityRef });
      expect(efficiency.status).toBe(404);
    }
    // The trusted hierarchy still rolls up.
    expect(await totalOf('alice', 'group:default/peoriadata')).toBeCloseTo(
      brightPathCost,
      6,
    );
    expect(await totalOf('lea', 'group:default/acme')).toBeGreaterThan(
      brightPathCost,
    );
    const peoria = await request(server)
      .get('/api/cost/series')
      .set(as('mallory'))
      .query({ entityRef: 'group:default/peoriadata', ...range });
    expect(peoria.status).toBe(403);
  });

  it('reports conflicts and ignored claims to cost administrators, and only to them', async () => {
    const refused = await request(server)
      .get('/api/cost/attribution/audit')
      .set(as('mallory'));
    expect(refused.status).toBe(403);
    const res = await request(server)
      .get('/api/cost/attribution/audit')
      .set(as('priya'));
    expect(res.status).toBe(200);
    const both = [
      'component:default/brightpathmatrix',
      'component:default/mallory-billing',
    ];
    expect(res.body.conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: 'groundwork.dev/cost-tags',
          claim: 'application=brightpathmatrix',
          entityRefs: both,
        }),
        expect.objectContaining({
          source: 'groundwork.dev/kubernetes-namespace',
          claim: 'brightpath',
          entityRefs: both,
        }),
      ]),
    );
    expect(res.body.ignoredClaims).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/mallory-shadow',
        origin: `url:${UNTRUSTED}`,
      }),
    ]);
  });

  it('neutralises spreadsheet formulas in export.csv', async () => {
    const res = await request(server)
      .get('/api/cost/export.csv')
      .set(as('mallory'))
      .query({ entityRef: 'component:default/primemanagerdrive', ...range });
    expect(res.status).toBe(200);
    // Text cells (entity, service, currency); costs are numbers and may be negative.
    const textCells = res.text
      .trim()
      .split('\n')
      .flatMap(line => {
        const cells = line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
        return [cells[0], cells[2], cells[3]];
      });
    expect(textCells).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(textCells.filter(c => /^"?[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  it('bounds free-text input', async () => {
    const long = 'x'.repeat(2000);
    const series = await request(server)
      .get('/api/cost/series')
      .set(as('priya'))
      .query({ entityRef: `component:default/${long}`, ...range });
    expect(series.status).toBe(400);
    expect(series.body.error.message).toMatch(/entityRef: .*at most/);
    const budget = await request(server)
      .put(`/api/cost/budgets/component/default/${long}`)
      .set(as('priya'))
      .send({ amount: 10, currency: 'USD' });
    expect(budget.status).toBe(400);
    expect(budget.body.error.message).toMatch(/name: .*at most/);
    // Bodies up to 5 MB are parsed (and validated), as in the other plugins.
    const putBudget = (bytes: number) =>
      request(server)
        .put('/api/cost/budgets/component/default/brightpathmatrix')
        .set(as('priya'))
        .send({ amount: 10, currency: 'USD', padding: 'x'.repeat(bytes) });
    expect((await putBudget(1024 * 1024)).status).toBe(400);
    const tooLarge = await putBudget(6 * 1024 * 1024);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.message).toBe(
      'The request body is larger than 5 MB; cost requests are small: check what is sent',
    );
  });

  // Last: it breaks the cost database.
  it('never shows database errors to clients', async () => {
    await costDatabase.schema.dropTable('cost_budgets');
    const res = await request(server).get('/api/cost/budgets').set(as('priya'));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toMatch(
      /cost_budgets|select|sqlite|relation/i,
    );
    expect(res.body.error.message).toMatch(/logged/);
  });
});

describe("the demo's catalog rules", () => {
  it('take Groups and Users from the demo org file only', async () => {
    const appConfig = parseYaml(
      readFileSync(join(__dirname, '../../../app-config.yaml'), 'utf8'),
    );
    const dir = await fs.mkdtemp(join(os.tmpdir(), 'cost-rules-'));
    const orgFile = join(dir, 'demo/catalog/org.yaml');
    await fs.mkdir(join(dir, 'demo/catalog'), { recursive: true });
    await fs.writeFile(orgFile, ORG);
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        mockServices.urlReader.mock({
          search: async (url: string) => ({
            etag: 'v1',
            files: [{ url, content: async () => Buffer.from(attack('x')) }],
          }),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              // The demo's org location with its own rules, read from a copy.
              locations: appConfig.catalog.locations
                .filter((l: { target: string }) =>
                  l.target.endsWith('/demo/catalog/org.yaml'),
                )
                .map((l: object) => ({ ...l, target: orgFile })),
              rules: appConfig.catalog.rules,
            },
          },
        }),
      ],
    });
    try {
      const registered = await request(server)
        .post('/api/catalog/locations')
        .query({ dryRun: true })
        .send({ type: 'url', target: UNTRUSTED });
      expect(registered.status).toBe(400);
      expect(registered.body.error.message).toMatch(
        /group:default\/mallory-hq-x .* is not of an allowed kind/,
      );
      await waitFor('the org file was read', async () => {
        const res = await request(server).get(
          '/api/catalog/entities/by-name/group/default/peoriadata',
        );
        return res.status === 200;
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

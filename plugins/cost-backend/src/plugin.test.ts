import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readFileSync } from 'fs';
import request from 'supertest';
import { Readable } from 'stream';
import { gzipSync } from 'zlib';
import {
  demoEntities,
  entity,
  TEST_CATALOG_ORIGIN,
} from './__fixtures__/catalog';
import { DEMO_EXPORT, FOCUS_SAMPLE, parseCsv } from './__fixtures__/csv';
import { costPlugin } from './plugin';
import { sampleCostConfig } from './__fixtures__/sampleConfig';

jest.setTimeout(60_000);

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Independent attribution of the sample: application → component, else business_unit → group. */
function expectedAttribution() {
  const components = new Set(
    demoEntities
      .filter(e => e.kind === 'Component')
      .map(e => e.metadata.name.toLowerCase()),
  );
  const groups = new Set(
    demoEntities
      .filter(e => e.kind === 'Group')
      .map(e => e.metadata.name.toLowerCase()),
  );
  return parseCsv(FOCUS_SAMPLE).map(row => {
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(
      row.Tags ? JSON.parse(row.Tags) : {},
    )) {
      tags[key.trim().toLowerCase()] = String(value).toLowerCase();
    }
    let ref: string | null = null;
    if (tags.application && components.has(tags.application))
      ref = `component:default/${tags.application}`;
    else if (tags.business_unit && groups.has(tags.business_unit))
      ref = `group:default/${tags.business_unit}`;
    return {
      ref,
      cost: Number(row.EffectiveCost),
      day: row.ChargePeriodStart!.slice(0, 10),
    };
  });
}

describe('cost backend plugin', () => {
  const dir = createMockDirectory();
  const notifications = { send: jest.fn() };
  const sample = readFileSync(FOCUS_SAMPLE, 'utf8');

  async function start(
    options: {
      permissions?: ReturnType<typeof mockServices.permissions.mock>;
    } = {},
  ) {
    dir.setContent({ 'focus.csv': sample });
    return startTestBackend({
      features: [
        costPlugin,
        mockServices.rootConfig.factory({
          data: sampleCostConfig(dir.resolve('focus.csv')),
        }),
        catalogServiceMock.factory({ entities: demoEntities }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => notifications,
        }),
        ...(options.permissions ? [options.permissions.factory] : []),
      ],
    });
  }

  const september = { from: '2024-09-01', to: '2024-09-30' };
  const totalOf = async (server: any, entityRef: string) => {
    const response = await request(server)
      .get('/api/cost/series')
      .query({ entityRef, ...september });
    expect(response.status).toBe(200);
    return sum(response.body.points.map((p: { total: number }) => p.total));
  };

  it('serves an unauthenticated health check', async () => {
    const { server } = await start();
    const response = await request(server).get('/api/cost/health');
    expect(response.status).toBe(200);
  });

  it('tells pages which tags attribute billing to which kind', async () => {
    const { server } = await start();
    const response = await request(server).get('/api/cost/attribution/rules');
    expect(response.body).toEqual({
      tagRules: [
        { tag: 'application', kind: 'component' },
        { tag: 'business_unit', kind: 'group' },
      ],
    });
  });

  it('rejects unauthenticated calls to its API', async () => {
    const { server } = await startTestBackend({
      features: [
        costPlugin,
        catalogServiceMock.factory(),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => notifications,
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    const response = await request(server).get('/api/cost/overview');
    expect(response.status).toBe(401);
  });

  it('ingests the sample and attributes it up the catalog, idempotently', async () => {
    const { server } = await start();
    const expected = expectedAttribution();
    for (let i = 0; i < 2; i++) {
      const ingest = await request(server).post('/api/cost/ingest');
      expect(ingest.status).toBe(202);
      expect(ingest.body.items).toEqual([
        expect.objectContaining({
          source: 'sample',
          status: 'succeeded',
          rowsRead: expected.length,
        }),
      ]);
    }
    const costOf = (refs: string[]) =>
      sum(expected.filter(r => r.ref && refs.includes(r.ref)).map(r => r.cost));
    expect(
      await totalOf(server, 'component:default/BrightPathMatrix'),
    ).toBeCloseTo(costOf(['component:default/brightpathmatrix']), 9);
    // system and domain get their components' cost
    expect(await totalOf(server, 'system:default/brightpath')).toBeCloseTo(
      costOf(['component:default/brightpathmatrix']),
      9,
    );
    expect(await totalOf(server, 'domain:default/commerce')).toBeCloseTo(
      costOf(['component:default/brightpathmatrix']),
      9,
    );
    // groups get what they own plus their own tag, parents get their children
    const peoria = [
      'group:default/peoriadata',
      'component:default/brightpathmatrix',
      'component:default/brightlensmatrix',
    ];
    expect(await totalOf(server, 'group:default/PeoriaData')).toBeCloseTo(
      costOf(peoria),
      9,
    );
    const product = [
      ...peoria,
      'group:default/lipadata',
      'component:default/primemanagerdrive',
      'group:default/lexingtonfinance',
      'component:default/syncbuilderinsight',
    ];
    // the sample has rows for the other teams too (with little effective cost)
    expect(
      expected.filter(r => r.ref === 'component:default/primemanagerdrive')
        .length,
    ).toBeGreaterThan(0);
    expect(await totalOf(server, 'group:default/product')).toBeCloseTo(
      costOf(product),
      9,
    );

    const unattributed = await request(server)
      .get('/api/cost/unattributed')
      .query(september);
    expect(unattributed.status).toBe(200);
    expect(unattributed.body.total).toBeCloseTo(
      sum(expected.filter(r => !r.ref).map(r => r.cost)),
      9,
    );
    expect(unattributed.body.topAccounts.length).toBeGreaterThan(0);
    expect(unattributed.body.topTags.length).toBeGreaterThan(0);

    const breakdown = await request(server)
      .get('/api/cost/breakdown')
      .query({
        entityRef: 'group:default/peoriadata',
        ...september,
        by: 'serviceCategory',
      });
    expect(
      sum(breakdown.body.items.map((i: { cost: number }) => i.cost)),
    ).toBeCloseTo(costOf(peoria), 9);

    const resources = await request(server)
      .get('/api/cost/resources')
      .query({
        entityRef: 'component:default/brightpathmatrix',
        ...september,
        limit: 3,
      });
    expect(resources.status).toBe(200);
    const bright = parseCsv(FOCUS_SAMPLE).filter(
      r => r.Tags?.includes('"BrightPathMatrix"') && r.ResourceId,
    );
    const byResource = new Map<string, number>();
    for (const r of bright) {
      byResource.set(
        r.ResourceId!,
        (byResource.get(r.ResourceId!) ?? 0) + Number(r.EffectiveCost),
      );
    }
    const top = Math.max(...byResource.values());
    expect(resources.body.items).toHaveLength(3);
    expect(resources.body.items[0].cost).toBeCloseTo(top, 9);

    const csv = await request(server)
      .get('/api/cost/export.csv')
      .query({ entityRef: 'group:default/peoriadata', ...september });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(
      'entity_ref,day,service_name,currency,effective_cost',
    );
    expect(
      sum(lines.slice(1).map(l => Number(l.split(',').pop()))),
    ).toBeCloseTo(costOf(peoria), 9);
  });

  it('reads sources by URL through the UrlReader', async () => {
    const readUrl = jest.fn().mockResolvedValue({
      buffer: async () => {
        throw new Error('a remote export is never held in memory');
      },
      stream: () => Readable.from([gzipSync(sample)]),
    });
    const { server } = await startTestBackend({
      features: [
        costPlugin,
        mockServices.rootConfig.factory({
          data: {
            cost: {
              sources: [
                {
                  name: 'remote',
                  url: 'https://billing.example.com/exports/focus?month=2024-09',
                },
              ],
              attribution: {
                tagRules: [{ tag: 'business_unit', kind: 'group' }],
                trustedLocations: [TEST_CATALOG_ORIGIN],
                trustedGroupLocations: [TEST_CATALOG_ORIGIN],
              },
            },
          },
        }),
        mockServices.urlReader.mock({ readUrl }).factory,
        catalogServiceMock.factory({ entities: demoEntities }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => notifications,
        }),
      ],
    });
    const ingest = await request(server).post('/api/cost/ingest');
    expect(ingest.body.items).toEqual([
      expect.objectContaining({
        source: 'remote',
        status: 'succeeded',
        rowsRead: parseCsv(FOCUS_SAMPLE).length,
      }),
    ]);
    expect(readUrl).toHaveBeenCalledWith(
      'https://billing.example.com/exports/focus?month=2024-09',
      expect.anything(),
    );
  });

  it('attributes the demo export with the demo configuration', async () => {
    const { server } = await startTestBackend({
      features: [
        costPlugin,
        mockServices.rootConfig.factory({
          data: {
            cost: {
              sources: [{ name: 'demo', path: DEMO_EXPORT }],
              currency: { reporting: 'USD', rates: { EUR: 1.08 } },
              attribution: {
                tagRules: [
                  { tag: 'application', kind: 'component' },
                  { tag: 'business_unit', kind: 'group' },
                  { tag: 'org', kind: 'group' },
                ],
                accounts: [
                  {
                    accountId: '410000000003',
                    entityRef: 'group:default/platform-team',
                  },
                ],
                trustedLocations: [TEST_CATALOG_ORIGIN],
                trustedGroupLocations: [TEST_CATALOG_ORIGIN],
              },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            ...demoEntities,
            entity('Group', 'platform-team'),
            entity(
              'Component',
              'churn-predictor',
              { ownedBy: ['group:default/ViennaAI'] },
              {
                'groundwork.dev/cost-tags': 'project=churn',
              },
            ),
          ],
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => notifications,
        }),
      ],
    });
    const ingest = await request(server).post('/api/cost/ingest');
    expect(ingest.body.items[0]).toMatchObject({ status: 'succeeded' });
    const october = { from: '2026-10-01', to: '2026-10-31' };
    const cost = async (entityRef: string) =>
      sum(
        (
          await request(server)
            .get('/api/cost/series')
            .query({ entityRef, ...october })
        ).body.points.map((p: { total: number }) => p.total),
      );
    for (const ref of [
      'component:default/zoommapmax',
      'component:default/churn-predictor',
      'group:default/platform-team',
      'group:default/lexingtonfinance',
    ]) {
      expect(await cost(ref)).toBeGreaterThan(0);
    }
    const unattributed = await request(server)
      .get('/api/cost/unattributed')
      .query(october);
    expect(
      unattributed.body.topTags.map((t: { label: string }) => t.label),
    ).toContain('application=LegacyReportingJob');
    // ViennaAI's Azure subscription is billed in EUR: converted at 1.08.
    const vienna = 'group:default/viennaai';
    const native = async (currency: string) =>
      sum(
        (
          await request(server)
            .get('/api/cost/series')
            .query({ entityRef: vienna, ...october, currency })
        ).body.points.map((p: { total: number }) => p.total),
      );
    const eur = await native('EUR');
    const usd = await native('USD');
    expect(eur).toBeGreaterThan(500);
    expect(usd).toBeGreaterThan(500);
    const converted = await request(server)
      .get('/api/cost/series')
      .query({ entityRef: vienna, ...october, granularity: 'month' });
    expect(converted.body).toMatchObject({
      currency: 'USD',
      conversionRates: { USD: 1, EUR: 1.08 },
      excludedCurrencies: [],
    });
    expect(converted.body.points[0].total).toBeCloseTo(usd + eur * 1.08, 6);
  });

  it('reports a bad file and keeps the earlier data', async () => {
    const { server } = await start();
    await request(server).post('/api/cost/ingest');
    const before = await totalOf(server, 'group:default/peoriadata');
    dir.setContent({ 'focus.csv': sample.replace('0.00000080000', 'lots') });
    await request(server).post('/api/cost/ingest');
    const status = await request(server).get('/api/cost/ingest/status');
    expect(status.body.items).toEqual([
      expect.objectContaining({
        source: 'sample',
        status: 'failed',
        errors: [
          expect.stringMatching(
            /focus\.csv\): row 1, column BilledCost: "lots" is not a number/,
          ),
        ],
      }),
    ]);
    expect(await totalOf(server, 'group:default/peoriadata')).toBe(before);
  });

  it('validates input with clear messages', async () => {
    const { server } = await start();
    const badDate = await request(server)
      .get('/api/cost/series')
      .query({ entityRef: 'group:default/a', from: 'soon', to: '2024-09-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.message).toMatch(
      /from: must be a date like 2026-11-24/,
    );
    const badRef = await request(server)
      .get('/api/cost/summary')
      .query({ entityRef: 'nope' });
    expect(badRef.status).toBe(400);
    const badBudget = await request(server)
      .put('/api/cost/budgets/group/default/a')
      .send({ amount: -5, currency: 'USD' });
    expect(badBudget.status).toBe(400);
    expect(badBudget.body.error.message).toMatch(/amount/);
    const range = { entityRef: 'group:default/a', ...september };
    const badCurrency = await request(server)
      .get('/api/cost/series')
      .query({ ...range, currency: 'euro' });
    expect(badCurrency.status).toBe(400);
    expect(badCurrency.body.error.message).toBe(
      'currency: must be a three letter currency code',
    );
    const badGranularity = await request(server)
      .get('/api/cost/series')
      .query({ ...range, granularity: 'week' });
    expect(badGranularity.status).toBe(400);
    expect(badGranularity.body.error.message).toMatch(
      /^granularity: Invalid enum value. Expected 'day' \| 'month'/,
    );
    const native = await request(server)
      .get('/api/cost/series')
      .query({ ...range, currency: 'eur', granularity: 'month' });
    expect(native.status).toBe(200);
    expect(native.body).toMatchObject({
      currency: 'EUR',
      conversionRates: { EUR: 1 },
      excludedCurrencies: [],
      points: [{ period: '2024-09', values: {}, total: 0 }],
    });
  });

  it('refuses to start with invalid currency rates, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          costPlugin,
          mockServices.rootConfig.factory({
            data: { cost: { currency: { rates: { EUR: 'about 1.1' } } } },
          }),
          catalogServiceMock.factory(),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => notifications,
          }),
        ],
      }),
    ).rejects.toThrow(
      /Invalid cost.currency.rates.EUR: "about 1.1" is not a positive number. Give the value of 1 EUR in USD/,
    );
  });

  it('creates, reads, lists and deletes budgets', async () => {
    const { server } = await start();
    const put = await request(server)
      .put('/api/cost/budgets/group/default/PeoriaData')
      .send({ amount: 500, currency: 'usd' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      entityRef: 'group:default/peoriadata',
      amount: 500,
      currency: 'USD',
      source: 'api',
      updatedBy: 'user:default/mock',
    });
    expect(
      (await request(server).get('/api/cost/budgets/group/default/peoriadata'))
        .body.amount,
    ).toBe(500);
    expect(
      (await request(server).get('/api/cost/budgets')).body.items,
    ).toHaveLength(1);
    const forecast = await request(server)
      .get('/api/cost/forecast')
      .query({ entityRef: 'group:default/peoriadata' });
    expect(forecast.body.budget.amount).toBe(500);
    expect(
      (
        await request(server).delete(
          '/api/cost/budgets/group/default/peoriadata',
        )
      ).status,
    ).toBe(204);
    const none = await request(server).get(
      '/api/cost/budgets/group/default/peoriadata',
    );
    expect([none.status, none.body]).toEqual([200, null]);
  });

  it('serves batch facts for the platform contract', async () => {
    const { server } = await start();
    await request(server)
      .put('/api/cost/budgets/group/default/peoriadata')
      .send({ amount: 500, currency: 'USD' });
    const facts = await request(server)
      .post('/api/cost/facts')
      .send({
        entityRefs: ['group:default/PeoriaData', 'component:default/none'],
      });
    expect(facts.status).toBe(200);
    expect(facts.body.items).toEqual([
      expect.objectContaining({
        entityRef: 'group:default/peoriadata',
        currency: 'USD',
        monthlyBudget: 500,
        budgetCurrency: 'USD',
        monthToDateVsBudget: expect.any(Number),
        forecastVsBudget: expect.any(Number),
      }),
      expect.objectContaining({
        entityRef: 'component:default/none',
        monthlyBudget: null,
        monthToDateVsBudget: null,
      }),
    ]);
    const bad = await request(server)
      .post('/api/cost/facts')
      .send({ entityRefs: ['not a ref:'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/entityRefs\.0/);
    expect(
      (await request(server).post('/api/cost/facts').send({})).status,
    ).toBe(400);
  });

  it('shows a team only its own costs', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            'resourceRef' in r && r.resourceRef === 'group:default/peoriadata'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
    });
    const { server } = await start({ permissions });
    // ingest is admin only
    expect((await request(server).post('/api/cost/ingest')).status).toBe(403);
    expect(
      (
        await request(server)
          .get('/api/cost/series')
          .query({ entityRef: 'group:default/tempeai', ...september })
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .get('/api/cost/series')
          .query({ entityRef: 'group:default/peoriadata', ...september })
      ).status,
    ).toBe(200);
    expect(
      (
        await request(server)
          .put('/api/cost/budgets/group/default/tempeai')
          .send({ amount: 1, currency: 'USD' })
      ).status,
    ).toBe(403);
    expect(
      (await request(server).get('/api/cost/unattributed').query(september))
        .status,
    ).toBe(403);
    const facts = await request(server)
      .post('/api/cost/facts')
      .send({
        entityRefs: ['group:default/tempeai', 'group:default/peoriadata'],
      });
    expect(facts.status).toBe(200);
    expect(
      facts.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual(['group:default/peoriadata']);
    expect(facts.body.unattributedShare).toBeNull();
    const overview = await request(server).get('/api/cost/overview');
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({ complete: false, total: 0 });
    expect(
      overview.body.teams.every(
        (t: { entityRef: string }) =>
          t.entityRef === 'group:default/peoriadata',
      ),
    ).toBe(true);
  });
});

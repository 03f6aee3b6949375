import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readFileSync } from 'fs';
import request from 'supertest';
import { demoEntities } from '../__fixtures__/catalog';
import { FOCUS_SAMPLE, parseCsv } from '../__fixtures__/csv';
import { sampleCostConfig } from '../__fixtures__/sampleConfig';
import { costPlugin } from '../plugin';

jest.setTimeout(60_000);

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** A FOCUS 1.3 export: a savings plan 25% used in its purchase month. */
const UNDER_USED = [
  'BilledCost,EffectiveCost,ListCost,BillingCurrency,BillingPeriodStart,ChargePeriodStart,ChargeCategory,ServiceCategory,ServiceName,ServiceProviderName,PricingCategory,CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountCategory,CommitmentDiscountType,CommitmentDiscountStatus',
  '400,0,400,USD,2026-03-01,2026-03-01T00:00:00Z,Purchase,Compute,EC2,AWS,Standard,sp-9,Batch SP,Spend,Savings Plan,',
  '0,1,2,USD,2026-03-01,2026-03-01T00:00:00Z,Usage,Compute,EC2,AWS,Committed,sp-9,Batch SP,Spend,Savings Plan,Used',
  '0,3,3,USD,2026-03-01,2026-03-01T01:00:00Z,Usage,Compute,EC2,AWS,Committed,sp-9,Batch SP,Spend,Savings Plan,Unused',
].join('\n');

describe('commitment routes', () => {
  const dir = createMockDirectory();
  const notifications = { send: jest.fn() };

  async function start(
    options: {
      file?: string;
      config?: object;
      permissions?: ReturnType<typeof mockServices.permissions.mock>;
    } = {},
  ) {
    dir.setContent({
      'focus.csv': options.file ?? readFileSync(FOCUS_SAMPLE, 'utf8'),
    });
    const base = sampleCostConfig(dir.resolve('focus.csv'));
    const backend = await startTestBackend({
      features: [
        costPlugin,
        mockServices.rootConfig.factory({
          data: { cost: { ...base.cost, ...options.config } },
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
    const ingest = await request(backend.server).post('/api/cost/ingest');
    expect(ingest.body.items[0]).toMatchObject({ status: 'succeeded' });
    return backend;
  }

  beforeEach(() => notifications.send.mockReset());

  it("reports the FOCUS sample's commitment rows as an independent count does", async () => {
    const { server } = await start();
    const rows = parseCsv(FOCUS_SAMPLE).filter(
      r => r.ChargeCategory === 'Usage',
    );
    const list = (filter: (r: (typeof rows)[number]) => boolean) =>
      sum(rows.filter(filter).map(r => Number(r.ListCost)));
    const committedAws = (r: (typeof rows)[number]) =>
      r.ProviderName === 'AWS' && r.PricingCategory === 'Committed';
    const response = await request(server)
      .get('/api/cost/commitments')
      .query({ from: '2024-09', to: '2024-09' });
    expect(response.status).toBe(200);
    const report = response.body;
    expect(report.hasData).toBe(true);
    // AWS items per service category (the sample has Compute and Other).
    const awsItems = report.coverage.items.filter(
      (i: { provider: string }) => i.provider === 'AWS',
    );
    expect(awsItems.length).toBeGreaterThan(1);
    const aws = {
      covered: sum(awsItems.map((i: { covered: number }) => i.covered)),
      eligible: sum(awsItems.map((i: { eligible: number }) => i.eligible)),
    };
    expect(aws.covered).toBeCloseTo(list(committedAws), 9);
    expect(aws.eligible).toBeCloseTo(
      list(
        r =>
          r.ProviderName === 'AWS' &&
          ['Standard', 'Committed'].includes(r.PricingCategory!),
      ),
      9,
    );
    // The sample's plans amortise nothing into EffectiveCost: all list is saved.
    expect(report.savings.total).toBeCloseTo(
      list(committedAws) -
        sum(rows.filter(committedAws).map(r => Number(r.EffectiveCost))),
      9,
    );
    expect(report.utilisation.commitments).toHaveLength(2);
    expect(report.waste.total).toBe(0);

    // The contract fact: the same coverage, latest month, per entity.
    const facts = await request(server)
      .post('/api/cost/commitments/facts')
      .send({ entityRefs: ['group:default/nobody'] });
    expect(facts.body).toEqual({
      month: '2024-09',
      items: [{ entityRef: 'group:default/nobody', commitmentCoverage: null }],
    });
  });

  it('answers the organisation only to those who see all cost, and checks input', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
    });
    const { server } = await start({ permissions });
    expect((await request(server).get('/api/cost/commitments')).status).toBe(
      403,
    );
    const team = await request(server)
      .get('/api/cost/commitments')
      .query({ entityRef: 'group:default/peoriadata' });
    expect(team.status).toBe(200);
    const bad = await request(server)
      .get('/api/cost/commitments')
      .query({ entityRef: 'group:default/x', from: '2020-01', to: '2024-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'request: the range may span at most 36 months',
    );
  });

  it('projects opex and keeps annual budgets', async () => {
    const { server } = await start({ config: { fiscalYearStartMonth: 4 } });
    const ref = 'group/default/peoriadata';
    const put = await request(server)
      .put(`/api/cost/budgets/${ref}/annual`)
      .send({ amount: 1200, currency: 'USD' });
    expect(put.status).toBe(200);
    expect(
      (await request(server).get(`/api/cost/budgets/${ref}/annual`)).body,
    ).toMatchObject({ amount: 1200, currency: 'USD' });
    // The monthly budget is another one.
    expect((await request(server).get(`/api/cost/budgets/${ref}`)).body).toBe(
      null,
    );
    const projection = await request(server)
      .get('/api/cost/projection')
      .query({ entityRef: 'group:default/peoriadata' });
    expect(projection.status).toBe(200);
    expect(projection.body).toMatchObject({
      lastDataDay: '2024-09-30',
      fiscalYearStartMonth: 4,
      fiscalYear: {
        start: '2024-04-01',
        end: '2025-03-31',
        label: 'FY2025',
        budget: 1200,
        budgetSource: 'annual',
      },
      quarter: { start: '2024-07-01', end: '2024-09-30', label: 'FY2025 Q2' },
    });
    expect(
      (await request(server).delete(`/api/cost/budgets/${ref}/annual`)).status,
    ).toBe(204);
  });

  it('tells the platform team about a commitment used below the threshold, once', async () => {
    const { server } = await start({
      file: UNDER_USED,
      config: {
        commitments: {
          notify: 'group:default/platform',
          utilisationAlertThreshold: 80,
        },
      },
    });
    const platformAlerts = () =>
      notifications.send.mock.calls.filter(
        ([n]) => n.recipients.entityRef === 'group:default/platform',
      );
    expect(platformAlerts()).toEqual([
      [
        expect.objectContaining({
          payload: expect.objectContaining({
            title: 'AWS commitment Batch SP was 25% used in 2026-03',
            description: expect.stringContaining('3.00 USD of it went unused'),
          }),
        }),
      ],
    ]);
    await request(server).post('/api/cost/ingest');
    expect(platformAlerts()).toHaveLength(1);
  });
});

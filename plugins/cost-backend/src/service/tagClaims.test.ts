import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { readFileSync } from 'fs';
import request from 'supertest';
import { demoEntities, entity } from '../__fixtures__/catalog';
import { FOCUS_SAMPLE } from '../__fixtures__/csv';
import { costPlugin } from '../plugin';
import { sampleCostConfig } from '../__fixtures__/sampleConfig';

jest.setTimeout(60_000);

/** Hidden from the calling user: as if a policy restricted catalog reads. */
const SECRET = 'component:default/secret-ledger';

const entities = [
  ...demoEntities,
  entity(
    'Component',
    'payments-api',
    {},
    {
      'groundwork.dev/cost-tags': 'team=Payments, env=prod',
    },
  ),
  entity(
    'Component',
    'secret-ledger',
    {},
    {
      'groundwork.dev/cost-tags': 'team=ledger',
    },
  ),
];

describe('GET /api/cost/attribution/claims', () => {
  const dir = createMockDirectory();
  let server: any;

  beforeAll(async () => {
    dir.setContent({ 'focus.csv': readFileSync(FOCUS_SAMPLE, 'utf8') });
    const catalog = catalogServiceMock({ entities });
    const getEntitiesByRefs = catalog.getEntitiesByRefs.bind(catalog);
    catalog.getEntitiesByRefs = async (req, options) => {
      const answer = await getEntitiesByRefs(req, options);
      return {
        items: answer.items.map((item, i) =>
          req.entityRefs[i].toLowerCase() === SECRET ? undefined : item,
        ),
      };
    };
    ({ server } = await startTestBackend({
      features: [
        costPlugin,
        mockServices.rootConfig.factory({
          data: sampleCostConfig(dir.resolve('focus.csv')),
        }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: jest.fn() } as any),
        }),
      ],
    }));
    const ingest = await request(server).post('/api/cost/ingest');
    if (ingest.status !== 202) throw new Error(`ingest: ${ingest.text}`);
  });

  const claims = async (pairs: [string, string][]) => {
    const res = await request(server)
      .get('/api/cost/attribution/claims')
      .query({ tag: pairs.map(p => p[0]), value: pairs.map(p => p[1]) });
    expect(res.status).toBe(200);
    return res.body.claims;
  };

  it('names the entity a tag rule gives the value to', async () => {
    expect(await claims([['Application', 'zoommapmax']])).toEqual([
      {
        tag: 'application',
        value: 'zoommapmax',
        claimed: true,
        claimedBy: [
          { entityRef: 'component:default/zoommapmax', via: 'tagRule' },
        ],
        hiddenClaimants: 0,
        billedUnattributed: false,
      },
    ]);
  });

  it('counts an annotation holding the pair among other tags as a claim', async () => {
    const [team] = await claims([['team', 'payments']]);
    expect(team).toMatchObject({
      claimed: true,
      claimedBy: [
        { entityRef: 'component:default/payments-api', via: 'annotation' },
      ],
    });
  });

  it('says a hidden entity claims a pair without naming it', async () => {
    const [ledger] = await claims([['team', 'LEDGER']]);
    expect(ledger).toMatchObject({
      claimed: true,
      claimedBy: [],
      hiddenClaimants: 1,
    });
    expect(JSON.stringify(ledger)).not.toContain('secret');
  });

  it('reports free pairs, and billing rows that carry one unattributed', async () => {
    const [fresh, billed] = await claims([
      ['application', 'brand-new-service'],
      ['application', 'ActiveGridCentral'],
    ]);
    expect(fresh).toEqual({
      tag: 'application',
      value: 'brand-new-service',
      claimed: false,
      claimedBy: [],
      hiddenClaimants: 0,
      billedUnattributed: false,
    });
    expect(billed).toMatchObject({ claimed: false, billedUnattributed: true });
  });

  it.each([
    [{}, /tag/],
    [{ tag: 'a', value: ['x', 'y'] }, /one value for each tag/],
    [{ tag: 'a', value: 'v'.repeat(257) }, /value/],
    [{ tag: Array(21).fill('a'), value: Array(21).fill('x') }, /tag/],
  ])('refuses %j with 400', async (query, message) => {
    const res = await request(server)
      .get('/api/cost/attribution/claims')
      .query(query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });
});

import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createStoreTestDatabases } from '@groundwork/test-utils';
import request from 'supertest';
import { demoEntities } from '../__fixtures__/catalog';
import { sampleCostConfig } from '../__fixtures__/sampleConfig';
import { costPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();

// Real tag lengths: AWS allows keys of 128 characters and values of 256.
const longKey = `team-${'k'.repeat(123)}`;
const longValue = 'v'.repeat(256);
const longService = 'Amazon Elastic Something '.repeat(12).trim();
const longResource = `arn:aws:ec2:eu-west-1:123456789012:instance/${'i'.repeat(
  400,
)}`;

const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;

/** A FOCUS 1.0 export of two rows whose text values have real maximum lengths. */
function exportWithLongValues() {
  const header = [
    'BilledCost',
    'EffectiveCost',
    'ListCost',
    'BillingCurrency',
    'BillingPeriodStart',
    'ChargePeriodStart',
    'ChargeCategory',
    'ServiceCategory',
    'ServiceName',
    'ProviderName',
    'SubAccountName',
    'ResourceId',
    'ResourceName',
    'Tags',
  ];
  const row = (tags: Record<string, string>, resource: string) =>
    [
      '2.5',
      '2.5',
      '3',
      'USD',
      '2024-09-01T00:00:00Z',
      '2024-09-03T00:00:00Z',
      'Usage',
      'Compute',
      longService,
      'AWS',
      `sub-account ${'s'.repeat(300)}`,
      resource,
      resource,
      JSON.stringify(tags),
    ]
      .map(quote)
      .join(',');
  return [
    header.join(','),
    row({ Application: 'BrightPathMatrix' }, longResource),
    row({ [longKey]: longValue }, `${longResource}-2`),
  ].join('\n');
}

describe('ingest of maximum-length text values', () => {
  const dir = createMockDirectory();

  it.each(databases.eachSupportedId())(
    'stores and serves them, %p',
    async databaseId => {
      dir.setContent({ 'long.csv': exportWithLongValues() });
      const knex = await databases.init(databaseId);
      // A rule on the long tag key, so its unmatched value is reported by label.
      const config = sampleCostConfig(dir.resolve('long.csv'));
      config.cost.attribution.tagRules.push({
        tag: longKey,
        kind: 'component',
      });
      const { server } = await startTestBackend({
        features: [
          costPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({ data: config }),
          catalogServiceMock.factory({ entities: demoEntities }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: async () => {} }),
          }),
        ],
      });

      await request(server).post('/api/cost/ingest');
      const status = await request(server).get('/api/cost/ingest/status');
      expect(status.body.items).toEqual([
        expect.objectContaining({ source: 'sample', status: 'succeeded' }),
      ]);

      const september = { from: '2024-09-01', to: '2024-09-30' };
      const resources = await request(server)
        .get('/api/cost/resources')
        .query({
          entityRef: 'component:default/brightpathmatrix',
          ...september,
        });
      expect(resources.status).toBe(200);
      expect(JSON.stringify(resources.body)).toContain(longResource);
      expect(JSON.stringify(resources.body)).toContain(longService);

      const unattributed = await request(server)
        .get('/api/cost/unattributed')
        .query(september);
      expect(unattributed.status).toBe(200);
      expect(JSON.stringify(unattributed.body)).toContain(
        `${longKey.toLowerCase()}=${longValue}`,
      );
    },
  );
});

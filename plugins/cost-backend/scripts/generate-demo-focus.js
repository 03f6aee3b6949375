#!/usr/bin/env node
/*
 * Generates the demo FOCUS 1.0 billing export: daily cost for the demo
 * catalog over the 13 months ending with yesterday (UTC), deterministic for a
 * given end date. Writes demo/cost/focus_demo.csv.gz.
 *
 *   node plugins/cost-backend/scripts/generate-demo-focus.js [--end 2026-11-23] [--out path]
 *
 * What the demo should show: steady services, growth (TempeAI's GPUs run over
 * budget), a cost spike two days before the end (anomaly alert), credits,
 * a correction, untagged spend (unattributed), messy tag keys, and one
 * team's Azure subscription billed in EUR (converted with the configured rate).
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
const end = new Date(`${arg('end', yesterday)}T00:00:00Z`);
const start = new Date(
  Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 12, 1),
);
const out = arg(
  'out',
  path.resolve(__dirname, '../../../demo/cost/focus_demo.csv.gz'),
);

// Small deterministic PRNG (mulberry32) so the file only changes with the end date.
let seed = 20261124;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const accounts = {
  prod: { id: '410000000001', name: 'acme-prod' },
  data: { id: '410000000002', name: 'acme-data' },
  shared: { id: '410000000003', name: 'acme-shared-network' },
  sandbox: { id: '410000000004', name: 'acme-sandbox' },
};

/** Daily base cost (USD) per workload and service; growth is per month. */
const workloads = [
  {
    tags: {
      application: 'BrightPathMatrix',
      environment: 'prod',
      business_unit: 'PeoriaData',
    },
    account: 'prod',
    services: [
      ['Compute', 'Amazon Elastic Compute Cloud', 62],
      ['Databases', 'Amazon Relational Database Service', 38],
      ['Storage', 'Amazon Simple Storage Service', 9],
    ],
    growth: 0.01,
  },
  {
    tags: {
      application: 'BrightLensMatrix',
      env: 'prod',
      business_unit: 'PeoriaData',
    },
    account: 'prod',
    services: [
      ['Networking', 'Amazon CloudFront', 14],
      ['Compute', 'AWS Lambda', 6],
    ],
    growth: 0.02,
  },
  {
    tags: {
      application: 'PrimeManagerDrive',
      environment: 'prod',
      business_unit: 'LipaData',
    },
    account: 'prod',
    services: [
      ['Compute', 'Amazon Elastic Kubernetes Service', 41],
      ['Databases', 'Amazon DynamoDB', 22],
      ['Integration', 'Amazon Simple Queue Service', 3],
    ],
    growth: 0.015,
  },
  {
    tags: {
      application: 'SyncBuilderInsight',
      environment: 'prod',
      ' org': 'LexingtonFinance',
    },
    account: 'prod',
    services: [
      ['Compute', 'Amazon Elastic Compute Cloud', 18],
      ['Analytics', 'Amazon Athena', 7],
    ],
    growth: 0,
  },
  {
    tags: {
      application: 'ZoomMapMax',
      environment: 'prod',
      business_unit: 'TempeAI',
    },
    account: 'data',
    services: [
      ['AI and Machine Learning', 'Amazon SageMaker', 120],
      ['Storage', 'Amazon Simple Storage Service', 16],
    ],
    growth: 0.06,
  },
  {
    tags: { project: 'churn', env: 'prod', business_unit: 'ViennaAI' },
    account: 'data',
    services: [
      ['AI and Machine Learning', 'Amazon SageMaker', 35],
      ['Analytics', 'Amazon EMR', 12],
    ],
    growth: 0.02,
  },
  {
    tags: { application: 'OmniNetworkEssentials', environment: 'ci' },
    account: 'sandbox',
    services: [['Developer Tools', 'AWS CodeBuild', 8]],
    growth: 0,
  },
  {
    tags: {
      application: 'groundwork',
      environment: 'prod',
      business_unit: 'platform-team',
    },
    account: 'prod',
    services: [
      ['Compute', 'Amazon Elastic Container Service', 11],
      ['Databases', 'Amazon Relational Database Service', 7],
    ],
    growth: 0.01,
  },
  {
    tags: { business_unit: 'TarakanSRE', environment: 'prod' },
    account: 'prod',
    services: [
      ['Management and Governance', 'Amazon CloudWatch', 24],
      ['Security', 'AWS Security Hub', 6],
    ],
    growth: 0.005,
  },
  // Shared network: no tags, attributed by the account mapping.
  {
    tags: null,
    account: 'shared',
    services: [
      ['Networking', 'Amazon Virtual Private Cloud', 19],
      ['Networking', 'AWS Transit Gateway', 13],
    ],
    growth: 0,
  },
  // Sandbox experiments nobody tagged: stays unattributed.
  {
    tags: { owner: 'someone' },
    account: 'sandbox',
    services: [['Compute', 'Amazon Elastic Compute Cloud', 9]],
    growth: 0,
  },
  {
    tags: { application: 'LegacyReportingJob' },
    account: 'sandbox',
    services: [['Analytics', 'Amazon Redshift', 6]],
    growth: 0,
  },
];

const columns = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ConsumedQuantity',
  'ConsumedUnit',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'PricingCategory',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'ResourceId',
  'ServiceCategory',
  'ServiceName',
  'SubAccountId',
  'SubAccountName',
  'Tags',
];

const iso = date => date.toISOString().replace('.000Z', 'Z');
const csv = value => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const lines = [columns.join(',')];
const row = values => lines.push(columns.map(c => csv(values[c])).join(','));

const billingAccount = {
  BillingAccountId: '410000000000',
  BillingAccountName: 'acme',
  BillingCurrency: 'USD',
  InvoiceIssuerName: 'Amazon Web Services, Inc.',
  ProviderName: 'AWS',
  PublisherName: 'Amazon Web Services, Inc.',
};
const periodOf = day => {
  const periodStart = new Date(
    Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1),
  );
  const periodEnd = new Date(
    Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1),
  );
  return {
    BillingPeriodStart: iso(periodStart),
    BillingPeriodEnd: iso(periodEnd),
  };
};
const spikeDay = new Date(end.getTime() - 2 * 86400000)
  .toISOString()
  .slice(0, 10);

for (
  let day = new Date(start);
  day <= end;
  day = new Date(day.getTime() + 86400000)
) {
  const dayIso = day.toISOString().slice(0, 10);
  const months =
    (day.getUTCFullYear() - start.getUTCFullYear()) * 12 +
    day.getUTCMonth() -
    start.getUTCMonth();
  const weekday = day.getUTCDay();
  workloads.forEach((workload, w) => {
    const account = accounts[workload.account];
    workload.services.forEach(([category, service, base], s) => {
      const weekly = weekday === 0 || weekday === 6 ? 0.8 : 1.05;
      const spike =
        dayIso === spikeDay &&
        workload.tags?.application === 'ZoomMapMax' &&
        s === 0
          ? 3.5
          : 1;
      const list =
        base *
        Math.pow(1 + workload.growth, months) *
        weekly *
        spike *
        (0.9 + random() * 0.2);
      const effective = list * (category === 'Compute' ? 0.72 : 0.95); // savings plans on compute
      row({
        ...billingAccount,
        ...periodOf(day),
        BilledCost: effective.toFixed(6),
        EffectiveCost: effective.toFixed(6),
        ListCost: list.toFixed(6),
        ChargeCategory: 'Usage',
        ChargeClass: null,
        ChargeDescription: `${service} usage`,
        ChargeFrequency: 'Usage-Based',
        ChargePeriodStart: `${dayIso}T00:00:00Z`,
        ChargePeriodEnd: iso(new Date(day.getTime() + 86400000)),
        ConsumedQuantity: (list * 10).toFixed(3),
        ConsumedUnit: 'Hours',
        PricingCategory: category === 'Compute' ? 'Committed' : 'Standard',
        RegionId: w % 2 ? 'eu-central-1' : 'us-east-1',
        ResourceId: `arn:aws:demo:${account.id}:${service
          .replace(/\W+/g, '-')
          .toLowerCase()}/${w}-${s}`,
        ServiceCategory: category,
        ServiceName: service,
        SubAccountId: account.id,
        SubAccountName: account.name,
        Tags: workload.tags ? JSON.stringify(workload.tags) : null,
      });
    });
  });
  // Monthly support fee and a credit on the first of each month.
  if (day.getUTCDate() === 1) {
    const base = {
      ...billingAccount,
      ...periodOf(day),
      ChargeClass: null,
      ChargeFrequency: 'Recurring',
      ChargePeriodStart: `${dayIso}T00:00:00Z`,
      ChargePeriodEnd: iso(new Date(day.getTime() + 86400000)),
      ServiceCategory: 'Management and Governance',
      SubAccountId: accounts.shared.id,
      SubAccountName: accounts.shared.name,
    };
    row({
      ...base,
      ChargeCategory: 'Purchase',
      ChargeDescription: 'Business support',
      BilledCost: '250.000000',
      EffectiveCost: '250.000000',
      ListCost: '250.000000',
      ServiceName: 'AWS Support (Business)',
    });
    row({
      ...base,
      ChargeCategory: 'Credit',
      ChargeDescription: 'Promotional credit',
      BilledCost: '-40.000000',
      EffectiveCost: '-40.000000',
      ListCost: '0',
      ServiceName: 'AWS Support (Business)',
    });
  }
}
// A correction, billed in the last month, for a charge in the month before.
const lastPeriod = periodOf(end);
const corrected = new Date(
  Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 15),
);
row({
  ...billingAccount,
  ...lastPeriod,
  ChargeCategory: 'Usage',
  ChargeClass: 'Correction',
  ChargeDescription: 'Refund of duplicate EMR charge',
  ChargeFrequency: 'Usage-Based',
  ChargePeriodStart: iso(corrected),
  ChargePeriodEnd: iso(new Date(corrected.getTime() + 86400000)),
  BilledCost: '-18.500000',
  EffectiveCost: '-18.500000',
  ListCost: '-18.500000',
  ServiceCategory: 'Analytics',
  ServiceName: 'Amazon EMR',
  SubAccountId: accounts.data.id,
  SubAccountName: accounts.data.name,
  Tags: JSON.stringify({ project: 'churn', env: 'prod' }),
});

// ViennaAI's Azure subscription, billed in EUR by Microsoft: shown converted
// with cost.currency.rates.EUR. Its own PRNG keeps the AWS rows unchanged.
let eurSeed = 20261125;
const eurRandom = () => {
  eurSeed = (eurSeed + 0x6d2b79f5) | 0;
  let t = Math.imul(eurSeed ^ (eurSeed >>> 15), 1 | eurSeed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const azure = {
  BillingAccountId: 'ea-7731',
  BillingAccountName: 'acme-vienna-ea',
  BillingCurrency: 'EUR',
  InvoiceIssuerName: 'Microsoft',
  ProviderName: 'Microsoft',
  PublisherName: 'Microsoft',
  SubAccountId: '5f0c2a9e-vienna-ml',
  SubAccountName: 'vienna-ml',
};
const azureServices = [
  ['AI and Machine Learning', 'Azure Machine Learning', 21],
  ['Storage', 'Storage Accounts', 6],
];
for (
  let day = new Date(start);
  day <= end;
  day = new Date(day.getTime() + 86400000)
) {
  const dayIso = day.toISOString().slice(0, 10);
  azureServices.forEach(([category, service, base], s) => {
    const cost = base * (0.9 + eurRandom() * 0.2);
    row({
      ...azure,
      ...periodOf(day),
      BilledCost: cost.toFixed(6),
      EffectiveCost: cost.toFixed(6),
      ListCost: cost.toFixed(6),
      ChargeCategory: 'Usage',
      ChargeClass: null,
      ChargeDescription: `${service} usage`,
      ChargeFrequency: 'Usage-Based',
      ChargePeriodStart: `${dayIso}T00:00:00Z`,
      ChargePeriodEnd: iso(new Date(day.getTime() + 86400000)),
      ConsumedQuantity: (cost * 4).toFixed(3),
      ConsumedUnit: 'Hours',
      PricingCategory: 'Standard',
      RegionId: 'westeurope',
      ResourceId: `/subscriptions/${azure.SubAccountId}/providers/${service
        .replace(/\W+/g, '')
        .toLowerCase()}/vienna-${s}`,
      ServiceCategory: category,
      ServiceName: service,
      Tags: JSON.stringify({ business_unit: 'ViennaAI', env: 'prod' }),
    });
  });
}

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, zlib.gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
console.log(
  `Wrote ${lines.length - 1} rows (${start.toISOString().slice(0, 10)} to ${end
    .toISOString()
    .slice(0, 10)}) to ${out}`,
);

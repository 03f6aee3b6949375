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
 *
 * Commitment discounts, as FOCUS exports them (CommitmentDiscount* columns):
 * AWS savings plans (one under-used: an EC2 Instance Savings Plan bought for
 * a workload that stayed small; one too small for the growing TempeAI, whose
 * coverage falls month by month), Azure reservations billed in EUR and a GCP
 * committed-use discount, next to on-demand spend a commitment could cover
 * (databases, storage, ViennaAI's SageMaker). FOCUS rules: usage a commitment
 * paid for is priced Committed with CommitmentDiscountStatus Used and its
 * amortised cost in EffectiveCost (BilledCost 0); the unused part of each day's
 * commitment is a row with status Unused on the account that bought it; the
 * monthly fee is a Purchase row (BilledCost, EffectiveCost 0), so summing
 * EffectiveCost never counts a commitment twice.
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

// Small deterministic PRNG (mulberry32) so the file only changes with the end
// date; each provider has its own, so adding one leaves the others' rows as
// they were.
const prng = initialSeed => {
  let seed = initialSeed;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
const random = prng(20261124);

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
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
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
const dayBounds = day => ({
  ...periodOf(day),
  ChargePeriodStart: iso(day),
  ChargePeriodEnd: iso(new Date(day.getTime() + 86400000)),
});
/** The columns of a day's usage of `service`. */
const usageOf = (day, service) => ({
  ...dayBounds(day),
  ChargeCategory: 'Usage',
  ChargeClass: null,
  ChargeDescription: `${service} usage`,
  ChargeFrequency: 'Usage-Based',
  ConsumedUnit: 'Hours',
});

/**
 * Commitment discounts: `daily` is the amortised commitment per day
 * (EffectiveCost), `rate` the committed price as a share of the list price.
 * Unused commitment and the monthly fee are billed to `account`, the one
 * that bought it (untagged: the organisation sees the waste, not a team).
 */
const awsPayer = {
  ...billingAccount,
  SubAccountId: '410000000000',
  SubAccountName: 'acme-management',
};
const commitments = {
  computeSavingsPlan: {
    CommitmentDiscountId:
      'arn:aws:savingsplans::410000000000:savingsplan/3f1c9e2a-7b44-4c1e-9a51-compute',
    CommitmentDiscountName: 'Compute Savings Plan (3 years, no upfront)',
    CommitmentDiscountType: 'Compute Savings Plan',
    CommitmentDiscountCategory: 'Spend',
    rate: 0.72,
    daily: 80,
    account: awsPayer,
    ServiceCategory: 'Compute',
    ServiceName: 'Savings Plans for AWS Compute usage',
  },
  // Bought for SyncBuilderInsight's planned growth, which never came: under-used.
  ec2InstanceSavingsPlan: {
    CommitmentDiscountId:
      'arn:aws:savingsplans::410000000000:savingsplan/8c02d7e5-1f36-4a0b-b7c9-m5euc1',
    CommitmentDiscountName:
      'EC2 Instance Savings Plan m5 eu-central-1 (1 year)',
    CommitmentDiscountType: 'EC2 Instance Savings Plan',
    CommitmentDiscountCategory: 'Spend',
    rate: 0.66,
    daily: 26,
    account: awsPayer,
    ServiceCategory: 'Compute',
    ServiceName: 'Savings Plans for AWS Compute usage',
  },
  // Sized for TempeAI a year ago; their GPUs grew past it (falling coverage).
  sageMakerSavingsPlan: {
    CommitmentDiscountId:
      'arn:aws:savingsplans::410000000000:savingsplan/51ab6e90-2d7c-4f18-8e3d-sagemaker',
    CommitmentDiscountName: 'SageMaker Savings Plan (1 year, no upfront)',
    CommitmentDiscountType: 'SageMaker Savings Plan',
    CommitmentDiscountCategory: 'Spend',
    rate: 0.64,
    daily: 45,
    account: awsPayer,
    ServiceCategory: 'AI and Machine Learning',
    ServiceName: 'Savings Plans for Amazon SageMaker',
  },
};

/**
 * Writes one day's usage charges: each commitment pays for its eligible
 * usage (at its rate, pro rata across the charges) until its daily amount is
 * used up; the rest is on demand, and what it did not use is an Unused row.
 * A charge is `{ fields, list, onDemandRate, commitment }`.
 */
function writeUsage(day, charges, commitmentsOfProvider) {
  for (const charge of charges.filter(c => !c.commitment)) {
    writeOnDemand(charge, 1);
  }
  for (const commitment of commitmentsOfProvider) {
    const covered = charges.filter(c => c.commitment === commitment);
    const eligible = covered.reduce(
      (sum, c) => sum + c.list * commitment.rate,
      0,
    );
    const share = eligible > commitment.daily ? commitment.daily / eligible : 1;
    for (const charge of covered) {
      const list = charge.list * share;
      row({
        ...charge.fields,
        ...commitmentColumns(commitment),
        BilledCost: '0.000000',
        EffectiveCost: (list * commitment.rate).toFixed(6),
        ListCost: list.toFixed(6),
        ConsumedQuantity: (list * 10).toFixed(3),
        PricingCategory: 'Committed',
        CommitmentDiscountStatus: 'Used',
      });
      if (share < 1) writeOnDemand(charge, 1 - share);
    }
    const unused = commitment.daily - Math.min(eligible, commitment.daily);
    // Less than a cent unused is rounding, which exports leave out.
    if (unused >= 0.01) {
      row({
        ...commitment.account,
        ...dayBounds(day),
        ...commitmentColumns(commitment),
        ChargeCategory: 'Usage',
        ChargeDescription: `Unused ${commitment.CommitmentDiscountName}`,
        ChargeFrequency: 'Usage-Based',
        BilledCost: '0.000000',
        EffectiveCost: unused.toFixed(6),
        ListCost: '0.000000',
        PricingCategory: 'Committed',
        CommitmentDiscountStatus: 'Unused',
        ResourceId: commitment.CommitmentDiscountId,
        ServiceCategory: commitment.ServiceCategory,
        ServiceName: commitment.ServiceName,
      });
    }
    // The monthly fee, paid on the first: cash only, amortised above.
    if (day.getUTCDate() === 1) {
      const days = new Date(
        Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0),
      ).getUTCDate();
      row({
        ...commitment.account,
        ...dayBounds(day),
        ...commitmentColumns(commitment),
        ChargeCategory: 'Purchase',
        ChargeDescription: `${commitment.CommitmentDiscountName}: monthly fee`,
        ChargeFrequency: 'Recurring',
        BilledCost: (commitment.daily * days).toFixed(6),
        EffectiveCost: '0.000000',
        ListCost: '0.000000',
        PricingCategory: 'Standard',
        ResourceId: commitment.CommitmentDiscountId,
        ServiceCategory: commitment.ServiceCategory,
        ServiceName: commitment.ServiceName,
      });
    }
  }
}

function writeOnDemand(charge, share) {
  const list = charge.list * share;
  const effective = list * charge.onDemandRate;
  row({
    ...charge.fields,
    BilledCost: effective.toFixed(6),
    EffectiveCost: effective.toFixed(6),
    ListCost: list.toFixed(6),
    ConsumedQuantity: (list * 10).toFixed(3),
    PricingCategory: 'Standard',
  });
}

function commitmentColumns(commitment) {
  return Object.fromEntries(
    Object.entries(commitment).filter(([key]) =>
      key.startsWith('CommitmentDiscount'),
    ),
  );
}

/** The AWS commitment that pays for a workload's service, if any. */
function awsCommitmentOf(workload, category, service) {
  if (workload.account !== 'prod' && workload.account !== 'data') return null;
  if (workload.tags?.application === 'SyncBuilderInsight') {
    return service === 'Amazon Elastic Compute Cloud'
      ? commitments.ec2InstanceSavingsPlan
      : null;
  }
  if (workload.tags?.business_unit === 'TempeAI') {
    return service === 'Amazon SageMaker'
      ? commitments.sageMakerSavingsPlan
      : null;
  }
  return category === 'Compute' && workload.account === 'prod'
    ? commitments.computeSavingsPlan
    : null;
}

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
  const charges = [];
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
      charges.push({
        list,
        // The enterprise discount on on-demand prices.
        onDemandRate: 0.95,
        commitment: awsCommitmentOf(workload, category, service),
        fields: {
          ...billingAccount,
          ...usageOf(day, service),
          RegionId: w % 2 ? 'eu-central-1' : 'us-east-1',
          ResourceId: `arn:aws:demo:${account.id}:${service
            .replace(/\W+/g, '-')
            .toLowerCase()}/${w}-${s}`,
          ServiceCategory: category,
          ServiceName: service,
          SubAccountId: account.id,
          SubAccountName: account.name,
          Tags: workload.tags ? JSON.stringify(workload.tags) : null,
        },
      });
    });
  });
  writeUsage(day, charges, Object.values(commitments));
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
const eurRandom = prng(20261125);
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
// Reservations (CommitmentDiscountCategory Usage): `daily` EUR a day.
const azureReservations = {
  machineLearning: {
    CommitmentDiscountId:
      '/providers/Microsoft.Capacity/reservationOrders/4e7d0c1b-vienna/reservations/nc6sv3',
    CommitmentDiscountName:
      'Reserved VM instances NC6s v3, West Europe (1 year)',
    CommitmentDiscountType: 'Reservation',
    CommitmentDiscountCategory: 'Usage',
    rate: 0.6,
    daily: 8.4,
    account: azure,
    ServiceCategory: 'AI and Machine Learning',
    ServiceName: 'Azure Machine Learning',
  },
  storage: {
    CommitmentDiscountId:
      '/providers/Microsoft.Capacity/reservationOrders/9a3f5e21-vienna/reservations/blob100tb',
    CommitmentDiscountName: 'Blob storage reserved capacity 100 TB (1 year)',
    CommitmentDiscountType: 'Reservation',
    CommitmentDiscountCategory: 'Usage',
    rate: 0.8,
    daily: 4.8,
    account: azure,
    ServiceCategory: 'Storage',
    ServiceName: 'Storage Accounts',
  },
};
const azureServices = [
  [
    'AI and Machine Learning',
    'Azure Machine Learning',
    21,
    azureReservations.machineLearning,
  ],
  ['Storage', 'Storage Accounts', 6, azureReservations.storage],
];
for (
  let day = new Date(start);
  day <= end;
  day = new Date(day.getTime() + 86400000)
) {
  const charges = azureServices.map(
    ([category, service, base, reservation], s) => {
      const cost = base * (0.9 + eurRandom() * 0.2);
      return {
        list: cost,
        onDemandRate: 1,
        commitment: reservation,
        fields: {
          ...azure,
          ...usageOf(day, service),
          RegionId: 'westeurope',
          ResourceId: `/subscriptions/${azure.SubAccountId}/providers/${service
            .replace(/\W+/g, '')
            .toLowerCase()}/vienna-${s}`,
          ServiceCategory: category,
          ServiceName: service,
          Tags: JSON.stringify({ business_unit: 'ViennaAI', env: 'prod' }),
        },
      };
    },
  );
  writeUsage(day, charges, Object.values(azureReservations));
}

// The platform team's CI runners on Google Cloud, mostly under a
// committed-use discount (resource-based: CommitmentDiscountCategory Usage).
const gcpRandom = prng(20261126);
const gcp = {
  BillingAccountId: '01A2B3-C4D5E6-F7A8B9',
  BillingAccountName: 'acme-gcp',
  BillingCurrency: 'USD',
  InvoiceIssuerName: 'Google',
  ProviderName: 'Google Cloud',
  PublisherName: 'Google',
  SubAccountId: 'acme-platform-ci',
  SubAccountName: 'acme-platform-ci',
};
const computeCommitment = {
  CommitmentDiscountId:
    'projects/acme-platform-ci/regions/europe-west1/commitments/n2-ci-runners',
  CommitmentDiscountName: 'Compute Engine commitment n2, europe-west1 (1 year)',
  CommitmentDiscountType: 'Committed Use Discount',
  CommitmentDiscountCategory: 'Usage',
  rate: 0.63,
  daily: 11.34,
  account: gcp,
  ServiceCategory: 'Compute',
  ServiceName: 'Compute Engine',
};
const gcpServices = [
  ['Compute', 'Compute Engine', 22, computeCommitment],
  ['Storage', 'Cloud Storage', 4, null],
];
for (
  let day = new Date(start);
  day <= end;
  day = new Date(day.getTime() + 86400000)
) {
  const months =
    (day.getUTCFullYear() - start.getUTCFullYear()) * 12 +
    day.getUTCMonth() -
    start.getUTCMonth();
  const weekly = day.getUTCDay() === 0 || day.getUTCDay() === 6 ? 0.8 : 1.05;
  const charges = gcpServices.map(
    ([category, service, base, commitment], s) => ({
      list: base * 1.01 ** months * weekly * (0.9 + gcpRandom() * 0.2),
      onDemandRate: 1,
      commitment,
      fields: {
        ...gcp,
        ...usageOf(day, service),
        RegionId: 'europe-west1',
        ResourceId: `//compute.googleapis.com/projects/${
          gcp.SubAccountId
        }/${service.replace(/\W+/g, '-').toLowerCase()}/ci-${s}`,
        ServiceCategory: category,
        ServiceName: service,
        Tags: JSON.stringify({ business_unit: 'platform-team', env: 'ci' }),
      },
    }),
  );
  writeUsage(day, charges, [computeCommitment]);
}

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, zlib.gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
console.log(
  `Wrote ${lines.length - 1} rows (${start.toISOString().slice(0, 10)} to ${end
    .toISOString()
    .slice(0, 10)}) to ${out}`,
);

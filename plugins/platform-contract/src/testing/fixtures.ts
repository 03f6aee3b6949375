import { Entity } from '@backstage/catalog-model';
import {
  CampaignDetailsResponse,
  CampaignSummary,
  EntityContractResult,
  Rollup,
} from '@groundwork/plugin-platform-contract-common';
import { PlatformContractApi } from '../api';

export const serviceEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'PrimeManagerDrive', namespace: 'default' },
  spec: { type: 'service', owner: 'LipaData', lifecycle: 'production' },
};

export const serviceResult: EntityContractResult = {
  contract: 'kubernetes-service',
  contractTitle: 'Kubernetes service contract',
  entityRef: 'component:default/primemanagerdrive',
  score: 62.5,
  level: null,
  groundRulesMet: false,
  counts: { pass: 2, fail: 1, unknown: 1, waived: 0 },
  evaluatedAt: '2026-11-24T06:00:00.000Z',
  rules: [
    {
      ruleId: 'owner-set', title: 'Has an owner', category: 'ownership', severity: 'high',
      level: 'ground', weight: 2, frameworks: ['soc2:CC1.3'], status: 'pass',
      facts: [{ fact: 'spec.owner', value: 'group:default/lipadata', source: 'catalog' }],
    },
    {
      ruleId: 'on-call', title: 'Has an on-call rota', category: 'reliability', severity: 'high',
      level: 'ground', weight: 2, frameworks: [], status: 'fail',
      facts: [{ fact: 'annotations', path: 'pagerduty.com/service-id', problem: 'missing' }],
      howToFix: 'Add the `pagerduty.com/service-id` annotation.',
    },
    {
      ruleId: 'security-scan', title: 'Security scan passes', category: 'security', severity: 'critical',
      level: 'ground', weight: 3, frameworks: ['soc2:CC7.1'], status: 'unknown',
      facts: [{ fact: 'security.scan.critical', problem: 'stale', value: 0, source: 'push:ci' }],
    },
    {
      ruleId: 'slo-link', title: 'Links its SLO', category: 'reliability', severity: 'medium',
      level: 'silver', weight: 1, frameworks: [], status: 'pass', facts: [],
    },
  ],
};

export const groupRollup: Rollup = {
  type: 'group',
  ref: 'group:default/lipadata',
  score: 62.5,
  entityCount: 4,
  groundRulesMetCount: 1,
  levels: { none: 3, bronze: 1 },
  counts: { pass: 30, fail: 8, unknown: 2, waived: 1 },
  evaluatedAt: '2026-11-24T06:00:00.000Z',
};

export const lateCampaign: CampaignSummary = {
  id: 'techdocs-in-production',
  title: 'TechDocs for everything in production',
  description: 'Add **TechDocs**.',
  contract: 'kubernetes-service',
  ruleId: 'techdocs',
  deadline: '2026-10-31',
  owner: 'group:default/platform-team',
  createdBy: 'demo/contracts/kubernetes-service-contract.yaml',
  createdAt: '2026-11-24T06:00:00.000Z',
  source: 'contract',
  progress: { total: 3, done: 2, pending: 0, late: 1, unknown: 0, percentDone: 66.7, updatedAt: '2026-11-24T06:00:00.000Z' },
  teamCount: 2,
  lateTeamCount: 1,
};

export const campaignDetails: CampaignDetailsResponse = {
  ...lateCampaign,
  teams: [
    { owner: 'group:default/lipadata', total: 1, done: 0, pending: 0, late: 1, unknown: 0, percentDone: 0 },
    { owner: 'group:default/peoriadata', total: 2, done: 2, pending: 0, late: 0, unknown: 0, percentDone: 100 },
  ],
  entities: {
    items: [
      { entityRef: 'component:default/primemanagerdrive', owner: 'group:default/lipadata', status: 'late' },
      { entityRef: 'component:default/brightpathmatrix', owner: 'group:default/peoriadata', status: 'done', doneAt: '2026-11-20T06:00:00.000Z' },
    ],
    total: 3,
    limit: 20,
    offset: 0,
  },
};

/** An API whose every method fails unless a test provides it. */
export function mockApi(overrides: Partial<PlatformContractApi>): PlatformContractApi {
  const missing = (name: string) => () => Promise.reject(new Error(`${name} not mocked`));
  return new Proxy(overrides as PlatformContractApi, {
    get: (target, prop: string) => (target as any)[prop] ?? missing(prop),
  });
}

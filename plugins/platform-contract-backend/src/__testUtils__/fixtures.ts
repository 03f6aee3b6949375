import { Entity } from '@backstage/catalog-model';

/** A small contract: one ground rule on catalog facts, one bronze rule on a pushed fact. */
export const TEST_CONTRACT_YAML = `
apiVersion: groundwork.dev/v1alpha1
kind: PlatformContract
metadata:
  name: test-services
  title: Test services
spec:
  owner: group:default/platform-team
  version: 1.0.0
  appliesTo:
    kind: Component
    spec.type: service
  levels: [{ name: bronze }, { name: silver }]
  maxWaiverDays: 30
  prose:
    groundRules: Be nice.
  rules:
    - id: owner-group-valid
      title: Owner is a team with members
      category: ownership
      severity: high
      level: ground
      weight: 2
      frameworks: ['soc2:CC1.3']
      condition:
        all:
          - { fact: catalog.ownerGroupExists, equal: true }
          - { fact: catalog.ownerGroupMemberCount, gt: 0 }
    - id: on-call
      title: On-call
      howToFix: Add the pagerduty.com/service-id annotation.
      category: reliability
      severity: high
      level: bronze
      condition: { fact: catalog.annotations, path: pagerduty.com/service-id, exists: true }
    - id: security-scan
      title: Security scan passing
      category: security
      severity: critical
      level: silver
      frameworks: ['soc2:CC7.1']
      condition: { fact: security.scanPassed, equal: true }
  campaigns:
    - id: on-call-everywhere
      title: Every service on call
      description: Page a **human**.
      ruleId: on-call
      deadline: '2099-03-31'
    - id: ground-rules-2026
      title: Ground rules for all
      level: ground
      appliesTo: { spec.lifecycle: production }
      deadline: '2026-01-31'
      owner: group:default/Engineering
`;

export const BAD_CONTRACT_YAML = `
apiVersion: groundwork.dev/v1alpha1
kind: PlatformContract
metadata: { name: broken }
spec:
  owner: group:default/platform-team
  version: '1'
  appliesTo: { kind: Component }
  levels: [{ name: bronze }]
  maxWaiverDays: 30
  rules:
    - id: bad-regex
      title: Bad
      category: ownership
      severity: low
      level: ground
      condition: { fact: catalog.owner, matches: '(' }
`;

const group = (name: string, parent?: string, members = 1): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: [
    ...(parent
      ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
      : []),
    ...Array.from({ length: members }, (_, i) => ({
      type: 'hasMember',
      targetRef: `user:default/${name}-${i}`,
    })),
  ],
});

const component = (
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
  system?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner,
    ...(system ? { system } : {}),
  },
  relations: [
    {
      type: 'ownedBy',
      targetRef: `group:default/${owner.toLocaleLowerCase('en-US')}`,
    },
    ...(system
      ? [{ type: 'partOf', targetRef: `system:default/${system}` }]
      : []),
  ],
});

/** acme > engineering > platform-team > tarakansre; acme > product > peoriadata (no members). */
export const testEntities: Entity[] = [
  group('acme'),
  group('engineering', 'acme'),
  group('platform-team', 'engineering'),
  group('tarakansre', 'platform-team'),
  group('product', 'acme'),
  group('peoriadata', 'product', 0),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'brightpath', namespace: 'default' },
    spec: { owner: 'peoriadata', domain: 'commerce' },
    relations: [{ type: 'partOf', targetRef: 'domain:default/commerce' }],
  },
  component(
    'BrightPathMatrix',
    'tarakansre',
    { 'pagerduty.com/service-id': 'P1' },
    'brightpath',
  ),
  component('prime-manager-drive', 'peoriadata', {}, 'brightpath'),
  {
    ...component('a-website', 'tarakansre'),
    spec: { type: 'website', owner: 'tarakansre' },
  },
];

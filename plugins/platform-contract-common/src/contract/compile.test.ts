import fc from 'fast-check';
import { compileContract } from './compile';
import { contractJsonSchema } from './schema';
import { RuleStatus, scoreEntity } from './scoring';

function contractDoc(overrides: Record<string, unknown> = {}) {
  return {
    apiVersion: 'groundwork.dev/v1alpha1',
    kind: 'PlatformContract',
    metadata: { name: 'svc' },
    spec: {
      owner: 'group:default/platform-team',
      version: '1.0.0',
      appliesTo: { kind: 'Component', 'spec.type': 'service' },
      levels: [{ name: 'bronze' }, { name: 'silver' }, { name: 'gold' }],
      maxWaiverDays: 90,
      rules: [
        {
          id: 'owner',
          title: 'Owner',
          category: 'ownership',
          severity: 'high',
          level: 'ground',
          weight: 3,
          condition: { fact: 'catalog.owner', exists: true },
        },
        {
          id: 'docs',
          title: 'Docs',
          category: 'documentation',
          severity: 'low',
          level: 'bronze',
          condition: {
            fact: 'catalog.annotations',
            path: 'backstage.io/techdocs-ref',
            exists: true,
          },
        },
        {
          id: 'slo',
          title: 'SLO',
          category: 'reliability',
          severity: 'medium',
          level: 'silver',
          frameworks: ['soc2:A1.2'],
          condition: { fact: 'slo', matches: '^https://' },
        },
        {
          id: 'scan',
          title: 'Scan',
          category: 'security',
          severity: 'critical',
          level: 'gold',
          condition: { fact: 'scan', equal: true },
        },
      ],
      ...overrides,
    },
  };
}

describe('compileContract', () => {
  it('compiles a valid contract and filters entities with appliesTo', () => {
    const { contract, errors } = compileContract(contractDoc(), 'svc.yaml');
    expect(errors).toEqual([]);
    expect(contract!.rules.map(r => r.rank)).toEqual([0, 1, 2, 3]);
    expect(contract!.rules[2].rule.weight).toBe(1);
    expect(
      contract!.appliesTo({ kind: 'Component', spec: { type: 'service' } }),
    ).toBe(true);
    expect(
      contract!.appliesTo({ kind: 'Component', spec: { type: 'website' } }),
    ).toBe(false);
  });

  it('compiles a rule appliesTo once and leaves it out when absent', () => {
    const doc = contractDoc();
    doc.spec.rules[1] = {
      ...doc.spec.rules[1],
      appliesTo: { 'spec.type': 'service' },
    } as any;
    const { contract, errors } = compileContract(doc, 'svc.yaml');
    expect(errors).toEqual([]);
    expect(contract!.rules[0].appliesTo).toBeUndefined();
    const appliesTo = contract!.rules[1].appliesTo!;
    expect(appliesTo({ kind: 'Component', spec: { type: 'service' } })).toBe(
      true,
    );
    expect(appliesTo({ kind: 'Component', spec: { type: 'website' } })).toBe(
      false,
    );
  });

  it('rejects an invalid rule appliesTo with its field', () => {
    const doc = contractDoc();
    doc.spec.rules[1] = {
      ...doc.spec.rules[1],
      appliesTo: { $any: 'nope' },
    } as any;
    const { errors } = compileContract(doc, 'bad.yaml');
    expect(errors).toEqual([
      expect.objectContaining({
        ruleId: 'docs',
        field: 'spec.rules[1].appliesTo',
        message: expect.stringContaining('invalid filter predicate'),
      }),
    ]);
  });

  it('names file, rule and field for schema errors', () => {
    const doc = contractDoc();
    doc.spec.rules[2] = {
      ...doc.spec.rules[2],
      condition: { fact: 'slo', matches: '(' },
    } as any;
    doc.spec.rules[3] = { ...doc.spec.rules[3], category: 'vibes' } as any;
    const { contract, errors } = compileContract(doc, 'bad.yaml');
    expect(contract).toBeUndefined();
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'bad.yaml',
          ruleId: 'slo',
          field: 'spec.rules[2].condition.matches',
          message: expect.stringContaining('invalid regular expression'),
        }),
        expect.objectContaining({
          file: 'bad.yaml',
          ruleId: 'scan',
          field: 'spec.rules[3].category',
        }),
      ]),
    );
  });

  it('rejects conditions without exactly one operator, bad semver ranges and bad predicates', () => {
    const doc = contractDoc({ appliesTo: { $all: 'nope' } });
    doc.spec.rules[0] = {
      ...doc.spec.rules[0],
      condition: { fact: 'x', equal: 1, exists: true },
    } as any;
    doc.spec.rules[1] = {
      ...doc.spec.rules[1],
      condition: { fact: 'x', semver: 'banana' },
    } as any;
    const { errors } = compileContract(doc, 'bad.yaml');
    const fields = errors.map(e => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'spec.appliesTo',
        'spec.rules[0].condition',
        'spec.rules[1].condition.semver',
      ]),
    );
  });

  it('rejects duplicate rule ids and unknown levels', () => {
    const doc = contractDoc();
    doc.spec.rules[1] = { ...doc.spec.rules[1], id: 'owner' };
    doc.spec.rules[2] = { ...doc.spec.rules[2], level: 'platinum' };
    const { errors } = compileContract(doc, 'bad.yaml');
    expect(errors).toEqual([
      {
        file: 'bad.yaml',
        ruleId: 'owner',
        field: 'spec.rules[1].id',
        message: "duplicate rule id 'owner'",
      },
      {
        file: 'bad.yaml',
        ruleId: 'slo',
        field: 'spec.rules[2].level',
        message:
          "unknown level 'platinum', expected one of ground, bronze, silver, gold",
      },
    ]);
  });

  it('accepts campaigns on a rule or a level, defaulting the description', () => {
    const { contract, errors } = compileContract(
      contractDoc({
        campaigns: [
          {
            id: 'slo-q1',
            title: 'SLOs',
            ruleId: 'slo',
            deadline: '2027-03-31',
          },
          {
            id: 'ground',
            title: 'Ground rules',
            level: 'ground',
            appliesTo: { 'spec.lifecycle': 'production' },
            deadline: '2027-01-31',
            owner: 'group:default/leadership',
          },
        ],
      }),
      'svc.yaml',
    );
    expect(errors).toEqual([]);
    expect(contract!.document.spec.campaigns[0]).toEqual({
      id: 'slo-q1',
      title: 'SLOs',
      description: '',
      ruleId: 'slo',
      deadline: '2027-03-31',
    });
    // Without the section there are no campaigns.
    expect(
      compileContract(contractDoc(), 'svc.yaml').contract!.document.spec
        .campaigns,
    ).toEqual([]);
  });

  it('names file, campaign and field for bad campaigns', () => {
    const campaign = { title: 'C', deadline: '2027-03-31' };
    const unknownTarget = compileContract(
      contractDoc({
        campaigns: [
          { ...campaign, id: 'a', ruleId: 'nope' },
          { ...campaign, id: 'b', level: 'platinum' },
          { ...campaign, id: 'a', level: 'gold' },
        ],
      }),
      'svc.yaml',
    );
    expect(unknownTarget.errors).toEqual([
      {
        file: 'svc.yaml',
        campaignId: 'a',
        field: 'spec.campaigns[0].ruleId',
        message: "unknown rule 'nope' in contract 'svc'",
      },
      {
        file: 'svc.yaml',
        campaignId: 'b',
        field: 'spec.campaigns[1].level',
        message:
          "unknown level 'platinum' in contract 'svc', expected one of ground, bronze, silver, gold",
      },
      {
        file: 'svc.yaml',
        campaignId: 'a',
        field: 'spec.campaigns[2].id',
        message: "duplicate campaign id 'a'",
      },
    ]);

    const badShape = compileContract(
      contractDoc({
        campaigns: [
          { ...campaign, id: 'both', ruleId: 'slo', level: 'gold' },
          { ...campaign, id: 'date', ruleId: 'slo', deadline: '31 March' },
        ],
      }),
      'svc.yaml',
    );
    expect(badShape.errors).toEqual([
      expect.objectContaining({
        campaignId: 'both',
        field: 'spec.campaigns[0].ruleId',
        message: 'exactly one of ruleId and level is required',
      }),
      expect.objectContaining({
        campaignId: 'date',
        field: 'spec.campaigns[1].deadline',
      }),
    ]);
  });

  it('reports a non-object document at the root', () => {
    expect(compileContract('hello', 'x.yaml').errors[0]).toMatchObject({
      file: 'x.yaml',
      field: '(root)',
    });
  });

  it('publishes a JSON Schema including the filter predicate', () => {
    const spec = (contractJsonSchema as any).properties.spec;
    expect(spec.required).toEqual(
      expect.arrayContaining(['owner', 'rules', 'appliesTo']),
    );
    expect(JSON.stringify(spec.properties.appliesTo)).toContain('$all');
    const rule = spec.properties.rules.items;
    expect(rule.required).not.toContain('appliesTo');
    expect(JSON.stringify(rule.properties.appliesTo)).toContain('$all');
    const campaign = spec.properties.campaigns.items;
    expect(campaign.required).toEqual(['id', 'title', 'deadline']);
    expect(JSON.stringify(campaign.properties.appliesTo)).toContain('$all');
  });
});

describe('scoreEntity', () => {
  const { contract } = compileContract(contractDoc(), 'svc.yaml');
  const score = (statuses: RuleStatus[]) => scoreEntity(contract!, statuses);

  it('weights the score and climbs levels while every rule below passes', () => {
    expect(score(['pass', 'pass', 'pass', 'pass'])).toEqual({
      score: 100,
      level: 'gold',
      groundRulesMet: true,
      counts: { pass: 4, fail: 0, unknown: 0, waived: 0, 'not-applicable': 0 },
    });
    expect(score(['pass', 'waived', 'fail', 'pass'])).toMatchObject({
      score: 83.3,
      level: 'bronze',
      groundRulesMet: true,
    });
    expect(score(['pass', 'unknown', 'pass', 'pass'])).toMatchObject({
      level: null,
      groundRulesMet: true,
    });
    expect(score(['fail', 'pass', 'pass', 'pass'])).toMatchObject({
      score: 50,
      level: null,
      groundRulesMet: false,
    });
  });

  it('leaves not-applicable rules out of score and levels, but counts them', () => {
    expect(score(['pass', 'not-applicable', 'pass', 'pass'])).toEqual({
      score: 100,
      level: 'gold',
      groundRulesMet: true,
      counts: { pass: 3, fail: 0, unknown: 0, waived: 0, 'not-applicable': 1 },
    });
    // owner (weight 3) fails; docs (1) n/a; slo (1) and scan (1) pass.
    expect(score(['fail', 'not-applicable', 'pass', 'pass'])).toMatchObject({
      score: 40,
      level: null,
      groundRulesMet: false,
    });
    expect(
      score(['not-applicable', 'not-applicable', 'not-applicable', 'fail']),
    ).toMatchObject({ score: 0, level: 'silver', groundRulesMet: true });
    expect(score(Array(4).fill('not-applicable'))).toMatchObject({
      score: 100,
      level: 'gold',
      groundRulesMet: true,
    });
  });

  it('scores as if not-applicable rules were not in the contract (property)', () => {
    const status = fc.constantFrom<RuleStatus>(
      'pass',
      'fail',
      'unknown',
      'waived',
      'not-applicable',
    );
    fc.assert(
      fc.property(
        fc.array(status, { minLength: 4, maxLength: 4 }),
        statuses => {
          const applicable = statuses
            .map((s, i) => [s, i] as const)
            .filter(([s]) => s !== 'not-applicable');
          const doc = contractDoc();
          doc.spec.rules = applicable.map(([, i]) => doc.spec.rules[i]);
          const withAll = score(statuses);
          expect(withAll.counts['not-applicable']).toBe(
            statuses.length - applicable.length,
          );
          // All not-applicable is covered above; a contract needs a rule.
          fc.pre(applicable.length > 0);
          const reduced = compileContract(doc, 'r.yaml').contract!;
          const without = scoreEntity(
            reduced,
            applicable.map(([s]) => s),
          );
          expect(withAll.score).toBe(without.score);
          expect(withAll.level).toBe(without.level);
          expect(withAll.groundRulesMet).toBe(without.groundRulesMet);
        },
      ),
    );
  });
});

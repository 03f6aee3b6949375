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
      counts: { pass: 4, fail: 0, unknown: 0, waived: 0 },
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
});

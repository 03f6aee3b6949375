import { demoEntities, entity } from '../__fixtures__/catalog';
import { FocusGroup } from '../ingest/focusReader';
import { attribute } from './attribute';
import { CatalogModel } from './CatalogModel';

const tagRules = [
  { tag: 'application', kind: 'component' },
  { tag: 'business_unit', kind: 'group' },
];
const noAccount = { subAccountId: null, billingAccountId: null };

jest.setTimeout(60_000);

describe('CatalogModel', () => {
  const model = new CatalogModel(
    [
      ...demoEntities,
      entity(
        'Component',
        'churn-predictor',
        { ownedBy: ['group:default/ViennaAI'] },
        {
          'groundwork.dev/cost-tags': 'project=churn, env=prod',
          'groundwork.dev/cost-budget': '250 usd',
        },
      ),
      entity(
        'Component',
        'churn-sandbox',
        { ownedBy: ['group:default/ViennaAI'] },
        {
          'groundwork.dev/cost-tags': 'project=churn',
          'groundwork.dev/cost-annual-budget': '3,000 eur',
        },
      ),
    ],
    tagRules,
    new Map([['51738928782', 'group:default/lipadata']]),
  );

  it('matches tag values to entity names case-insensitively, rules in order', () => {
    expect(
      model.resolve({
        tags: { application: 'brightpathmatrix', business_unit: 'TempeAI' },
        ...noAccount,
      }),
    ).toBe('component:default/brightpathmatrix');
    expect(
      model.resolve({
        tags: { application: 'Unknown', business_unit: 'TempeAI' },
        ...noAccount,
      }),
    ).toBe('group:default/tempeai');
    expect(
      model.resolve({ tags: { application: 'Unknown' }, ...noAccount }),
    ).toBeNull();
  });

  it('prefers the most specific annotation over tag rules', () => {
    expect(
      model.resolve({
        tags: { project: 'CHURN', env: 'prod', application: 'ZoomMapMax' },
        ...noAccount,
      }),
    ).toBe('component:default/churn-predictor');
    expect(
      model.resolve({ tags: { project: 'churn', env: 'dev' }, ...noAccount }),
    ).toBe('component:default/churn-sandbox');
    expect(model.tagKeys).toEqual([
      'application',
      'business_unit',
      'env',
      'project',
    ]);
  });

  it('falls back to the account mapping', () => {
    expect(
      model.resolve({
        tags: {},
        subAccountId: '51738928782',
        billingAccountId: '1',
      }),
    ).toBe('group:default/lipadata');
    expect(
      model.resolve({
        tags: {},
        subAccountId: 'x',
        billingAccountId: '51738928782',
      }),
    ).toBe('group:default/lipadata');
  });

  it('builds the roll-up hierarchy and owners', () => {
    const ancestors = (ref: string) =>
      model
        .closure()
        .filter(p => p.entityRef === ref)
        .map(p => p.ancestorRef)
        .sort();
    expect(ancestors('component:default/brightpathmatrix')).toEqual([
      'domain:default/commerce',
      'group:default/acme',
      'group:default/peoriadata',
      'group:default/product',
      'system:default/brightpath',
    ]);
    expect(model.ownerGroup('component:default/brightpathmatrix')).toBe(
      'group:default/peoriadata',
    );
    expect(model.ownerGroup('group:default/tempeai')).toBe(
      'group:default/tempeai',
    );
    expect(model.annotationBudgets).toEqual([
      {
        entityRef: 'component:default/churn-predictor',
        amount: 250,
        currency: 'USD',
      },
    ]);
    expect(model.annualAnnotationBudgets).toEqual([
      {
        entityRef: 'component:default/churn-sandbox',
        amount: 3000,
        currency: 'EUR',
      },
    ]);
  });

  it('keeps unattributed cost with its tags and account', () => {
    const group = (overrides: Partial<FocusGroup>): FocusGroup => ({
      billingPeriod: '2026-11-01',
      day: '2026-11-02',
      serviceCategory: 'Compute',
      serviceName: 'EC2',
      provider: 'AWS',
      chargeCategory: 'Usage',
      chargeClass: null,
      currency: 'USD',
      billingAccountId: 'b',
      subAccountId: 's',
      subAccountName: 'Sandbox',
      tags: {},
      effectiveCost: 2,
      billedCost: 2,
      listCost: 3,
      ...overrides,
    });
    const { rollups, unattributed } = attribute(
      [
        group({ tags: { application: 'brightpathmatrix' } }),
        group({ tags: { application: 'BrightPathMatrix' } }),
        group({ tags: { application: 'mystery' } }),
        group({}),
      ],
      [],
      model,
    );
    expect(rollups).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/brightpathmatrix',
        effectiveCost: 4,
        listCost: 6,
      }),
      expect.objectContaining({ entityRef: null, effectiveCost: 4 }),
    ]);
    expect(
      unattributed.map(u => [u.dimension, u.label, u.effectiveCost]),
    ).toEqual([
      ['tag', 'application=mystery', 2],
      ['account', 'Sandbox (s)', 4],
      ['tag', '(no attribution tags)', 2],
    ]);
  });
});

describe('CatalogModel claims of different owners', () => {
  const claiming = (name: string, owner: string, tags: string) =>
    entity(
      'Component',
      name,
      { ownedBy: [`group:default/${owner}`] },
      { 'groundwork.dev/cost-tags': tags },
    );
  const model = new CatalogModel(
    [
      ...demoEntities,
      claiming('ledger', 'LipaData', 'app=ledger'),
      // Another team's claim on a subset of the same cost.
      claiming('ledger-copy', 'TempeAI', 'app=ledger, env=prod'),
      // Disagreeing on env: never the same cost.
      claiming('shop-prod', 'PeoriaData', 'app=shop, env=prod'),
      claiming('shop-dev', 'TempeAI', 'app=shop, env=dev'),
      // The same name in two namespaces.
      {
        ...entity('Group', 'twin'),
        metadata: { ...entity('Group', 'twin').metadata, namespace: 'other' },
      },
      entity('Group', 'twin'),
    ],
    tagRules,
    new Map(),
  );

  it('gives cost both match to neither: the rules decide, else nobody', () => {
    const prod = { tags: { app: 'ledger', env: 'prod' }, ...noAccount };
    expect(model.resolve(prod)).toBeNull();
    expect(
      model.resolve({
        ...prod,
        tags: { ...prod.tags, application: 'ZoomMapMax' },
      }),
    ).toBe('component:default/zoommapmax');
    expect(model.resolve({ tags: { app: 'ledger' }, ...noAccount })).toBe(
      'component:default/ledger',
    );
    expect(
      model.resolve({ tags: { app: 'shop', env: 'dev' }, ...noAccount }),
    ).toBe('component:default/shop-dev');
  });

  it('attributes no cost by a tag rule to a name several namespaces share', () => {
    expect(
      model.resolve({ tags: { business_unit: 'twin' }, ...noAccount }),
    ).toBeNull();
  });

  it('reports the conflicts', () => {
    expect(model.conflicts()).toEqual([
      expect.objectContaining({
        source: 'groundwork.dev/cost-tags',
        claim: 'app=ledger',
        entityRefs: [
          'component:default/ledger',
          'component:default/ledger-copy',
        ],
      }),
      expect.objectContaining({
        source: 'cost.attribution.tagRules',
        claim: 'business_unit=twin',
        entityRefs: ['group:default/twin', 'group:other/twin'],
      }),
    ]);
  });

  it('drops relations to entities outside the model', () => {
    const alone = new CatalogModel(
      [
        entity('Group', 'PeoriaData', {
          childOf: ['group:default/acme', 'group:default/registered-elsewhere'],
        }),
        entity('Group', 'acme'),
      ],
      [],
      new Map(),
    );
    expect(alone.closure()).toEqual([
      {
        entityRef: 'group:default/peoriadata',
        ancestorRef: 'group:default/acme',
      },
    ]);
  });
});

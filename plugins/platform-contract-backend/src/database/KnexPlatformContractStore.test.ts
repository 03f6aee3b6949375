import { mockServices } from '@backstage/backend-test-utils';
import { createStoreTestDatabases } from '@groundwork/test-utils';
import { Rollup } from '@groundwork/plugin-platform-contract-common';
import { KnexPlatformContractStore } from './KnexPlatformContractStore';
import {
  EntityResultRow,
  StoredRollup,
  StoredWaiver,
} from './PlatformContractStore';

jest.setTimeout(60_000);

const databases = createStoreTestDatabases();

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await KnexPlatformContractStore.create(
    mockServices.database({ knex }),
  );
  return { knex, store };
}

/** A time on the test day, e.g. when a run evaluated. */
const at = (hour: number) =>
  `2026-11-24T${String(hour).padStart(2, '0')}:00:00.000Z`;

const result = (
  entityRef: string,
  contract = 'svc',
  score = 50,
  evaluatedAt = at(7),
): EntityResultRow => ({
  contract,
  entityRef,
  score,
  level: 'bronze',
  groundRulesMet: true,
  counts: { pass: 1, fail: 1, unknown: 0, waived: 0 },
  rules: [
    { ruleId: 'a', status: 'pass' },
    { ruleId: 'b', status: 'fail', waiverId: 'w1' },
  ],
  evaluatedAt,
});

/** Results as a full evaluation hands them over, batch by batch. */
async function* batches(...of: EntityResultRow[][]) {
  yield* of;
}

/** A full evaluation that fails after its first batch. */
function failPartWay(
  store: KnexPlatformContractStore,
  historyDay: string,
  evaluatedAt = at(7),
) {
  return store.replaceAllResults(
    (async function* failing() {
      yield [result('component:default/z', 'svc', 50, evaluatedAt)];
      throw new Error('evaluation failed');
    })(),
    historyDay,
    evaluatedAt,
    new Map(),
  );
}

const rollupOnly = (ref: string, score: number): Rollup => ({
  type: 'group',
  ref,
  score,
  entityCount: 2,
  groundRulesMetCount: 1,
  levels: { bronze: 1, none: 1 },
  counts: { pass: 1, fail: 1, unknown: 0, waived: 0 },
  evaluatedAt: '2026-11-24T07:00:00.000Z',
});
const rollup = (ref: string, score: number): StoredRollup => ({
  rollup: rollupOnly(ref, score),
  rules: [
    {
      contract: 'svc',
      ruleId: 'a',
      title: 'A',
      level: 'ground',
      category: 'ownership',
      entityCount: 2,
      pass: 1,
      fail: 1,
      unknown: 0,
      waived: 0,
    },
  ],
  categories: { ownership: { score: 50, satisfied: 1, total: 2 } },
});

describe('KnexPlatformContractStore', () => {
  it.each(databases.eachSupportedId())(
    'drops results stored with deciding facts when migrating to statuses only, on %p',
    async id => {
      const { knex, store } = await createStore(id);
      const directory = `${__dirname}/../../migrations`;
      const name = '20261124130000_results_without_facts.js';
      await knex.migrate.down({ directory, name });
      await knex('pc_results').insert({
        contract: 'svc',
        entity_ref: 'component:default/old',
        score: 50,
        level: null,
        ground_rules_met: false,
        results: JSON.stringify({ c: {}, r: [['a', 'pass', [['x', 1]]]] }),
        evaluated_at: '2026-11-23T07:00:00.000Z',
      });
      await knex.migrate.latest({ directory });
      expect(await store.readAllResults()).toEqual([]);
      await store.replaceAllResults(
        batches([result('component:default/new')]),
        '2026-11-24',
        at(7),
        new Map(),
      );
      await knex.migrate.down({ directory, name });
      expect(Number((await knex('pc_results').count({ n: '*' }))[0].n)).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'stores provider and pushed facts, marking stale, on %p',
    async id => {
      const { store } = await createStore(id);
      const fact = (value: any) => ({
        value,
        observedAt: '2026-11-24T07:00:00.000Z',
        source: 'catalog',
      });
      await store.writeProviderFacts(
        'catalog',
        [
          {
            entityRef: 'component:default/a',
            facts: {
              'catalog.owner': fact('group:default/x'),
              'catalog.system': fact(null),
            },
          },
          {
            entityRef: 'component:default/b',
            facts: { 'catalog.owner': fact(null) },
          },
        ],
        '2026-11-24T07:00:00.000Z',
      );
      await store.pushFacts(
        [
          {
            entityRef: 'component:default/a',
            name: 'security.scanPassed',
            fact: {
              value: true,
              observedAt: '2026-11-24T06:00:00.000Z',
              source: 'push:ci',
            },
          },
        ],
        '2026-11-24T07:00:00.000Z',
      );
      await store.pushFacts(
        [
          {
            entityRef: 'component:default/a',
            name: 'ci.present',
            fact: {
              value: true,
              observedAt: '2026-11-24T06:00:00.000Z',
              source: 'push:ci',
            },
          },
          {
            entityRef: 'component:default/a',
            name: 'catalog.system',
            fact: {
              value: 'system:default/pushed',
              observedAt: '2026-11-24T06:00:00.000Z',
              source: 'push:ci',
            },
          },
        ],
        '2026-11-24T07:00:00.000Z',
      );
      await store.markProviderFactsStale('catalog', ['component:default/b']);

      const facts = await store.readFacts();
      expect([...facts.get('component:default/a')!.keys()].sort()).toEqual([
        'catalog.owner',
        'catalog.system',
        'ci.present',
        'security.scanPassed',
      ]);
      // A collected fact wins over a pushed one of the same name.
      expect(
        facts.get('component:default/a')!.get('catalog.system'),
      ).toMatchObject({ value: null, source: 'catalog' });
      expect(facts.get('component:default/a')!.get('catalog.owner')).toEqual({
        name: 'catalog.owner',
        value: 'group:default/x',
        observedAt: '2026-11-24T07:00:00.000Z',
        source: 'catalog',
      });
      const b = facts.get('component:default/b')!;
      expect([...b.keys()]).toEqual(['catalog.owner']);
      expect(b.get('catalog.owner')).toEqual({
        name: 'catalog.owner',
        value: null,
        observedAt: '2026-11-24T07:00:00.000Z',
        source: 'catalog',
        stale: true,
      });
      expect([
        ...(await store.readFacts(['component:default/b'])).keys(),
      ]).toEqual(['component:default/b']);

      // Entities gone from the catalog lose collected facts but keep pushed ones.
      expect(
        await store.deleteCollectedFactsExcept(
          new Set(['component:default/b']),
        ),
      ).toBe(1);
      expect(
        [
          ...(await store.readFacts()).get('component:default/a')!.keys(),
        ].sort(),
      ).toEqual(['catalog.system', 'ci.present', 'security.scanPassed']);

      // Pushes for entities gone from the catalog go once they are old enough.
      expect(
        await store.prunePushedFacts(
          new Set(['component:default/b']),
          '2026-11-24T07:00:00.000Z',
        ),
      ).toBe(0);
      expect(
        await store.prunePushedFacts(
          new Set(['component:default/b']),
          '2026-11-24T07:00:00.001Z',
        ),
      ).toBe(3);
      expect((await store.readFacts()).has('component:default/a')).toBe(false);

      // Writing again replaces the provider's facts and clears the stale flag.
      await store.writeProviderFacts(
        'catalog',
        [
          {
            entityRef: 'component:default/b',
            facts: { 'catalog.owner': fact('group:default/y') },
          },
        ],
        '2026-11-24T08:00:00.000Z',
      );
      expect(
        (await store.readFacts(['component:default/b']))
          .get('component:default/b')!
          .get('catalog.owner'),
      ).toEqual({
        name: 'catalog.owner',
        value: 'group:default/y',
        observedAt: '2026-11-24T07:00:00.000Z',
        source: 'catalog',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps every one of concurrent pushes for one entity, on %p',
    async id => {
      const { store } = await createStore(id);
      const names = Array.from({ length: 8 }, (_, i) => `build.step${i}`);
      await Promise.all(
        names.map(name =>
          store.pushFacts(
            [
              {
                entityRef: 'component:default/a',
                name,
                fact: {
                  value: true,
                  observedAt: '2026-11-24T06:00:00.000Z',
                  source: 'push:ci',
                },
              },
            ],
            '2026-11-24T07:00:00.000Z',
          ),
        ),
      );
      const facts = (await store.readFacts(['component:default/a'])).get(
        'component:default/a',
      )!;
      expect([...facts.keys()].sort()).toEqual(names);
    },
  );

  it.each(databases.eachSupportedId())(
    'records the last full evaluation, not single-entity ones, on %p',
    async id => {
      const { store } = await createStore(id);
      expect(await store.lastFullEvaluationDay()).toBeUndefined();
      await store.replaceEntityResults(
        'component:default/a',
        [result('component:default/a')],
        at(7),
        {},
      );
      expect(await store.lastFullEvaluationDay()).toBeUndefined();
      await expect(failPartWay(store, '2026-11-21')).rejects.toThrow(
        'evaluation failed',
      );
      expect(await store.lastFullEvaluationDay()).toBeUndefined();
      // A catalog without subjects has been evaluated too.
      await store.replaceAllResults(batches(), '2026-11-22', at(7), new Map());
      expect(await store.lastFullEvaluationDay()).toBe('2026-11-22');
      await store.replaceAllResults(
        batches([result('component:default/a')]),
        '2026-11-23',
        at(7),
        new Map(),
      );
      expect(await store.lastFullEvaluationDay()).toBe('2026-11-23');
    },
  );

  it.each(databases.eachSupportedId())(
    'counts a database that already holds results as evaluated when migrating, on %p',
    async id => {
      const { knex, store } = await createStore(id);
      const directory = `${__dirname}/../../migrations`;
      const name = '20261125090000_full_evaluations.js';
      await knex.migrate.down({ directory, name });
      await store.upsertEntityHistory('2026-11-23', [
        result('component:default/a'),
      ]);
      await knex.migrate.latest({ directory });
      // History alone (e.g. the demo's) is no evaluation.
      expect(await store.lastFullEvaluationDay()).toBeUndefined();
      await knex.migrate.down({ directory, name });
      await store.replaceEntityResults(
        'component:default/a',
        [result('component:default/a')],
        at(7),
        {},
      );
      await knex.migrate.latest({ directory });
      expect(await store.lastFullEvaluationDay()).toBe('2026-11-23');
    },
  );

  it.each(databases.eachSupportedId())(
    'recomputes roll-ups from where results were evaluated and the stored organisation, on %p',
    async id => {
      const { store } = await createStore(id);
      await store.replaceAllResults(
        batches([result('component:default/a'), result('component:default/b')]),
        '2026-11-24',
        at(7),
        new Map([['component:default/a', { owner: 'group:default/x' }]]),
      );
      await store.replaceEntityResults(
        'component:default/b',
        [result('component:default/b', 'svc', 50, at(8))],
        at(8),
        { owner: 'group:default/y', system: 'system:default/s' },
      );
      await store.replaceOrganization({
        parentOf: new Map([['group:default/x', 'group:default/top']]),
        domainOf: new Map([['system:default/s', 'domain:default/d']]),
      });
      const seen: unknown[] = [];
      await store.recomputeRollups((rows, organization) => {
        seen.push(
          rows.map(r => [r.entityRef, r.placement]).sort(),
          organization,
        );
        return [rollup('group:default/x', 50)];
      }, '2026-11-24');
      expect(seen).toEqual([
        [
          ['component:default/a', { owner: 'group:default/x' }],
          [
            'component:default/b',
            { owner: 'group:default/y', system: 'system:default/s' },
          ],
        ],
        {
          parentOf: new Map([['group:default/x', 'group:default/top']]),
          domainOf: new Map([['system:default/s', 'domain:default/d']]),
        },
      ]);
      expect(
        (await store.listRollups('group')).map(r => r.rollup.score),
      ).toEqual([50]);
      expect(await store.readRollupHistory('group', 'group:default/x')).toEqual(
        [expect.objectContaining({ day: '2026-11-24', score: 50 })],
      );
      // Nothing to store leaves the last roll-ups.
      await store.recomputeRollups(() => undefined, '2026-11-24');
      expect(await store.listRollups('group')).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'replaces results and keeps one history row per day, on %p',
    async id => {
      const { store } = await createStore(id);
      await store.replaceAllResults(
        batches(
          [result('component:default/a'), result('component:default/b')],
          [result('component:default/a', 'ml')],
        ),
        '2026-11-22',
        at(7),
        new Map(),
      );
      expect(
        (await store.readAllResults())
          .map(r => [r.entityRef, r.contract])
          .sort(),
      ).toEqual([
        ['component:default/a', 'ml'],
        ['component:default/a', 'svc'],
        ['component:default/b', 'svc'],
      ]);
      await store.replaceAllResults(
        batches([result('component:default/a', 'svc', 75, at(8))]),
        '2026-11-22',
        at(8),
        new Map(),
      );
      expect(await store.readEntityResults('component:default/b')).toEqual([]);
      expect(await store.readEntityResults('component:default/a')).toEqual([
        result('component:default/a', 'svc', 75, at(8)),
      ]);
      // A run that fails part-way deletes nothing: the last results stay
      // beside those of the batches it stored.
      await expect(failPartWay(store, '2026-11-22', at(9))).rejects.toThrow(
        'evaluation failed',
      );
      expect(
        (await store.readAllResults()).map(r => [r.entityRef, r.score]).sort(),
      ).toEqual([
        ['component:default/a', 75],
        ['component:default/z', 50],
      ]);
      await store.replaceEntityResults(
        'component:default/a',
        [result('component:default/a', 'svc', 80, at(10))],
        at(10),
        {},
      );
      expect(
        (await store.readEntityResults('component:default/a'))[0].score,
      ).toBe(80);
      // An entity evaluated on its own during a full run keeps its newer
      // result, and that evaluation keeps the run's newer ones.
      const { newerKept } = await store.replaceAllResults(
        batches([
          result('component:default/a', 'svc', 60, at(9)),
          result('component:default/z', 'svc', 60, at(9)),
        ]),
        '2026-11-22',
        at(9),
        new Map(),
      );
      expect(newerKept).toBe(1);
      await store.replaceEntityResults(
        'component:default/z',
        [result('component:default/z', 'svc', 10, at(8))],
        at(8),
        {},
      );
      expect(
        (await store.readAllResults()).map(r => [r.entityRef, r.score]).sort(),
      ).toEqual([
        ['component:default/a', 80],
        ['component:default/z', 60],
      ]);
      await store.replaceEntityResults('component:default/z', [], at(11), {});
      await store.replaceEntityResults(
        'component:default/c',
        [
          {
            ...result('component:default/c', 'svc', 50, at(11)),
            counts: {
              pass: 1,
              fail: 0,
              unknown: 0,
              waived: 0,
              'not-applicable': 1,
            },
            rules: [
              { ruleId: 'a', status: 'pass' },
              { ruleId: 'b', status: 'not-applicable' },
            ],
          },
        ],
        at(11),
        {},
      );
      const all = await store.readAllResults();
      expect(all.map(r => [r.entityRef, r.score]).sort()).toEqual([
        ['component:default/a', 80],
        ['component:default/c', 50],
      ]);
      expect(
        all.find(r => r.entityRef === 'component:default/c')!.rules[1].status,
      ).toBe('not-applicable');

      await store.upsertEntityHistory('2026-11-23', [
        result('component:default/a', 'svc', 40),
      ]);
      await store.upsertEntityHistory('2026-11-24', [
        result('component:default/a', 'svc', 60),
      ]);
      await store.upsertEntityHistory('2026-11-24', [
        result('component:default/a', 'svc', 80),
      ]);
      expect(await store.readEntityHistory('component:default/a')).toEqual([
        // From the full runs: the results stored when the last one ended
        // (a's newer 80), and the first one's ml row.
        {
          contract: 'ml',
          day: '2026-11-22',
          score: 50,
          level: 'bronze',
          groundRulesMet: true,
        },
        {
          contract: 'svc',
          day: '2026-11-22',
          score: 80,
          level: 'bronze',
          groundRulesMet: true,
        },
        {
          contract: 'svc',
          day: '2026-11-23',
          score: 40,
          level: 'bronze',
          groundRulesMet: true,
        },
        {
          contract: 'svc',
          day: '2026-11-24',
          score: 80,
          level: 'bronze',
          groundRulesMet: true,
        },
      ]);

      await store.replaceRollups(
        [rollup('group:default/x', 50), rollup('group:default/y', 60)],
        '2026-11-24',
      );
      await store.replaceRollups([rollup('group:default/x', 55)], '2026-11-24');
      expect(await store.listRollups('group')).toEqual([
        rollup('group:default/x', 55),
      ]);
      expect(await store.getRollup('group', 'group:default/x')).toEqual(
        rollup('group:default/x', 55),
      );
      expect(await store.getRollup('group', 'group:default/y')).toBeUndefined();
      await store.upsertRollupHistory('2026-11-01', [
        rollupOnly('group:default/x', 10),
      ]);
      await store.upsertRollupHistory('2026-11-24', [
        rollupOnly('group:default/x', 50),
      ]);
      await store.upsertRollupHistory('2026-11-24', [
        rollupOnly('group:default/x', 55),
      ]);
      expect(await store.readRollupHistory('group', 'group:default/x')).toEqual(
        [
          {
            day: '2026-11-01',
            score: 10,
            entityCount: 2,
            groundRulesMetCount: 1,
          },
          {
            day: '2026-11-24',
            score: 55,
            entityCount: 2,
            groundRulesMetCount: 1,
          },
        ],
      );

      // Entity rows of the 22nd (a/svc, a/ml, b/svc, z/svc) and the 23rd; the rollup row of the 23rd.
      expect(await store.pruneHistory('2026-11-24')).toBe(6);
      expect(
        (await store.readRollupHistory('group', 'group:default/x')).map(
          p => p.day,
        ),
      ).toEqual(['2026-11-24']);
      expect(
        (await store.readEntityHistory('component:default/a')).map(p => p.day),
      ).toEqual(['2026-11-24']);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps waivers with an audit trail and guards status changes, on %p',
    async id => {
      const { store } = await createStore(id);
      const waiver: StoredWaiver = {
        id: '11111111-1111-1111-1111-111111111111',
        contract: 'svc',
        entityRef: 'component:default/a',
        ruleId: 'slo',
        reason: 'migrating',
        conditions: 'weekly review',
        expiresAt: '2026-12-01T00:00:00.000Z',
        status: 'requested',
        contractOwner: 'group:default/platform-team',
        requestedBy: 'user:default/alice',
        requestedAt: '2026-11-24T07:00:00.000Z',
      };
      await store.insertWaiver(waiver, {
        at: waiver.requestedAt,
        actor: waiver.requestedBy,
        action: 'requested',
      });
      expect(await store.getWaiver(waiver.id)).toEqual(waiver);
      expect(await store.listActiveWaivers('2026-11-24T07:00:00.000Z')).toEqual(
        [],
      );

      const approve = {
        status: 'approved' as const,
        decidedBy: 'user:default/bob',
        decidedAt: '2026-11-24T08:00:00.000Z',
        decisionComment: 'ok',
      };
      expect(
        await store.updateWaiver(waiver.id, 'requested', approve, {
          at: approve.decidedAt,
          actor: approve.decidedBy,
          action: 'approved',
          comment: 'ok',
        }),
      ).toBe(true);
      expect(
        await store.updateWaiver(
          waiver.id,
          'requested',
          { status: 'rejected' },
          { at: approve.decidedAt, actor: 'x', action: 'rejected' },
        ),
      ).toBe(false);

      expect(
        (
          await store.listActiveWaivers(
            '2026-11-30T00:00:00.000Z',
            'component:default/a',
          )
        ).map(w => w.id),
      ).toEqual([waiver.id]);
      expect(await store.listActiveWaivers('2026-12-01T00:00:00.000Z')).toEqual(
        [],
      );
      expect(
        await store.listWaivers({
          status: 'approved',
          entityRef: 'component:default/a',
          contract: 'svc',
        }),
      ).toEqual([{ ...waiver, ...approve }]);
      expect(await store.listWaivers({ status: 'requested' })).toEqual([]);
      expect(await store.getWaivers([waiver.id, 'nope'])).toHaveLength(1);
      expect(
        (await store.listWaiverEvents(waiver.id)).map(e => e.action),
      ).toEqual(['requested', 'approved']);
    },
  );
});

import fc from 'fast-check';
import { Fact, FactLookup, FactValue } from '../facts';
import { getJsonValueAtPath } from '@backstage/filter-predicates';
import {
  compileCondition,
  compileConditionStatus,
  valueAtPath,
} from './conditions';
import { Condition, conditionSchema } from './schema';

const observedAt = '2026-01-01T00:00:00Z';
function lookup(
  values: Record<string, FactValue>,
  stale: string[] = [],
): FactLookup {
  const facts = new Map<string, Fact>(
    Object.entries(values).map(([name, value]) => [
      name,
      {
        name,
        value,
        observedAt,
        source: 'test',
        ...(stale.includes(name) ? { stale: true } : {}),
      },
    ]),
  );
  return name => facts.get(name);
}
const run = (condition: Condition, facts: FactLookup) =>
  compileCondition(conditionSchema.parse(condition))(facts).status;

describe('compileCondition', () => {
  it.each<[Condition, FactValue, 'pass' | 'fail']>([
    [{ fact: 'f', equal: 'production' }, 'production', 'pass'],
    [{ fact: 'f', equal: 'production' }, 'Production', 'fail'],
    [{ fact: 'f', equal: 3 }, '3', 'fail'],
    [{ fact: 'f', in: ['a', 'b'] }, 'b', 'pass'],
    [{ fact: 'f', in: ['a', 'b'] }, 'c', 'fail'],
    [{ fact: 'f', exists: true }, 'x', 'pass'],
    [{ fact: 'f', exists: true }, null, 'fail'],
    [{ fact: 'f', exists: false }, null, 'pass'],
    [{ fact: 'f', lt: 5 }, 4, 'pass'],
    [{ fact: 'f', lt: 5 }, 5, 'fail'],
    [{ fact: 'f', lte: 5 }, 5, 'pass'],
    [{ fact: 'f', gt: 0 }, 1, 'pass'],
    [{ fact: 'f', gt: 0 }, '1', 'fail'],
    [{ fact: 'f', gte: 2 }, 2, 'pass'],
    [{ fact: 'f', gte: 2 }, null, 'fail'],
    [{ fact: 'f', matches: '^https://' }, 'https://slo', 'pass'],
    [{ fact: 'f', matches: '^https://' }, 'http://slo', 'fail'],
    [{ fact: 'f', matches: '.' }, 42, 'fail'],
    [{ fact: 'f', semver: '>=2.0.0' }, '2.1.0', 'pass'],
    [{ fact: 'f', semver: '>=2.0.0' }, '1.9.9', 'fail'],
    [{ fact: 'f', semver: '>=2.0.0' }, 'not-a-version', 'fail'],
  ])('%j on %j is %s', (condition, value, expected) => {
    expect(run(condition, lookup({ f: value }))).toBe(expected);
  });

  it('reads paths into object facts, tolerating dots in keys', () => {
    const facts = lookup({ a: { 'pagerduty.com/service-id': 'P1' } });
    expect(
      run({ fact: 'a', path: 'pagerduty.com/service-id', exists: true }, facts),
    ).toBe('pass');
    expect(
      run(
        { fact: 'a', path: 'backstage.io/techdocs-ref', exists: true },
        facts,
      ),
    ).toBe('fail');
  });

  it('reports missing and stale facts as unknown with the deciding fact', () => {
    const facts = lookup({ s: 'x' }, ['s']);
    const missing = compileCondition({ fact: 'm', exists: false })(facts);
    expect(missing).toEqual({
      status: 'unknown',
      facts: [{ fact: 'm', problem: 'missing' }],
    });
    const stale = compileCondition({ fact: 's', equal: 'x' })(facts);
    expect(stale.status).toBe('unknown');
    expect(stale.facts[0]).toEqual({ fact: 's', problem: 'stale', value: 'x' });
  });

  it('combines with all, any and not, reporting the deciding facts', () => {
    const facts = lookup({ a: 1, b: 2 });
    const failing = compileCondition({
      all: [
        { fact: 'a', equal: 1 },
        { fact: 'b', equal: 3 },
      ],
    })(facts);
    expect(failing.status).toBe('fail');
    expect(failing.facts.map(f => f.fact)).toEqual(['b']);
    expect(
      run(
        {
          any: [
            { fact: 'a', equal: 9 },
            { fact: 'b', equal: 2 },
          ],
        },
        facts,
      ),
    ).toBe('pass');
    expect(run({ not: { fact: 'a', equal: 1 } }, facts)).toBe('fail');
    expect(
      run(
        {
          all: [
            { fact: 'a', equal: 1 },
            { fact: 'zz', equal: 1 },
          ],
        },
        facts,
      ),
    ).toBe('unknown');
    expect(
      run(
        {
          all: [
            { fact: 'a', equal: 2 },
            { fact: 'zz', equal: 1 },
          ],
        },
        facts,
      ),
    ).toBe('fail');
    expect(
      run(
        {
          any: [
            { fact: 'a', equal: 1 },
            { fact: 'zz', equal: 1 },
          ],
        },
        facts,
      ),
    ).toBe('pass');
  });

  describe('properties', () => {
    const leaf = fc.oneof(
      fc.record({
        fact: fc.constantFrom('a', 'b', 'c'),
        gt: fc.integer({ min: -5, max: 5 }),
      }),
      fc.record({
        fact: fc.constantFrom('a', 'b', 'c'),
        equal: fc.integer({ min: -5, max: 5 }),
      }),
      fc.record({ fact: fc.constantFrom('a', 'b', 'c'), exists: fc.boolean() }),
    );
    const { condition } = fc.letrec<{ condition: Condition }>(tie => ({
      condition: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.record({
          all: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }),
        }),
        fc.record({
          any: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }),
        }),
        fc.record({ not: tie('condition') }),
      ),
    }));
    const factValues = fc.record(
      {
        a: fc.option(fc.integer({ min: -5, max: 5 })),
        b: fc.option(fc.integer({ min: -5, max: 5 })),
        c: fc.option(fc.integer({ min: -5, max: 5 })),
      },
      { requiredKeys: [] },
    );

    it('not(not(c)) equals c and not flips pass and fail', () => {
      fc.assert(
        fc.property(condition, factValues, (c, values) => {
          const facts = lookup(values as Record<string, FactValue>);
          const status = run(c, facts);
          const flipped = run({ not: c }, facts);
          expect(run({ not: { not: c } }, facts)).toBe(status);
          const negation = {
            pass: 'fail',
            fail: 'pass',
            unknown: 'unknown',
          } as const;
          expect(flipped).toBe(negation[status]);
        }),
      );
    });

    it('never passes or fails on missing facts: with no facts every condition is unknown', () => {
      fc.assert(
        fc.property(condition, c => {
          const status = run(c, lookup({}));
          expect(status).toBe('unknown');
        }),
      );
    });

    it('is monotone: adding facts never turns pass into fail or unknown', () => {
      fc.assert(
        fc.property(condition, factValues, factValues, (c, some, more) => {
          const partial = run(c, lookup(some as Record<string, FactValue>));
          const full = run(
            c,
            lookup({ ...more, ...some } as Record<string, FactValue>),
          );
          expect(partial === 'unknown' || full === partial).toBe(true);
        }),
      );
    });

    it('the status-only compilation agrees with the full one, stale facts included', () => {
      fc.assert(
        fc.property(
          condition,
          factValues,
          fc.subarray(['a', 'b', 'c']),
          (c, values, stale) => {
            const facts = lookup(values as Record<string, FactValue>, stale);
            expect(compileConditionStatus(c)(facts)).toBe(run(c, facts));
          },
        ),
      );
    });

    it('all/any agree with De Morgan', () => {
      fc.assert(
        fc.property(condition, condition, factValues, (x, y, values) => {
          const facts = lookup(values as Record<string, FactValue>);
          expect(run({ not: { all: [x, y] } }, facts)).toBe(
            run({ any: [{ not: x }, { not: y }] }, facts),
          );
        }),
      );
    });
  });

  it('answers semver ranges the same when a version is seen again', () => {
    const test = compileConditionStatus({ fact: 'v', semver: '^1.2.0' });
    for (const round of [1, 2]) {
      expect([round, test(lookup({ v: '1.4.0' }))]).toEqual([round, 'pass']);
      expect([round, test(lookup({ v: '2.0.0' }))]).toEqual([round, 'fail']);
      expect([round, test(lookup({ v: 'x.y' }))]).toEqual([round, 'fail']);
    }
  });
});

describe('valueAtPath', () => {
  const segment = fc.constantFrom('a', 'b', 'a.b', 'x.io/k', 'c');
  const json = fc.letrec<{ node: unknown }>(tie => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(1, 'v', null, true),
      fc.array(tie('node'), { maxLength: 2 }),
      fc.dictionary(segment, tie('node'), { maxKeys: 4 }),
    ),
  })).node;
  const path = fc
    .array(segment, { minLength: 0, maxLength: 3 })
    .map(parts => parts.join('.'));

  it('agrees with getJsonValueAtPath from @backstage/filter-predicates', () => {
    fc.assert(
      fc.property(json, path, (value, p) => {
        expect(valueAtPath(value, p)).toEqual(
          getJsonValueAtPath(value as any, p),
        );
      }),
      { numRuns: 2000 },
    );
  });
});

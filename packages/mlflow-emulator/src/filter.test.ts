import { matchesClause, parseFilter, parseOrderBy } from './filter';

describe('parseFilter', () => {
  it('parses the common clause shapes joined by AND', () => {
    expect(
      parseFilter(
        "metrics.rmse < 1.5 and params.model = 'lgbm' AND tags.`team name` != \"x\" AND attributes.status = 'FINISHED' AND run_name LIKE 'lgbm%'",
      ),
    ).toEqual([
      { entity: 'metric', key: 'rmse', op: '<', value: 1.5 },
      { entity: 'param', key: 'model', op: '=', value: 'lgbm' },
      { entity: 'tag', key: 'team name', op: '!=', value: 'x' },
      { entity: 'attribute', key: 'status', op: '=', value: 'FINISHED' },
      { entity: 'attribute', key: 'run_name', op: 'LIKE', value: 'lgbm%' },
    ]);
  });

  it('parses IN lists and dotted tag keys', () => {
    expect(parseFilter("tags.mlflow.parentRunId IN ('a', 'b')")).toEqual([
      { entity: 'tag', key: 'mlflow.parentRunId', op: 'IN', value: ['a', 'b'] },
    ]);
  });

  it.each([
    'metrics.rmse <',
    'metrics.rmse 1',
    "params.a = 'x' OR params.b = 'y'",
    "params.a = 'unterminated",
  ])('rejects %s', filter => {
    expect(() => parseFilter(filter)).toThrow();
  });
});

describe('parseOrderBy', () => {
  it('reads direction and defaults to ascending', () => {
    expect(parseOrderBy(['metrics.val_loss DESC', 'start_time'])).toEqual([
      { entity: 'metric', key: 'val_loss', ascending: false },
      { entity: 'attribute', key: 'start_time', ascending: true },
    ]);
  });
});

describe('matchesClause', () => {
  const [numeric] = parseFilter('metrics.x >= 2');
  const [like] = parseFilter("params.p ILIKE 'LG%'");
  const [stringGt] = parseFilter("params.p > 'a'");
  it('compares numbers, patterns and rejects ordering on strings', () => {
    expect(matchesClause(numeric, 2)).toBe(true);
    expect(matchesClause(numeric, 1.9)).toBe(false);
    expect(matchesClause(numeric, undefined)).toBe(false);
    expect(matchesClause(like, 'lgbm')).toBe(true);
    expect(() => matchesClause(stringGt, 'b')).toThrow(/Invalid comparator/);
  });
});

import { compileContract } from '@groundwork/plugin-platform-contract-common';
import { parse } from 'yaml';
import { TEST_CONTRACT_YAML } from '../__testUtils__/fixtures';
import {
  EntityPlacement,
  PlacedResultRow,
} from '../database/PlatformContractStore';
import { computeRollups } from './rollups';

const { contract } = compileContract(parse(TEST_CONTRACT_YAML), 'test.yaml');
const row = (
  entityRef: string,
  score: number,
  statuses: Array<'pass' | 'fail' | 'unknown' | 'waived' | 'not-applicable'>,
  placement: EntityPlacement,
): PlacedResultRow => ({
  contract: 'test-services',
  entityRef,
  score,
  level: score === 100 ? 'silver' : null,
  groundRulesMet: statuses[0] === 'pass',
  counts: {
    pass: 0,
    fail: 0,
    unknown: 0,
    waived: 0,
    ...Object.fromEntries(
      ['pass', 'fail', 'unknown', 'waived', 'not-applicable'].map(s => [
        s,
        statuses.filter(x => x === s).length,
      ]),
    ),
  } as any,
  rules: ['owner-group-valid', 'on-call', 'security-scan'].map((ruleId, i) => ({
    ruleId,
    status: statuses[i],
    facts: [],
  })),
  evaluatedAt: 'now',
  placement,
});

describe('computeRollups', () => {
  it('rolls entities up through every ancestor group, system and domain, and rules into frameworks and categories', () => {
    // acme > engineering > platform > sre, plus a bogus cycle acme > engineering that must not loop
    const parentOf = new Map([
      ['group:default/engineering', 'group:default/acme'],
      ['group:default/platform', 'group:default/engineering'],
      ['group:default/sre', 'group:default/platform'],
      ['group:default/acme', 'group:default/engineering'],
    ]);
    const rollups = computeRollups(
      [
        row('component:default/a', 100, ['pass', 'pass', 'pass'], {
          owner: 'group:default/sre',
          system: 'system:default/s',
        }),
        row('component:default/b', 25, ['fail', 'pass', 'unknown'], {
          owner: 'group:default/platform',
        }),
        row('component:default/c', 50, ['pass', 'fail', 'waived'], {
          owner: 'user:default/someone',
        }),
      ],
      new Map([[contract!.name, contract!]]),
      {
        parentOf,
        domainOf: new Map([['system:default/s', 'domain:default/d']]),
      },
      'now',
    );
    const find = (type: string, ref: string) =>
      rollups.find(r => r.rollup.type === type && r.rollup.ref === ref)!;
    expect(find('group', 'group:default/sre').rollup).toMatchObject({
      entityCount: 1,
      score: 100,
    });
    expect(find('group', 'group:default/platform').rollup).toMatchObject({
      entityCount: 2,
      score: 62.5,
      groundRulesMetCount: 1,
      levels: { silver: 1, none: 1 },
    });
    expect(find('group', 'group:default/acme').rollup.entityCount).toBe(2);
    expect(find('organization', 'all').rollup).toMatchObject({
      entityCount: 3,
      counts: { pass: 5, fail: 2, unknown: 1, waived: 1 },
    });
    expect(find('domain', 'domain:default/d').rollup.entityCount).toBe(1);
    expect(rollups.some(r => r.rollup.ref === 'user:default/someone')).toBe(
      false,
    );
    // security-scan (weight 1, soc2:CC7.1): pass, unknown, waived → 2 of 3 satisfied
    expect(find('framework', 'soc2:CC7.1').rollup).toMatchObject({
      score: 66.7,
      entityCount: 3,
    });
    // owner-group-valid (weight 2) in ownership: pass, fail, pass
    expect(find('category', 'ownership').rollup.score).toBe(66.7);
    expect(
      find('group', 'group:default/platform').rules.map(r => [
        r.ruleId,
        r.fail,
        r.unknown,
      ]),
    ).toEqual([
      ['owner-group-valid', 1, 0],
      ['security-scan', 0, 1],
      ['on-call', 0, 0],
    ]);
    expect(
      find('group', 'group:default/platform').categories.ownership,
    ).toEqual({ score: 50, satisfied: 1, total: 2 });
  });

  it('leaves not-applicable results out of counts, rule summaries, frameworks and categories', () => {
    const rollups = computeRollups(
      [
        row('component:default/a', 100, ['pass', 'pass', 'not-applicable'], {
          owner: 'group:default/sre',
        }),
        row('component:default/b', 0, ['fail', 'fail', 'not-applicable'], {
          owner: 'group:default/sre',
        }),
      ],
      new Map([[contract!.name, contract!]]),
      { parentOf: new Map(), domainOf: new Map() },
      'now',
    );
    const find = (type: string, ref: string) =>
      rollups.find(r => r.rollup.type === type && r.rollup.ref === ref);
    expect(find('organization', 'all')!.rollup.counts).toEqual({
      pass: 2,
      fail: 2,
      unknown: 0,
      waived: 0,
    });
    // security-scan is the only rule in soc2:CC7.1 and security.
    expect(find('framework', 'soc2:CC7.1')).toBeUndefined();
    expect(find('category', 'security')).toBeUndefined();
    const sre = find('group', 'group:default/sre')!;
    expect(sre.rules.map(r => r.ruleId)).not.toContain('security-scan');
    expect(sre.categories.security).toBeUndefined();
  });
});

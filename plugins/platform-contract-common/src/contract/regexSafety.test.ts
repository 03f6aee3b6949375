import { compileCondition } from './conditions';
import { catastrophicRegexReason } from './regexSafety';
import { conditionSchema } from './schema';

describe('catastrophicRegexReason', () => {
  it.each([
    '(a+)+$',
    '^(\\w+\\s?)*$',
    '((ab)*c)+',
    '(x{1,5})*y',
    '(a|b+)*',
    '((a+))+',
    '(.*a){2,}',
    '(a)\\1',
  ])('refuses %p', pattern => {
    expect(catastrophicRegexReason(pattern)).toBeDefined();
  });

  it.each([
    '^https://',
    '^[a-z0-9-]+$',
    '(ab)+',
    '^v\\d+\\.\\d+(\\.\\d+)?$',
    '[(a+)+]*',
    '\\(a+\\)+',
    'a{2}(b{3})+',
    'x{',
  ])('accepts %p', pattern => {
    expect(catastrophicRegexReason(pattern)).toBeUndefined();
  });

  it('makes a contract condition invalid, naming the pattern and fact', () => {
    const parsed = conditionSchema.safeParse({
      fact: 'catalog.description',
      matches: '(a+)+$',
    });
    expect(parsed.success).toBe(false);
    // The union reports each branch's issues; the fact condition's names the pattern.
    expect(JSON.stringify(parsed.error!.issues)).toContain(
      "regular expression '(a+)+$' on fact 'catalog.description' could take exponential time",
    );
  });
});

describe('matches on long strings', () => {
  const condition = { fact: 'f', matches: '^a' };
  const lookup = (value: string) => () => ({
    name: 'f',
    value,
    observedAt: '2026-01-01T00:00:00Z',
    source: 'test',
  });

  it('fails a string longer than the cap without running the pattern', () => {
    const capped = compileCondition(condition, { maxMatchChars: 5 });
    expect(capped(lookup('aaaaa')).status).toBe('pass');
    expect(capped(lookup('aaaaaa')).status).toBe('fail');
  });

  it('caps at 10 000 characters by default', () => {
    const compiled = compileCondition(condition);
    expect(compiled(lookup('a'.repeat(10_000))).status).toBe('pass');
    expect(compiled(lookup('a'.repeat(10_001))).status).toBe('fail');
  });
});

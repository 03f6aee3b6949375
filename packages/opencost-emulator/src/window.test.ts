import { parseStep, parseWindow } from './window';

// A Tuesday.
const now = new Date('2026-11-24T10:30:00Z');
const iso = (w: { start: Date; end: Date }) => [
  w.start.toISOString(),
  w.end.toISOString(),
];

describe('parseWindow (OpenCost window grammar, UTC)', () => {
  it('rounds day and week durations forward to midnight, like OpenCost', () => {
    expect(iso(parseWindow('7d', now))).toEqual([
      '2026-11-18T00:00:00.000Z',
      '2026-11-25T00:00:00.000Z',
    ]);
    expect(iso(parseWindow('1w', now))).toEqual([
      '2026-11-18T00:00:00.000Z',
      '2026-11-25T00:00:00.000Z',
    ]);
    expect(iso(parseWindow('24h', now))).toEqual([
      '2026-11-23T10:30:00.000Z',
      '2026-11-24T10:30:00.000Z',
    ]);
    expect(iso(parseWindow('30m', now))).toEqual([
      '2026-11-24T10:00:00.000Z',
      '2026-11-24T10:30:00.000Z',
    ]);
  });

  it('understands the named windows', () => {
    expect(iso(parseWindow('today', now))).toEqual([
      '2026-11-24T00:00:00.000Z',
      '2026-11-25T00:00:00.000Z',
    ]);
    expect(iso(parseWindow('yesterday', now))).toEqual([
      '2026-11-23T00:00:00.000Z',
      '2026-11-24T00:00:00.000Z',
    ]);
    expect(iso(parseWindow('week', now))).toEqual([
      '2026-11-22T00:00:00.000Z',
      '2026-11-24T10:30:00.000Z',
    ]);
    expect(iso(parseWindow('lastweek', now))).toEqual([
      '2026-11-15T00:00:00.000Z',
      '2026-11-22T00:00:00.000Z',
    ]);
    expect(iso(parseWindow('month', now))).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-11-24T10:30:00.000Z',
    ]);
    expect(iso(parseWindow('lastmonth', now))).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ]);
  });

  it('accepts RFC3339 and unix timestamp pairs and offsets', () => {
    expect(
      iso(parseWindow('2026-11-01T00:00:00Z,2026-11-03T00:00:00Z', now)),
    ).toEqual(['2026-11-01T00:00:00.000Z', '2026-11-03T00:00:00.000Z']);
    expect(iso(parseWindow('1793491200,1793577600', now))).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
    ]);
    expect(iso(parseWindow('1d offset 1d', now))).toEqual([
      '2026-11-22T10:30:00.000Z',
      '2026-11-23T10:30:00.000Z',
    ]);
  });

  it('rejects anything else with OpenCost message', () => {
    expect(() => parseWindow('fortnight', now)).toThrow(
      'illegal window: fortnight',
    );
    expect(() => parseWindow('', now)).toThrow('illegal window: ');
    expect(() => parseWindow('2026-11-01,2026-11-03', now)).toThrow();
  });

  it('parses steps', () => {
    expect(parseStep('1d')).toBe(86_400_000);
    expect(parseStep('day')).toBe(86_400_000);
    expect(parseStep('6h')).toBe(21_600_000);
    expect(() => parseStep('soon')).toThrow(/invalid step/);
  });
});

import { parseStep, parseWindow } from './window';

// A Tuesday.
const now = new Date('2026-11-24T10:30:00Z');

describe('parseWindow (OpenCost window grammar, UTC)', () => {
  const parsed = (window: string) => {
    const { start, end } = parseWindow(window, now);
    return [start.toISOString(), end.toISOString()];
  };

  it.each([
    // Day and week durations are rounded forward to midnight, like OpenCost.
    ['7d', '2026-11-18T00:00:00.000Z', '2026-11-25T00:00:00.000Z'],
    ['1w', '2026-11-18T00:00:00.000Z', '2026-11-25T00:00:00.000Z'],
    ['24h', '2026-11-23T10:30:00.000Z', '2026-11-24T10:30:00.000Z'],
    ['30m', '2026-11-24T10:00:00.000Z', '2026-11-24T10:30:00.000Z'],
    ['today', '2026-11-24T00:00:00.000Z', '2026-11-25T00:00:00.000Z'],
    ['yesterday', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z'],
    ['week', '2026-11-22T00:00:00.000Z', '2026-11-24T10:30:00.000Z'],
    ['lastweek', '2026-11-15T00:00:00.000Z', '2026-11-22T00:00:00.000Z'],
    ['month', '2026-11-01T00:00:00.000Z', '2026-11-24T10:30:00.000Z'],
    ['lastmonth', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    [
      '2026-11-01T00:00:00Z,2026-11-03T00:00:00Z',
      '2026-11-01T00:00:00.000Z',
      '2026-11-03T00:00:00.000Z',
    ],
    [
      '1793491200,1793577600',
      '2026-11-01T00:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
    ],
    ['1d offset 1d', '2026-11-22T10:30:00.000Z', '2026-11-23T10:30:00.000Z'],
  ])('reads %s as %s to %s', (window, start, end) => {
    expect(parsed(window)).toEqual([start, end]);
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

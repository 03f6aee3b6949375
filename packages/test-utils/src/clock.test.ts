import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { testNowMs } from '../clock/testNow.cjs';

const register = resolve(__dirname, '../clock/register.cjs');

/** What a fresh Node process with the test clock says the time is. */
function clockOf(env: Record<string, string>, script: string) {
  return execFileSync(process.execPath, ['--require', register, '-e', script], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  }).trim();
}

describe('the test clock', () => {
  it('moves every way of asking for the time, and time runs on', () => {
    const output = clockOf(
      { GROUNDWORK_TEST_NOW: '2027-03-01T09:00:00Z' },
      `const a = Date.now();
       const wait = Date.now() + 20; while (Date.now() < wait);
       console.log(JSON.stringify([a, new Date().toISOString(), Date(),
         new Date(0).toISOString(), new Date() instanceof Date,
         require('fs').statSync('.').mtime instanceof Date, Date.now() > a]));`,
    );
    const [start, iso, text, epoch, isDate, statIsDate, runs] =
      JSON.parse(output);
    expect(start - Date.parse('2027-03-01T09:00:00Z')).toBeLessThan(5_000);
    expect(iso.slice(0, 13)).toBe('2027-03-01T09');
    expect(text).toMatch(/^Mon Mar 01 2027/);
    expect(epoch).toBe('1970-01-01T00:00:00.000Z');
    expect([isDate, statIsDate, runs]).toEqual([true, true, true]);
  });

  it('leaves the clock alone when unset', () => {
    const now = Number(clockOf({}, 'console.log(Date.now())'));
    // The real time, even when this run itself is on a moved clock.
    const realNow = performance.timeOrigin + performance.now();
    expect(Math.abs(now - realNow)).toBeLessThan(60_000);
  });

  it('refuses a value that is not an instant, saying what to write', () => {
    expect(() => testNowMs({ GROUNDWORK_TEST_NOW: 'next monday' })).toThrow(
      'GROUNDWORK_TEST_NOW=next monday is not an ISO 8601 instant; use e.g. GROUNDWORK_TEST_NOW=2027-01-01T09:00:00Z',
    );
    expect(testNowMs({})).toBeUndefined();
  });
});

/*
 * Moves this realm's clock to GROUNDWORK_TEST_NOW (see testNow.cjs), from
 * where it runs on at real speed. Loaded with `node --require` for processes
 * (the e2e backend, the emulators, the demo data generator) and as a Jest
 * `setupFiles` entry for test environments. Does nothing when unset.
 */
'use strict';

const { testNowMs } = require('./testNow.cjs');

const start = testNowMs();
if (start !== undefined && !globalThis.Date.groundworkTestClock) {
  const RealDate = globalThis.Date;
  const offset = start - RealDate.now();
  const now = () => RealDate.now() + offset;
  // A function rather than a subclass, so that every date is a real Date
  // (Node's internals and libraries compare prototypes) and `Date()` works.
  const TestClockDate = function TestClockDate(...args) {
    if (!new.target) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : new RealDate(...args);
  };
  TestClockDate.prototype = RealDate.prototype;
  TestClockDate.now = now;
  TestClockDate.parse = RealDate.parse;
  TestClockDate.UTC = RealDate.UTC;
  Object.defineProperty(TestClockDate, 'groundworkTestClock', { value: true });
  globalThis.Date = TestClockDate;
}

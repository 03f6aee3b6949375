/*
 * The test clock: `GROUNDWORK_TEST_NOW` (an ISO 8601 instant) moves "now" for
 * a whole test run, so a run can prove that nothing depends on today's date.
 * Only tests set it. `register.cjs` applies it to a Node process or a Jest
 * environment; the browser tests apply the same instant with Playwright's clock.
 */
'use strict';

const VARIABLE = 'GROUNDWORK_TEST_NOW';

/** The test clock's start in epoch milliseconds, or undefined when unset. */
function testNowMs(env = process.env) {
  const value = env[VARIABLE];
  if (!value) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new Error(
      `${VARIABLE}=${value} is not an ISO 8601 instant; use e.g. ${VARIABLE}=2027-01-01T09:00:00Z, or unset it to use the real clock`,
    );
  }
  return ms;
}

module.exports = { VARIABLE, testNowMs };

/** The environment variable that moves the clock of a test run. */
export declare const VARIABLE: 'GROUNDWORK_TEST_NOW';
/** The test clock's start in epoch milliseconds, or undefined when unset. */
export declare function testNowMs(
  env?: Record<string, string | undefined>,
): number | undefined;

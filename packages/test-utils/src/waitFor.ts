/**
 * Polls `check` every 100 ms until it returns something truthy, and returns
 * that; throws, naming `what`, after `attempts` tries. For state another
 * backend or the scheduler changes in its own time.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T>,
  attempts = 600,
): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  for (let i = 0; i < attempts; i++) {
    const value = await check();
    // Only a truthy value ends the wait, so the falsy members of T never return.
    if (value) return value as Exclude<T, false | 0 | '' | null | undefined>;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

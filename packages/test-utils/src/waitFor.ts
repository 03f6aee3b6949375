/**
 * Polls `check` every 100 ms until it returns something truthy, and returns
 * that; throws, naming `what`, after `attempts` tries. For state another
 * backend or the scheduler changes in its own time.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T>,
  attempts = 600,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await check();
    if (value) return value;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/**
 * A test for names against patterns from configuration or a declaration:
 * `*` matches everything, a pattern ending in `*` (`cost.*`,
 * `component:default/*`) matches names starting with what comes before it,
 * any other pattern matches itself. Case-insensitive, as entity refs are.
 */
export function nameMatcher(patterns: string[]): (name: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const pattern of patterns.map(p => p.toLocaleLowerCase('en-US'))) {
    if (pattern.endsWith('*')) prefixes.push(pattern.slice(0, -1));
    else exact.add(pattern);
  }
  return name => {
    const lower = name.toLocaleLowerCase('en-US');
    return exact.has(lower) || prefixes.some(p => lower.startsWith(p));
  };
}

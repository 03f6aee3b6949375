import { FactValue } from './facts';

/**
 * Bounds on what callers may send, so that one request cannot fill the
 * database or a page: free text in characters, fact values by nesting depth
 * and size of their JSON.
 *
 * @public
 */
export const platformContractLimits = {
  /** Waiver reasons and conditions, decision comments. */
  freeTextChars: 4000,
  /** Campaign descriptions (markdown). */
  descriptionChars: 20_000,
  /** Titles of campaigns. */
  titleChars: 200,
  /** Fact names, e.g. `build.testsPassed`. */
  factNameChars: 200,
  /** Entity refs (the database column's width). */
  entityRefChars: 512,
  /** Nesting of arrays and objects in one fact value. */
  factValueDepth: 8,
  /** One fact value as JSON. */
  factValueJsonChars: 64 * 1024,
} as const;

/**
 * Why a fact value is too deep or too large for {@link platformContractLimits},
 * or undefined when it fits.
 *
 * @public
 */
export function factValueLimitProblem(value: FactValue): string | undefined {
  const { factValueDepth, factValueJsonChars } = platformContractLimits;
  const depthOf = (v: FactValue, depth: number): number => {
    if (depth > factValueDepth || v === null || typeof v !== 'object') {
      return depth;
    }
    let deepest = depth;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      deepest = Math.max(deepest, depthOf(child, depth + 1));
      if (deepest > factValueDepth) break;
    }
    return deepest;
  };
  if (depthOf(value, 0) > factValueDepth) {
    return `nests arrays or objects more than ${factValueDepth} levels deep`;
  }
  // A missing value has no JSON; the schema reports it.
  const chars = JSON.stringify(value)?.length ?? 0;
  if (chars > factValueJsonChars) {
    return `is ${chars} characters as JSON, more than ${factValueJsonChars}`;
  }
  return undefined;
}

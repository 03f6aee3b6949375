import { DegradedPart } from '@groundwork/plugin-mlops-common';

/**
 * Loads the optional parts of a view: a part that fails is left at its
 * fallback and reported in `degraded`, instead of failing the whole view.
 */
export function degradable() {
  const degraded: DegradedPart[] = [];
  const optional = async <T, F>(
    part: string,
    fallback: F,
    load: () => Promise<T>,
  ): Promise<T | F> => {
    try {
      return await load();
    } catch (error) {
      degraded.push({ part, message: (error as Error).message });
      return fallback;
    }
  };
  return { optional, degraded };
}

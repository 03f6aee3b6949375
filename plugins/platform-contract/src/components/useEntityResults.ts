import { useApi } from '@backstage/core-plugin-api';
import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformContractApiRef } from '../api';

/**
 * A new entity (e.g. a repository a golden path just registered) is scored
 * within seconds: until it has results, ask again this often, for this long.
 */
const UNSCORED_POLL_MS = 3_000;
const UNSCORED_POLL_FOR_MS = 120_000;

/**
 * An entity's latest results, and a way to re-evaluate it now. `loading` is
 * true only until the first answer: later polls keep showing the last one.
 */
export function useEntityResults(entityRef: string) {
  const api = useApi(platformContractApiRef);
  const state = useAsyncRetry(() => api.getEntityResults(entityRef), [api, entityRef]);
  const [evaluating, setEvaluating] = useState(false);
  const [evaluateError, setEvaluateError] = useState<Error>();
  const [shownAt] = useState(() => Date.now());
  const { retry } = state;

  const unscored = !state.loading && !state.error && state.value?.items.length === 0;
  useEffect(() => {
    if (!unscored || Date.now() - shownAt > UNSCORED_POLL_FOR_MS) return undefined;
    const timer = setTimeout(retry, UNSCORED_POLL_MS);
    return () => clearTimeout(timer);
  }, [unscored, retry, shownAt, state.value]);

  const evaluate = useCallback(async () => {
    setEvaluating(true);
    setEvaluateError(undefined);
    try {
      await api.evaluateEntity(entityRef);
      retry();
    } catch (e) {
      setEvaluateError(e as Error);
    } finally {
      setEvaluating(false);
    }
  }, [api, entityRef, retry]);
  return {
    ...state,
    loading: state.loading && state.value === undefined,
    evaluate,
    evaluating,
    evaluateError,
  };
}

import { useApi } from '@backstage/core-plugin-api';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformContractApiRef } from '../api';

/** An entity's latest results, and a way to re-evaluate it now. */
export function useEntityResults(entityRef: string) {
  const api = useApi(platformContractApiRef);
  const state = useAsyncRetry(() => api.getEntityResults(entityRef), [api, entityRef]);
  const [evaluating, setEvaluating] = useState(false);
  const [evaluateError, setEvaluateError] = useState<Error>();
  const { retry } = state;
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
  return { ...state, evaluate, evaluating, evaluateError };
}

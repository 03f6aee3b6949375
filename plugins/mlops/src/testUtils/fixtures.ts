import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { RunDetail } from '@groundwork/plugin-mlops-common';

export const mlProject = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'zoommapmax', namespace: 'default', annotations },
  spec: {
    type: 'ml-project',
    owner: 'group:default/tempeai',
    lifecycle: 'production',
  },
});

/** A ResponseError as the MLOps client throws it for a backend error body. */
export function responseError(status: number, name: string, message: string) {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'GET', url: '/api/mlops/x' },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    status,
    statusText: 'error',
    headers: {
      get: (h: string) =>
        h.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    text: async () => body,
  } as any);
}

export const runDetail = (
  runId: string,
  params: Record<string, string>,
  metrics: Record<string, number | 'NaN'>,
): RunDetail => ({
  run: {
    runId,
    runName: `run-${runId}`,
    experimentId: '1',
    status: 'FINISHED',
    startTime: Date.UTC(2026, 9, 1),
    endTime: Date.UTC(2026, 9, 1, 0, 10),
    params,
    metrics,
  },
  params,
  metrics: Object.fromEntries(
    Object.entries(metrics).map(([k, value]) => [
      k,
      { value, step: 399, timestamp: 1 },
    ]),
  ),
  tags: { 'mlflow.user': 'maria' },
  git: {
    repoUrl: 'https://github.com/acme/zoommap-max',
    commit: '0123456789abcdef0123456789abcdef01234567',
    branch: 'main',
  },
  source: { name: 'train_eta.py', type: 'LOCAL' },
  datasets: [
    {
      name: 'zoommap-trips-2026-10',
      digest: 'a1b2c3d4',
      sourceType: 's3',
      source:
        '{"uri": "s3://acme-ml-data/zoommap/trips/2026-10/train.parquet"}',
      context: 'training',
    },
  ],
  children: [],
  artifacts: [{ path: 'model', isDir: true }],
});

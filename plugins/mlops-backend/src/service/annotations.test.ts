import { Entity } from '@backstage/catalog-model';
import { readMlflowAnnotations } from './annotations';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
  spec: { type: 'ml-project' },
});

describe('readMlflowAnnotations', () => {
  it('reads comma-separated lists, trimmed and de-duplicated', () => {
    expect(
      readMlflowAnnotations(
        entity({
          'mlflow.org/experiment-name':
            'churn-predictor, churn-predictor-sweeps,churn-predictor',
          'mlflow.org/experiment-id': '7',
          'mlflow.org/registered-model': 'churn-classifier',
          'groundwork.dev/mlflow-server': 'research',
          'groundwork.dev/mlflow-primary-metric': 'auc desc',
        }),
      ),
    ).toEqual({
      server: 'research',
      experimentNames: ['churn-predictor', 'churn-predictor-sweeps'],
      experimentIds: ['7'],
      registeredModels: ['churn-classifier'],
      primaryMetric: { key: 'auc', direction: 'DESC' },
    });
  });

  it('defaults to nothing', () => {
    expect(readMlflowAnnotations(entity({}))).toEqual({
      server: undefined,
      experimentNames: [],
      experimentIds: [],
      registeredModels: [],
      primaryMetric: undefined,
    });
  });

  it.each([
    ['groundwork.dev/mlflow-server', 'https://evil.example.com'],
    ['groundwork.dev/mlflow-server', 'evil.example.com:5000'],
    ['groundwork.dev/mlflow-server', '//evil.example.com'],
    ['mlflow.org/experiment-name', 'ok, http://10.0.0.1:5000/x'],
    ['mlflow.org/registered-model', 'file:///etc/passwd'],
  ])('refuses a URL in %s (%s)', (key, value) => {
    expect(() => readMlflowAnnotations(entity({ [key]: value }))).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining('must not contain a URL'),
      }),
    );
  });

  it('refuses malformed experiment ids', () => {
    expect(() =>
      readMlflowAnnotations(entity({ 'mlflow.org/experiment-id': '1; drop' })),
    ).toThrow(/invalid experiment id/);
  });
});

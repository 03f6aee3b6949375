import {
  hasMlflowExperiments,
  hasMlflowModels,
  isMlProject,
} from './annotations';
import { metricToNumber, numberToMetric } from './types';

describe('annotations', () => {
  it('recognises ML projects by type or annotation', () => {
    expect(isMlProject({ metadata: {}, spec: { type: 'ml-project' } })).toBe(
      true,
    );
    expect(isMlProject({ metadata: {}, spec: { type: 'service' } })).toBe(
      false,
    );
    const annotated = {
      metadata: { annotations: { 'mlflow.org/experiment-id': '3' } },
    };
    expect(isMlProject(annotated)).toBe(true);
    expect(hasMlflowExperiments(annotated)).toBe(true);
    expect(hasMlflowModels(annotated)).toBe(false);
    expect(
      hasMlflowExperiments({
        metadata: { annotations: { 'mlflow.org/experiment-name': '  ' } },
      }),
    ).toBe(false);
  });
});

describe('metric values', () => {
  it('round-trips non-finite numbers', () => {
    for (const n of [NaN, Infinity, -Infinity, 0.5]) {
      expect(metricToNumber(numberToMetric(n))).toBe(n);
    }
    expect(numberToMetric(NaN)).toBe('NaN');
  });
});

import {
  experimentNameProblem,
  MLFLOW_EXPERIMENT_NAME_MAX_LENGTH,
} from './experimentName';

describe('experimentNameProblem', () => {
  it('accepts names MLflow users write, with slashes and spaces inside', () => {
    expect(experimentNameProblem('churn-predictor')).toBeUndefined();
    expect(experimentNameProblem('/Users/ana/churn model')).toBeUndefined();
    expect(
      experimentNameProblem('x'.repeat(MLFLOW_EXPERIMENT_NAME_MAX_LENGTH)),
    ).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['x'.repeat(MLFLOW_EXPERIMENT_NAME_MAX_LENGTH + 1), /at most 256/],
    [' padded', /spaces/],
    ['a,b', /comma/],
    ['line\nbreak', /control/],
  ])('refuses %j', (name, problem) => {
    expect(experimentNameProblem(name)).toMatch(problem);
  });
});

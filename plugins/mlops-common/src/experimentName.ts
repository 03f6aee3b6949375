/**
 * The longest experiment name accepted: MLflow's SQL stores hold names in a
 * 256 character column.
 *
 * @public
 */
export const MLFLOW_EXPERIMENT_NAME_MAX_LENGTH = 256;

/**
 * Why `name` cannot be used as an MLflow experiment name that Groundwork
 * links to, or undefined when it can. MLflow itself only refuses empty
 * names; commas are refused too because `mlflow.org/experiment-name` is a
 * comma-separated list, and control characters because nobody means them.
 *
 * @public
 */
export function experimentNameProblem(name: string): string | undefined {
  if (!name.trim()) {
    return 'an experiment name must not be empty';
  }
  if (name.length > MLFLOW_EXPERIMENT_NAME_MAX_LENGTH) {
    return `an experiment name may have at most ${MLFLOW_EXPERIMENT_NAME_MAX_LENGTH} characters`;
  }
  if (name !== name.trim()) {
    return 'an experiment name must not start or end with spaces';
  }
  if (name.includes(',')) {
    return 'an experiment name must not contain a comma (the mlflow.org/experiment-name annotation is a comma-separated list)';
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    return 'an experiment name must not contain control characters';
  }
  return undefined;
}

import { WarningPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';

function titleFor(error: Error): string {
  const status = error instanceof ResponseError ? error.statusCode : undefined;
  switch (status) {
    case 503:
      return 'MLflow server unreachable';
    case 502:
      return 'MLflow server refused the request';
    case 404:
      return 'Not found on the MLflow server';
    case 403:
      return 'You are not allowed to see this';
    case 400:
      return 'Invalid request';
    default:
      return 'Could not load MLOps data';
  }
}

/** Shows an error from the MLOps backend with its mapped meaning. */
export const MlopsErrorPanel = ({ error }: { error: Error }) => {
  const message =
    error instanceof ResponseError ? error.body.error.message : error.message;
  const status =
    error instanceof ResponseError ? ` (HTTP ${error.statusCode})` : '';
  return (
    <WarningPanel
      severity="error"
      title={`${titleFor(error)}${status}`}
      message={message}
    />
  );
};

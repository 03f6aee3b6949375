import {
  ConflictError,
  CustomErrorBase,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * The tracking server refused our configured credentials (HTTP 401/403). This
 * is our configuration problem, not the caller's, hence 502.
 */
export class MlflowCredentialsError extends CustomErrorBase {
  name = 'MlflowCredentialsError' as const;
  readonly statusCode = 502;
}

/** The tracking server answered something we cannot use. */
export class MlflowBadGatewayError extends CustomErrorBase {
  name = 'MlflowBadGatewayError' as const;
  readonly statusCode = 502;
}

/**
 * The tracking server is down, overloaded, slow or unreachable (503).
 * `retryAfterSeconds` is advice for our callers; `upstreamRetryAfterSeconds`
 * is what the tracking server itself asked for, if anything.
 */
export class MlflowUnavailableError extends ServiceUnavailableError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options: { cause?: unknown; upstreamRetryAfterSeconds?: number } = {},
  ) {
    super(message, options.cause);
    this.upstreamRetryAfterSeconds = options.upstreamRetryAfterSeconds;
  }

  readonly upstreamRetryAfterSeconds?: number;
}

/**
 * Refused without asking: a recent request found the server unavailable.
 * Not retried, as retrying would only wait for nothing.
 */
export class MlflowKnownUnavailableError extends MlflowUnavailableError {}

/** Seconds our callers are told to wait when the server did not say. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** The `{error_code, message}` body MLflow sends with errors. */
interface MlflowErrorBody {
  error_code?: string;
  message?: string;
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date)
    ? undefined
    : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Maps a failed MLflow response to an error from @backstage/errors. */
export function errorFromResponse(
  server: string,
  status: number,
  body: MlflowErrorBody | undefined,
  retryAfter: string | null,
): Error {
  const detail = body?.message ?? `HTTP ${status}`;
  const code = body?.error_code;
  if (status === 401 || status === 403) {
    return new MlflowCredentialsError(
      `tracking server rejected our credentials (MLflow server '${server}' answered HTTP ${status})`,
    );
  }
  if (status === 429 || status >= 500) {
    const upstreamRetryAfterSeconds = parseRetryAfter(retryAfter);
    return new MlflowUnavailableError(
      `MLflow server '${server}' is unavailable (HTTP ${status}): ${detail}; try again later`,
      upstreamRetryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
      { upstreamRetryAfterSeconds },
    );
  }
  // Databricks may send ALREADY_EXISTS for MLflow's RESOURCE_ALREADY_EXISTS
  if (code === 'RESOURCE_ALREADY_EXISTS' || code === 'ALREADY_EXISTS') {
    return new ConflictError(detail);
  }
  if (code === 'RESOURCE_DOES_NOT_EXIST' || status === 404) {
    return new NotFoundError(detail);
  }
  if (code === 'INVALID_PARAMETER_VALUE' || status === 400) {
    return new InputError(detail);
  }
  return new MlflowBadGatewayError(
    `MLflow server '${server}' answered HTTP ${status}${
      code ? ` ${code}` : ''
    }: ${detail}`,
  );
}

/** Whether an error is worth retrying a read for. */
export function isRetryable(error: unknown): error is MlflowUnavailableError {
  return (
    error instanceof MlflowUnavailableError &&
    !(error instanceof MlflowKnownUnavailableError)
  );
}

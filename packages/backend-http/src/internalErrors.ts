import { LoggerService } from '@backstage/backend-plugin-api';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import express from 'express';

/** Errors of `@backstage/errors` that answer a client's mistake or a known state. */
const CLIENT_ERRORS = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'NotImplementedError',
  'ServiceUnavailableError',
]);

/**
 * A database connection lost or unavailable, e.g. PostgreSQL restarting:
 * its admin shutdown (57P01-57P03) and connection exception (08xxx) codes, a
 * reset or refused socket, the driver's and knex's pool messages.
 *
 * @public
 */
export function isDatabaseConnectionLost(error: unknown): boolean {
  const { code, message } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
  };
  return (
    /^(?:57P0[123]|08[0-9A-Z]{3}|ECONNRESET|ECONNREFUSED)$/.test(
      String(code),
    ) ||
    /Connection terminated|terminating connection|Timeout acquiring a connection/.test(
      String(message),
    )
  );
}

/**
 * Error middleware: errors nobody meant for the client (a database error
 * names tables, columns and constraints) are logged and answered with a
 * generic 500, or a 503 to try again when the database connection was lost;
 * client errors pass on to Backstage's error handler. `backend` names the
 * plugin in those answers, e.g. 'The cost backend'. Add it to the plugin's
 * router after its routes.
 *
 * @public
 */
export function hideInternalErrors(
  logger: LoggerService,
  backend: string,
): express.ErrorRequestHandler {
  return (error, req, _res, next) => {
    const status = Number(error?.statusCode ?? error?.status);
    if (
      isError(error) &&
      (CLIENT_ERRORS.has(error.name) || (status >= 400 && status < 500))
    ) {
      next(error);
      return;
    }
    logger.error(`${req.method} ${req.path} failed`, error);
    next(
      isDatabaseConnectionLost(error)
        ? new ServiceUnavailableError(
            `${backend} lost its database connection; try again in a moment`,
          )
        : new Error(
            `${backend} could not answer ${req.method} ${req.path}; the error is logged on the server`,
          ),
    );
  };
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
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
 * Error middleware: errors nobody meant for the client (a database error
 * names tables, columns and constraints) are logged and answered with a
 * generic 500; client errors pass on to Backstage's error handler.
 */
export function hideInternalErrors(
  logger: LoggerService,
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
      new Error(
        'The platform contract backend failed to answer; the details are in its logs',
      ),
    );
  };
}

import { CustomErrorBase } from '@backstage/errors';
import express from 'express';

/**
 * Largest JSON request body, the same for the cost, MLOps and platform
 * contract backends. 5 MB holds the largest push CI sends (10 000 facts).
 *
 * @public
 */
export const MAX_JSON_BODY_BYTES = 5 * 1024 * 1024;

/** A 413; `@backstage/errors` has none, and the error handler takes the status from `statusCode`. */
class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  statusCode = 413;
}

/**
 * Parses JSON bodies up to `limitBytes`; a larger one is answered with a 413
 * that gives the limit and `advice` (what to send instead).
 *
 * @public
 */
export function jsonBodyParser(
  advice: string,
  limitBytes = MAX_JSON_BODY_BYTES,
): express.RequestHandler {
  const parseJson = express.json({ limit: limitBytes });
  return (req, res, next) =>
    parseJson(req, res, error => {
      if ((error as { type?: string })?.type === 'entity.too.large') {
        next(
          new PayloadTooLargeError(
            `The request body is larger than ${
              limitBytes / 1024 / 1024
            } MB; ${advice}`,
          ),
        );
      } else next(error);
    });
}

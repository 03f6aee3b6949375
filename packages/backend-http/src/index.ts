/**
 * The HTTP pieces Groundwork's backend plugins share: one JSON body limit
 * with a clear 413, and an error handler that keeps internal errors
 * (database errors above all) out of answers.
 *
 * @packageDocumentation
 */
export { hideInternalErrors, isDatabaseConnectionLost } from './internalErrors';
export { jsonBodyParser, MAX_JSON_BODY_BYTES } from './jsonBodyParser';

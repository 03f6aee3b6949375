import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { isError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { setTimeout as sleep } from 'node:timers/promises';
import yaml from 'yaml';
import { requestPlugin } from '../pluginRequest';

export const CATALOG_AWAIT_ENTITY_ACTION_ID = 'groundwork:catalog:await-entity';

const MAX_TIMEOUT_SECONDS = 300;

/**
 * `groundwork:catalog:await-entity`: waits until the catalog serves an
 * entity. `catalog:register` only queues the new location; a task that ends
 * right after it links to an entity page that says "Entity not found" for a
 * few seconds, and that page does not look again.
 */
export function createCatalogAwaitEntityAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  /** Between two look-ups; tests shorten it. */
  pollIntervalMs?: number;
}) {
  const { discovery, auth, pollIntervalMs = 1000 } = options;
  return createTemplateAction({
    id: CATALOG_AWAIT_ENTITY_ACTION_ID,
    supportsDryRun: false,
    description: `Waits until the catalog serves an entity (looked up as the user who started the task), e.g. the one catalog:register just registered, so the task's links to it work when it ends. After the timeout it logs a warning and the task goes on: the entity appears later. Skipped in a dry run.`,
    examples: [
      {
        description: 'After catalog:register',
        example: yaml.stringify({
          steps: [
            {
              id: 'await-entity',
              name: 'Wait for the catalog',
              action: CATALOG_AWAIT_ENTITY_ACTION_ID,
              input: {
                entityRef: "${{ steps['register'].output.entityRef }}",
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        entityRef: z => z.string().describe('The entity to wait for'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(MAX_TIMEOUT_SECONDS)
            .default(60)
            .describe(`How long to wait, at most ${MAX_TIMEOUT_SECONDS} s`),
      },
      output: {
        found: z =>
          z.boolean().describe('Whether the catalog served it in time'),
      },
    },
    async handler(ctx) {
      const ref = parseEntityRef(ctx.input.entityRef);
      const entityRef = stringifyEntityRef(ref);
      const path = `/entities/by-name/${[ref.kind, ref.namespace, ref.name]
        .map(encodeURIComponent)
        .join('/')}`;
      const credentials = await ctx.getInitiatorCredentials();
      const started = Date.now();
      const deadline = started + ctx.input.timeoutSeconds * 1000;
      ctx.logger.info(`Waiting for the catalog to serve ${entityRef}`);
      for (;;) {
        try {
          await requestPlugin({
            discovery,
            auth,
            credentials,
            pluginId: 'catalog',
            method: 'GET',
            path,
            signal: ctx.signal,
          });
          ctx.logger.info(
            `The catalog serves ${entityRef} (after ${
              Date.now() - started
            } ms)`,
          );
          ctx.output('found', true);
          return;
        } catch (error) {
          if (!isError(error) || error.name !== NotFoundError.name) throw error;
        }
        if (Date.now() + pollIntervalMs > deadline || ctx.signal?.aborted) {
          ctx.logger.warn(
            `The catalog does not serve ${entityRef} after ${ctx.input.timeoutSeconds} s; it appears once the catalog has processed its location (see the catalog's logs if it does not).`,
          );
          ctx.output('found', false);
          return;
        }
        await sleep(pollIntervalMs);
      }
    },
  });
}

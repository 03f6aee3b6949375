import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  COST_BUDGET_ANNOTATION,
  COST_TAGS_ANNOTATION,
  costPluginId,
  TagClaim,
  TagClaimsResponse,
} from '@groundwork/plugin-cost-common';
import yaml from 'yaml';
import { requestPlugin } from '../pluginRequest';
import { CatalogInfoFile, DEFAULT_CATALOG_PATH } from './catalogInfoFile';

export const COST_TAGS_ACTION_ID = 'groundwork:cost:tags';

/** The tag key proposed when no tags are given: `application=<metadata.name>`. */
export const DEFAULT_COST_TAG = 'application';

/** The cost API's bound on pairs per look-up. */
const MAX_TAGS = 20;

/** `key=value` entries or a map, to trimmed pairs fit for the annotation. */
function toPairs(tags: Record<string, string> | string[]): [string, string][] {
  const entries = Array.isArray(tags)
    ? tags.map(entry => {
        const index = entry.indexOf('=');
        if (index <= 0) {
          throw new InputError(
            `Invalid input 'tags': '${entry}' is not key=value, e.g. application=checkout`,
          );
        }
        return [entry.slice(0, index), entry.slice(index + 1)];
      })
    : Object.entries(tags);
  const pairs = entries.map(([key, value]) => [key.trim(), value.trim()]);
  for (const [key, value] of pairs) {
    if (!key || !value || /[,=]/.test(key) || value.includes(',')) {
      throw new InputError(
        `Invalid input 'tags': '${key}=${value}' needs a key and a value without commas (and no '=' in the key)`,
      );
    }
  }
  return pairs as [string, string][];
}

function claimProblem(claim: TagClaim): string {
  const pair = `${claim.tag}=${claim.value}`;
  const named = claim.claimedBy.map(c => c.entityRef);
  if (named.length) {
    return `cost tag ${pair} is already claimed by ${named.join(
      ', ',
    )}; choose another value for '${claim.tag}', or ask the owner of ${
      named[0]
    } to give it up`;
  }
  return `cost tag ${pair} is already claimed by an entity you cannot see; choose another value for '${claim.tag}', or ask your platform team who holds it`;
}

/**
 * `groundwork:cost:tags`: writes the cost tags and the budget of the new
 * entity into the workspace's catalog-info.yaml, after checking through the
 * cost API (as the user who started the task) that no other entity already
 * claims those tags, so a new service cannot take over another's billing rows.
 */
export function createCostTagsAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  const { discovery, auth } = options;
  return createTemplateAction({
    id: COST_TAGS_ACTION_ID,
    description: `Writes ${COST_TAGS_ANNOTATION} (default: ${DEFAULT_COST_TAG}=<metadata.name>) and ${COST_BUDGET_ANNOTATION} into catalog-info.yaml, refusing tag values another entity already claims (GET /api/${costPluginId}/attribution/claims, as the user who started the task). Read-only outside the workspace, so it runs in a dry run too.`,
    supportsDryRun: true,
    examples: [
      {
        description:
          "Tag the entity's cost by its name and give it a monthly budget",
        example: yaml.stringify({
          steps: [
            {
              id: 'cost-tags',
              name: 'Cost tags and budget',
              action: COST_TAGS_ACTION_ID,
              input: { budget: { amount: 500, currency: 'USD' } },
            },
          ],
        }),
      },
      {
        description: 'Explicit tags, as key=value entries',
        example: yaml.stringify({
          steps: [
            {
              id: 'cost-tags',
              name: 'Cost tags',
              action: COST_TAGS_ACTION_ID,
              input: { tags: ['project=checkout', 'env=prod'] },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        tags: z =>
          z
            .union([
              z.record(z.string().max(256)),
              z.array(z.string().max(400)),
            ])
            .optional()
            .describe(
              `Billing tags whose cost belongs to the entity: a map or key=value entries (at most ${MAX_TAGS}); default ${DEFAULT_COST_TAG}=<metadata.name>`,
            ),
        budget: z =>
          z
            .object({
              amount: z.number().positive().finite(),
              currency: z
                .string()
                .regex(/^[A-Za-z]{3}$/, 'a three letter currency code'),
            })
            .optional()
            .describe('Monthly budget, e.g. { amount: 500, currency: USD }'),
        path: z =>
          z
            .string()
            .default(DEFAULT_CATALOG_PATH)
            .describe('Catalog file in the workspace'),
      },
      output: {
        costTags: z =>
          z.string().describe(`The ${COST_TAGS_ANNOTATION} value written`),
        budget: z =>
          z
            .string()
            .describe(
              `The ${COST_BUDGET_ANNOTATION} value written; empty without a budget`,
            ),
      },
    },
    async handler(ctx) {
      const file = await CatalogInfoFile.read(
        ctx.workspacePath,
        ctx.input.path,
      );
      const index = file.select();
      const name = (file.entity(index).metadata as { name?: unknown })?.name;
      let pairs: [string, string][];
      if (ctx.input.tags) {
        pairs = toPairs(ctx.input.tags);
      } else if (typeof name === 'string' && name) {
        pairs = [[DEFAULT_COST_TAG, name]];
      } else {
        throw new InputError(
          `${file.path} has no metadata.name to derive the default cost tag from; give the input 'tags'`,
        );
      }
      if (pairs.length === 0 || pairs.length > MAX_TAGS) {
        throw new InputError(
          `Invalid input 'tags': give between 1 and ${MAX_TAGS} tags`,
        );
      }

      const query = new URLSearchParams();
      for (const [tag, value] of pairs) {
        query.append('tag', tag);
        query.append('value', value);
      }
      const { claims } = await requestPlugin<TagClaimsResponse>({
        discovery,
        auth,
        credentials: await ctx.getInitiatorCredentials(),
        pluginId: costPluginId,
        method: 'GET',
        path: `/attribution/claims?${query}`,
        signal: ctx.signal,
      });
      const claimed = claims.filter(c => c.claimed);
      if (claimed.length) {
        throw new ConflictError(
          `Cannot propose these cost tags for ${file.path}: ${claimed
            .map(claimProblem)
            .join('; ')}.`,
        );
      }
      for (const claim of claims.filter(c => c.billedUnattributed)) {
        ctx.logger.warn(
          `Billing rows already carry ${claim.tag}=${claim.value} without an owner; once registered, this entity will own their cost`,
        );
      }

      const costTags = pairs
        .map(([tag, value]) => `${tag}=${value}`)
        .join(', ');
      const { budget } = ctx.input;
      const budgetValue = budget
        ? `${budget.amount} ${budget.currency.toUpperCase()}`
        : '';
      file.apply(index, {
        annotations: {
          [COST_TAGS_ANNOTATION]: costTags,
          ...(budgetValue && { [COST_BUDGET_ANNOTATION]: budgetValue }),
        },
      });
      await file.write();
      ctx.logger.info(
        `${
          ctx.isDryRun ? 'Dry run: wrote' : 'Wrote'
        } ${COST_TAGS_ANNOTATION}: ${costTags}${
          budgetValue ? ` and ${COST_BUDGET_ANNOTATION}: ${budgetValue}` : ''
        } to ${file.path}`,
      );
      ctx.output('costTags', costTags);
      ctx.output('budget', budgetValue);
    },
  });
}

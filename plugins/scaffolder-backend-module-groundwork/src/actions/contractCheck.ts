import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  blockingRules,
  CheckEntityRequest,
  CheckEntityResponse,
  ContractListResponse,
  FAIL_ON_NEVER,
  failOnLevels,
  GROUND_LEVEL,
  headline,
  NO_CONTRACT_APPLIES,
  platformContractPluginId,
  reportLines,
  summarize,
} from '@groundwork/plugin-platform-contract-common';
import {
  readWorkspaceFiles,
  WorkspaceFiles,
} from '@groundwork/plugin-platform-contract-node';
import yaml from 'yaml';
import { PluginRequest, requestPlugin } from '../pluginRequest';
import { CatalogInfoFile, DEFAULT_CATALOG_PATH } from './catalogInfoFile';
import { failureMessage } from './contractCheckReport';

export const CONTRACT_CHECK_ACTION_ID = 'groundwork:contract:check';

/**
 * `groundwork:contract:check`: checks the workspace's entity and files
 * against every platform contract that applies, before anything is
 * published. Read-only, so it checks for real in a dry run too.
 */
export function createContractCheckAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  const { discovery, auth } = options;
  return createTemplateAction({
    id: CONTRACT_CHECK_ACTION_ID,
    description: `Checks the workspace's catalog-info.yaml and files against the platform contracts (POST /api/${platformContractPluginId}/check, as the user who started the task) and fails the step when rules fail at the 'failOn' level. Read-only: it checks in a dry run too.`,
    supportsDryRun: true,
    examples: [
      {
        description:
          'Fail before publishing when a ground rule of any contract fails',
        example: yaml.stringify({
          steps: [
            {
              id: 'contract',
              name: 'Check the platform contract',
              action: CONTRACT_CHECK_ACTION_ID,
            },
          ],
        }),
      },
      {
        description:
          "Require the 'silver' level, checking a catalog file in a sub-folder",
        example: yaml.stringify({
          steps: [
            {
              id: 'contract',
              name: 'Check the platform contract',
              action: CONTRACT_CHECK_ACTION_ID,
              input: { path: 'catalog-info.yaml', failOn: 'silver' },
            },
          ],
        }),
      },
      {
        description: 'Only report: never fail the step',
        example: yaml.stringify({
          steps: [
            {
              id: 'contract',
              name: 'Report on the platform contract',
              action: CONTRACT_CHECK_ACTION_ID,
              input: { failOn: FAIL_ON_NEVER },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              `Catalog file, relative to the workspace (default ${DEFAULT_CATALOG_PATH}); its first catalog entity is checked`,
            ),
        failOn: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              `'${GROUND_LEVEL}' (default): fail when a ground rule fails; a level name: fail when a rule of that level or below fails; '${FAIL_ON_NEVER}': only report`,
            ),
      },
      output: {
        passed: z =>
          z.boolean().describe("Whether the check passed under 'failOn'"),
        summary: z =>
          z
            .string()
            .describe(
              'One line per contract (score, level, ground rules), e.g. for the task output',
            ),
        results: z =>
          z
            .array(
              z.object({
                contract: z.string(),
                title: z.string(),
                score: z.number(),
                level: z.string().nullable(),
                groundRulesMet: z.boolean(),
                failing: z.array(
                  z.object({
                    ruleId: z.string(),
                    title: z.string(),
                    level: z.string(),
                    howToFix: z.string().optional(),
                  }),
                ),
                unknown: z.array(
                  z.object({
                    ruleId: z.string(),
                    title: z.string(),
                    level: z.string(),
                    facts: z.array(z.string()),
                  }),
                ),
              }),
            )
            .describe('One item per contract that applies'),
      },
    },
    async handler(ctx) {
      const failOn = ctx.input.failOn ?? GROUND_LEVEL;
      const call = {
        discovery,
        auth,
        credentials: await ctx.getInitiatorCredentials(),
        pluginId: platformContractPluginId,
        signal: ctx.signal,
      };
      const { response, workspace } = await checkFolder(
        call,
        ctx.workspacePath,
        ctx.input.path,
      );
      logSkipped(ctx.logger, workspace.skipped);
      // Only a level name needs each contract's level order.
      const levelsByContract =
        failOn === GROUND_LEVEL || failOn === FAIL_ON_NEVER
          ? undefined
          : failOnLevels(
              (
                await requestPlugin<ContractListResponse>({
                  ...call,
                  method: 'GET',
                  path: '/contracts',
                })
              ).items,
              failOn,
            );

      const results = response.items.map(summarize);
      ctx.logger.info(
        `Checked ${response.entityRef} with ${workspace.files.length} file(s) against ${results.length} contract(s)`,
      );
      for (const line of reportLines(results, response.unknownFacts)) {
        ctx.logger.info(line);
      }
      const blocking = blockingRules(results, failOn, levelsByContract);
      ctx.output('results', results);
      ctx.output(
        'summary',
        results.length ? results.map(headline).join('\n') : NO_CONTRACT_APPLIES,
      );
      ctx.output('passed', blocking.length === 0);
      if (blocking.length > 0) {
        throw new InputError(failureMessage(blocking, failOn));
      }
    },
  });
}

/**
 * Checks a folder's catalog entity (its first one) and text files against
 * every contract that applies, as `call.credentials`.
 */
export async function checkFolder(
  call: Omit<PluginRequest, 'method' | 'path' | 'body'>,
  folder: string,
  catalogPath?: string,
) {
  const catalogFile = await CatalogInfoFile.read(folder, catalogPath);
  const entity = catalogFile.entity(catalogFile.select());
  const workspace = await readWorkspaceFiles(folder);
  const response = await requestPlugin<CheckEntityResponse>({
    ...call,
    method: 'POST',
    path: '/check',
    body: {
      entity: entity as CheckEntityRequest['entity'],
      files: workspace.files,
    } satisfies CheckEntityRequest,
  });
  return { response, workspace };
}

function logSkipped(
  logger: { info(message: string): void },
  skipped: WorkspaceFiles['skipped'],
) {
  const reasons: Array<[string[], string]> = [
    [skipped.folders, 'folders not checked'],
    [skipped.binary, 'binary files not sent'],
    [skipped.tooLarge, 'files over the size limit not sent'],
    [skipped.overLimit, 'files beyond the file-count limit not sent'],
    [skipped.links, 'symbolic links not followed'],
  ];
  for (const [paths, reason] of reasons) {
    if (paths.length === 0) continue;
    const shown = paths.slice(0, 10).join(', ');
    const more = paths.length > 10 ? ` and ${paths.length - 10} more` : '';
    logger.info(`Skipped ${paths.length} (${reason}): ${shown}${more}`);
  }
}

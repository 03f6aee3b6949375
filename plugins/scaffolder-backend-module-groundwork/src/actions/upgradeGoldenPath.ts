import {
  AuthService,
  DiscoveryService,
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  createTemplateAction,
  deserializeDirectoryContents,
} from '@backstage/plugin-scaffolder-node';
import {
  GOLDEN_PATH_ANNOTATION,
  GOLDEN_PATH_FILE,
  GOLDEN_PATH_VERSION_ANNOTATION,
  platformContractPluginId,
  summarize,
} from '@groundwork/plugin-platform-contract-common';
import fs from 'node:fs/promises';
import yaml from 'yaml';
import { annotateCatalogFile } from './annotate';
import { DEFAULT_CATALOG_PATH } from './catalogInfoFile';
import { checkFolder } from './contractCheck';
import { GOLDEN_PATH_KEEP_BASE_ACTION_ID } from './keepBase';
import { FixedRule, upgradeDescription } from './upgrade/description';
import {
  baseBranchName,
  lineageFileText,
  parseLineage,
  upgradeBranchName,
} from './upgrade/lineage';
import { catalogEntity, renderTemplate } from './upgrade/render';
import {
  blobUrl,
  repositoryOfSourceLocation,
  treeUrl,
} from './upgrade/repository';
import { RepositoryFiles, threeWayMerge } from './upgrade/threeWayMerge';

export const GOLDEN_PATH_UPGRADE_ACTION_ID = 'groundwork:golden-path:upgrade';

/** Where in the workspace the upgrade leaves its files, unless told otherwise. */
const DEFAULT_TARGET_PATH = 'upgrade';

/**
 * `groundwork:golden-path:upgrade`: re-renders a repository's golden path
 * at its current version from the recorded answers and merges it three ways
 * with the repository and the kept base, leaving the files a merge request
 * needs in the workspace. Opens nothing itself.
 */
export function createGoldenPathUpgradeAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  reader: UrlReaderService;
  integrations: ScmIntegrations;
  /** The clock for `upgradedAt`; tests inject a fixed one. */
  now?: () => Date;
}) {
  const { discovery, auth, reader, integrations } = options;
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: GOLDEN_PATH_UPGRADE_ACTION_ID,
    description: `Upgrades a repository created from a golden path to the template's current version: reads the repository (ours), the base its version rendered (the lineage's base.branch) and renders the current version from the recorded answers (the scaffolder's dry run, as the user who started the task), merges them three ways per file and leaves in the workspace <targetPath>/changes (the files that differ from the repository, for publish:gitlab:merge-request or publish:github:pull-request) and <targetPath>/golden-path (the new base, for ${GOLDEN_PATH_KEEP_BASE_ACTION_ID}). Says when the repository is up to date or the upgrade already proposed. Read-only on the host.`,
    supportsDryRun: true,
    examples: [
      {
        description: 'Upgrade the entity picked in the form',
        example: yaml.stringify({
          steps: [
            {
              id: 'upgrade',
              name: 'Merge the current golden path',
              action: GOLDEN_PATH_UPGRADE_ACTION_ID,
              input: { entityRef: 'component:default/order-pricing' },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              `A catalog entity created from a golden path (it has ${GOLDEN_PATH_ANNOTATION} and ${ANNOTATION_SOURCE_LOCATION})`,
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              `Workspace folder for the results (default '${DEFAULT_TARGET_PATH}')`,
            ),
      },
      output: {
        upToDate: z =>
          z.boolean().describe('The repository is on the current version'),
        alreadyProposed: z =>
          z
            .boolean()
            .describe('The upgrade branch exists already: nothing new to open'),
        proposalUrl: z =>
          z.string().optional().describe('The existing upgrade branch'),
        message: z => z.string().describe('One line saying what happened'),
        repoUrl: z =>
          z.string().describe("The repository, in the scaffolder's form"),
        repositoryUrl: z => z.string().describe("The repository's web page"),
        host: z => z.string().describe('The git host, e.g. gitlab.example.com'),
        hostType: z => z.string().describe("'gitlab' or 'github'"),
        branchName: z => z.string().describe('The upgrade branch'),
        baseBranch: z => z.string().describe('The new base branch'),
        previousBaseBranch: z =>
          z.string().describe('The base branch the merge started from'),
        title: z => z.string().describe('Merge request title'),
        description: z =>
          z.string().describe('Merge request description (Markdown)'),
        conflicts: z =>
          z.array(z.string()).describe('Files with conflicts to resolve'),
        fromVersion: z => z.string().describe('The recorded version'),
        toVersion: z => z.string().describe("The template's current version"),
      },
    },
    async handler(ctx) {
      const entityRef = stringifyEntityRef(
        parseEntityRef(ctx.input.entityRef, { defaultKind: 'component' }),
      );
      const targetPath = ctx.input.targetPath ?? DEFAULT_TARGET_PATH;
      const call = {
        discovery,
        auth,
        credentials: await ctx.getInitiatorCredentials(),
        signal: ctx.signal,
      };
      const entity = await catalogEntity(call, entityRef);
      const sourceLocation =
        entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
      if (!sourceLocation) {
        throw new InputError(
          `${entityRef} has no ${ANNOTATION_SOURCE_LOCATION}: the upgrade cannot tell which repository to read.`,
        );
      }
      const repository = repositoryOfSourceLocation(
        integrations,
        sourceLocation,
      );
      const ours = await readTree(reader, sourceLocation.replace(/^url:/, ''));
      const lineage = parseLineage(
        ours.get(GOLDEN_PATH_FILE)?.toString('utf8'),
      );
      const template = await catalogEntity(call, lineage.template);
      const toVersion =
        template.metadata.annotations?.[GOLDEN_PATH_VERSION_ANNOTATION];
      if (!toVersion) {
        throw new InputError(
          `${lineage.template} has no ${GOLDEN_PATH_VERSION_ANNOTATION}: it is not a versioned golden path.`,
        );
      }
      const fromVersion = lineage.version;
      const branchName = upgradeBranchName(toVersion);
      const outcome = (upToDate: boolean, alreadyProposed: boolean) => {
        ctx.output('upToDate', upToDate);
        ctx.output('alreadyProposed', alreadyProposed);
        ctx.output('repoUrl', repository.repoUrl);
        ctx.output('repositoryUrl', repository.webUrl);
        ctx.output('host', repository.host);
        ctx.output('hostType', repository.type);
        ctx.output('branchName', branchName);
        ctx.output('previousBaseBranch', lineage.base!.branch);
        ctx.output('fromVersion', fromVersion);
        ctx.output('toVersion', toVersion);
      };

      if (toVersion === fromVersion) {
        const message = `${entityRef} is already on ${lineage.template} ${toVersion}, the current version: nothing to upgrade.`;
        ctx.logger.info(message);
        outcome(true, false);
        ctx.output('message', message);
        ctx.output('conflicts', []);
        return;
      }
      if (
        await exists(reader, blobUrl(repository, branchName, GOLDEN_PATH_FILE))
      ) {
        const proposalUrl = treeUrl(repository, branchName).replace(/\/$/, '');
        const message = `The upgrade of ${entityRef} to ${toVersion} is already proposed on the branch ${branchName} (${proposalUrl}); nothing new was opened.`;
        ctx.logger.info(message);
        outcome(false, true);
        ctx.output('proposalUrl', proposalUrl);
        ctx.output('message', message);
        ctx.output('conflicts', []);
        return;
      }

      const base = await readTree(
        reader,
        treeUrl(repository, lineage.base!.branch),
      ).catch(error => {
        if (error instanceof NotFoundError) {
          throw new NotFoundError(
            `The base of ${fromVersion} is not on the branch ${
              lineage.base!.branch
            } of ${
              repository.webUrl
            }; it was deleted or never pushed. Restore it with ${GOLDEN_PATH_KEEP_BASE_ACTION_ID}.`,
          );
        }
        throw error;
      });
      const tmp = await ctx.createTemporaryDirectory();
      const rendered = await renderTemplate({
        call,
        reader,
        integrations,
        template,
        values: lineage.values,
        tmpDir: resolveSafeChildPath(tmp, 'template'),
      });

      // The new base carries the lineage and annotation the merge will take.
      const upgradedAt = await ctx.checkpoint({
        key: 'golden-path-upgraded-at',
        fn: async () => now().toISOString(),
      });
      const nextBase = baseBranchName(toVersion);
      rendered.set(
        GOLDEN_PATH_FILE,
        Buffer.from(
          lineageFileText(
            {
              ...lineage,
              version: toVersion,
              upgradedAt,
              base: { branch: nextBase },
            },
            GOLDEN_PATH_UPGRADE_ACTION_ID,
          ),
        ),
      );
      const theirsDir = resolveSafeChildPath(
        ctx.workspacePath,
        `${targetPath}/golden-path`,
      );
      await writeFiles(theirsDir, rendered);
      await annotateCatalogFile({
        workspacePath: theirsDir,
        changes: {
          annotations: {
            [GOLDEN_PATH_ANNOTATION]: `${lineage.template}@${toVersion}`,
          },
        },
      });
      const theirs = new Map(rendered).set(
        DEFAULT_CATALOG_PATH,
        await fs.readFile(
          resolveSafeChildPath(theirsDir, DEFAULT_CATALOG_PATH),
        ),
      );

      const merge = threeWayMerge(base, ours, theirs, {
        fromVersion,
        toVersion,
      });
      // The lineage is the upgrade's own record, never a conflict.
      merge.files.set(GOLDEN_PATH_FILE, theirs.get(GOLDEN_PATH_FILE)!);
      merge.conflicts = merge.conflicts.filter(
        c => c.path !== GOLDEN_PATH_FILE,
      );
      const changes = new Map(
        [...merge.files].filter(
          ([path, content]) => !ours.get(path)?.equals(content),
        ),
      );
      await writeFiles(
        resolveSafeChildPath(ctx.workspacePath, `${targetPath}/changes`),
        changes,
      );

      const fixedRules = await rulesFixed(
        { ...call, pluginId: platformContractPluginId },
        tmp,
        ours,
        merge.files,
        ctx.logger,
      );
      const conflicts = merge.conflicts.map(c => c.path);
      const templateName = parseEntityRef(lineage.template).name;
      const title = `Upgrade to the golden path ${templateName} ${toVersion}${
        conflicts.length ? ` (${conflicts.length} conflict(s) to resolve)` : ''
      }`;
      const message = `Proposing ${fromVersion} → ${toVersion} for ${entityRef}: ${
        changes.size
      } file(s) changed, ${conflicts.length} conflict(s)${
        conflicts.length ? ` in ${conflicts.join(', ')}` : ''
      }.`;
      ctx.logger.info(message);
      outcome(false, false);
      ctx.output('baseBranch', nextBase);
      ctx.output('title', title);
      ctx.output('message', message);
      ctx.output(
        'description',
        upgradeDescription({
          template: lineage.template,
          fromVersion,
          toVersion,
          baseBranch: nextBase,
          merge,
          fixedRules,
        }),
      );
      ctx.output('conflicts', conflicts);
    },
  });
}

async function readTree(
  reader: UrlReaderService,
  url: string,
): Promise<RepositoryFiles> {
  const tree = await reader.readTree(url);
  const files = await tree.files();
  return new Map(
    await Promise.all(
      files.map(async file => [file.path, await file.content()] as const),
    ),
  );
}

async function exists(reader: UrlReaderService, url: string) {
  try {
    await reader.readUrl(url);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

async function writeFiles(dir: string, files: RepositoryFiles) {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  await deserializeDirectoryContents(
    dir,
    [...files].map(([path, content]) => ({ path, content })),
  );
}

/**
 * The contract rules that fail on the repository now and pass once merged;
 * undefined when either cannot be checked (e.g. conflict markers in
 * catalog-info.yaml), which the description says.
 */
async function rulesFixed(
  call: Parameters<typeof checkFolder>[0],
  tmp: string,
  ours: RepositoryFiles,
  merged: RepositoryFiles,
  logger: { warn(message: string): void },
): Promise<FixedRule[] | undefined> {
  const check = async (name: string, files: RepositoryFiles) => {
    const dir = resolveSafeChildPath(tmp, name);
    await writeFiles(dir, files);
    return (await checkFolder(call, dir)).response.items.map(summarize);
  };
  try {
    const before = await check('ours', ours);
    const after = await check('merged', merged);
    const failingAfter = new Set(
      after.flatMap(c => c.failing.map(rule => `${c.contract}/${rule.ruleId}`)),
    );
    return before.flatMap(c =>
      c.failing
        .filter(rule => !failingAfter.has(`${c.contract}/${rule.ruleId}`))
        .map(rule => ({
          contract: c.title,
          ruleId: rule.ruleId,
          title: rule.title,
        })),
    );
  } catch (error) {
    logger.warn(
      `Could not compare the platform contract before and after the upgrade: ${
        (error as Error).message
      }`,
    );
    return undefined;
  }
}

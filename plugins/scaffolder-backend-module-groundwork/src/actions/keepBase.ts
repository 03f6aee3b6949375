import {
  LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  addFiles,
  cloneRepo,
  commitAndPushBranch,
  createTemplateAction,
  deserializeDirectoryContents,
  initRepoAndPush,
  removeFiles,
  SerializedFile,
  serializeDirectoryContents,
} from '@backstage/plugin-scaffolder-node';
import { GOLDEN_PATH_VERSION_ANNOTATION } from '@groundwork/plugin-platform-contract-common';
import fs from 'node:fs/promises';
import yaml from 'yaml';
import { baseBranchName } from './upgrade/lineage';
import { gitRemote, repositoryOfRepoUrl } from './upgrade/repository';

export const GOLDEN_PATH_KEEP_BASE_ACTION_ID =
  'groundwork:golden-path:keep-base';

/** Every file but git's own. */
const FILES_BUT_GIT = ['**', '!.git/**'];

const AUTHOR = {
  name: 'Groundwork golden path',
  email: 'groundwork@backstage.io',
};

/**
 * `groundwork:golden-path:keep-base`: pushes exactly what a golden-path
 * version rendered to a branch of the repository, the base that a later
 * upgrade merges against. Through git itself, so on GitLab and GitHub alike.
 */
export function createGoldenPathKeepBaseAction(options: {
  integrations: ScmIntegrationRegistry;
}) {
  const { integrations } = options;
  return createTemplateAction({
    id: GOLDEN_PATH_KEEP_BASE_ACTION_ID,
    description: `Keeps what a golden-path version rendered on a branch of the repository (default ${baseBranchName(
      '<version>',
    )}), the base of later upgrades. With 'previousBranch' the new commit is a child of the previous base, so the host shows what the golden path changed between versions. Pushes with the GitLab or GitHub integration's credentials; a retry with the same files changes nothing. Not run in a dry run.`,
    // It writes to the git host.
    supportsDryRun: false,
    examples: [
      {
        description:
          'After publishing, keep the rendered workspace as the base of its version',
        example: yaml.stringify({
          steps: [
            {
              id: 'keep-base',
              name: 'Keep the golden-path base',
              action: GOLDEN_PATH_KEEP_BASE_ACTION_ID,
              input: { repoUrl: 'gitlab.example.com?owner=team&repo=svc' },
            },
          ],
        }),
      },
      {
        description:
          "During an upgrade, keep the new version's rendering as a child of the previous base",
        example: yaml.stringify({
          steps: [
            {
              id: 'keep-base',
              name: 'Keep the new golden-path base',
              action: GOLDEN_PATH_KEEP_BASE_ACTION_ID,
              input: {
                repoUrl: '${{ steps.upgrade.output.repoUrl }}',
                sourcePath: 'upgrade/golden-path',
                version: '${{ steps.upgrade.output.toVersion }}',
                previousBranch:
                  '${{ steps.upgrade.output.previousBaseBranch }}',
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        repoUrl: z =>
          z
            .string()
            .describe(
              "The repository, in the scaffolder's host?owner=…&repo=… form",
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Folder of the workspace to keep (default: the whole workspace, without .git)',
            ),
        version: z =>
          z
            .string()
            .optional()
            .describe(
              `Golden-path version (default: the template's ${GOLDEN_PATH_VERSION_ANNOTATION} annotation)`,
            ),
        branch: z =>
          z
            .string()
            .optional()
            .describe(
              `Branch to push (default ${baseBranchName('<version>')})`,
            ),
        previousBranch: z =>
          z
            .string()
            .optional()
            .describe(
              'The previous base branch, to make the new base its child',
            ),
      },
      output: {
        branch: z => z.string().describe('The base branch'),
        commitHash: z => z.string().describe('The commit the branch points at'),
      },
    },
    async handler(ctx) {
      const version =
        ctx.input.version ??
        ctx.templateInfo?.entity?.metadata.annotations?.[
          GOLDEN_PATH_VERSION_ANNOTATION
        ];
      if (!ctx.input.branch && !version) {
        throw new InputError(
          `${GOLDEN_PATH_KEEP_BASE_ACTION_ID} needs the golden-path version: pass 'version' or 'branch', or add ${GOLDEN_PATH_VERSION_ANNOTATION} to the template.`,
        );
      }
      const branch = ctx.input.branch ?? baseBranchName(version!);
      const repository = repositoryOfRepoUrl(integrations, ctx.input.repoUrl);
      const { remoteUrl, auth } = await gitRemote(integrations, repository);
      const source = ctx.input.sourcePath
        ? resolveSafeChildPath(ctx.workspacePath, ctx.input.sourcePath)
        : ctx.workspacePath;
      const wanted = await serializeDirectoryContents(source, {
        globPatterns: FILES_BUT_GIT,
      });
      if (wanted.length === 0) {
        throw new InputError(
          `${
            ctx.input.sourcePath ?? 'The workspace'
          } holds no files to keep as the golden-path base.`,
        );
      }

      const dir = await ctx.createTemporaryDirectory();
      const git = { dir, auth, logger: ctx.logger };
      // A retry finds the branch itself; an upgrade starts from the previous base.
      const startedFrom = await cloneFirstExisting({ ...git, url: remoteUrl }, [
        branch,
        ctx.input.previousBranch,
      ]);
      const commitMessage = `Golden-path base${
        version ? ` ${version}` : ''
      }: exactly what the golden path rendered`;
      let commitHash: string;
      if (!startedFrom) {
        await deserializeDirectoryContents(dir, wanted);
        ({ commitHash } = await initRepoAndPush({
          ...git,
          remoteUrl,
          defaultBranch: branch,
          commitMessage,
          gitAuthorInfo: AUTHOR,
        }));
      } else {
        const present = await serializeDirectoryContents(dir, {
          globPatterns: FILES_BUT_GIT,
        });
        if (startedFrom.ref === branch && sameFiles(present, wanted)) {
          ctx.logger.info(
            `${branch} already holds these files; nothing to push`,
          );
          ctx.output('branch', branch);
          ctx.output('commitHash', startedFrom.head);
          return;
        }
        const kept = new Set(wanted.map(file => file.path));
        for (const file of present.filter(f => !kept.has(f.path))) {
          await fs.rm(resolveSafeChildPath(dir, file.path));
          await removeFiles({ ...git, filepath: file.path });
        }
        await deserializeDirectoryContents(dir, wanted);
        await addFiles({ ...git, filepath: '.' });
        ({ commitHash } = await commitAndPushBranch({
          ...git,
          commitMessage,
          gitAuthorInfo: AUTHOR,
          remoteRef: `refs/heads/${branch}`,
        }));
      }
      ctx.logger.info(
        `Kept ${wanted.length} file(s) on ${branch} of ${repository.webUrl}${
          startedFrom && startedFrom.ref !== branch
            ? ` (a child of ${startedFrom.ref})`
            : ''
        }`,
      );
      ctx.output('branch', branch);
      ctx.output('commitHash', commitHash);
    },
  });
}

/**
 * Clones the first of `refs` that exists into `dir`, or none. isomorphic-git
 * says "Could not find <ref>" for a branch the remote lacks, and clones an
 * empty repository without complaint, leaving no such branch; any other
 * error (authentication, network) is real.
 */
async function cloneFirstExisting(
  options: Omit<Parameters<typeof cloneRepo>[0], 'ref'>,
  refs: Array<string | undefined>,
): Promise<{ ref: string; head: string } | undefined> {
  const startOver = async () => {
    await fs.rm(options.dir, { recursive: true, force: true });
    await fs.mkdir(options.dir);
  };
  for (const ref of refs) {
    if (!ref) continue;
    try {
      await cloneRepo({
        ...options,
        ref,
        depth: 1,
        logger: options.logger && missingBranchIsNoError(options.logger),
      });
    } catch (error) {
      if (!/Could not find/.test(String((error as Error).message))) throw error;
      await startOver();
      continue;
    }
    const head = await fs
      .readFile(
        resolveSafeChildPath(options.dir, `.git/refs/heads/${ref}`),
        'utf8',
      )
      .catch(() => undefined);
    if (head) return { ref, head: head.trim() };
    await startOver();
  }
  return undefined;
}

/**
 * cloneRepo logs every failed clone as an error in the task's log; here a
 * missing branch is expected (a first base has none), so clone failures are
 * logged at debug level and real errors are thrown to the task as usual.
 */
function missingBranchIsNoError(logger: LoggerService): LoggerService {
  return {
    error: (message, meta) => logger.debug(message, meta),
    warn: (message, meta) => logger.warn(message, meta),
    info: (message, meta) => logger.info(message, meta),
    debug: (message, meta) => logger.debug(message, meta),
    child: meta => missingBranchIsNoError(logger.child(meta)),
  };
}

function sameFiles(a: SerializedFile[], b: SerializedFile[]) {
  const byPath = new Map(a.map(file => [file.path, file.content]));
  return (
    a.length === b.length &&
    b.every(file => byPath.get(file.path)?.equals(file.content))
  );
}

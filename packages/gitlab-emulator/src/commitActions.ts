import {
  readBlob,
  resolveCommit,
  TreeChange,
  updateBranch,
  writeCommit,
} from './git';
import {
  badRequest,
  GitLabError,
  ProjectContext,
  requireParams,
} from './project';
import { EmulatedUser } from './store';

const ACTIONS = ['create', 'delete', 'move', 'update', 'chmod'] as const;

interface CommitAction {
  action: (typeof ACTIONS)[number];
  file_path: string;
  previous_path?: string;
  content?: string;
  encoding?: 'text' | 'base64';
  execute_filemode?: boolean;
}

/** Messages of GitLab's `Files::MultiService` for files that are, or are not, there. */
const EXISTS = 'A file with this name already exists';
const MISSING = "A file with this name doesn't exist";
const NOT_ON_BRANCH =
  'You can only create or edit files when you are on a branch';

function validateActions(actions: unknown): CommitAction[] {
  if (!Array.isArray(actions) || actions.length === 0) {
    throw new GitLabError(400, { error: 'actions is missing' });
  }
  return actions.map((a, i) => {
    const action = a as Partial<CommitAction>;
    if (!ACTIONS.includes(action.action as CommitAction['action'])) {
      throw new GitLabError(400, {
        error: `actions[${i}][action] does not have a valid value`,
      });
    }
    if (typeof action.file_path !== 'string' || !action.file_path) {
      throw new GitLabError(400, {
        error: `actions[${i}][file_path] is missing`,
      });
    }
    if (action.file_path.split('/').some(s => s === '..' || s === '.git')) {
      throw badRequest(
        `Your changes could not be committed, because the file path ${action.file_path} is invalid`,
      );
    }
    return action as CommitAction;
  });
}

const decode = (action: CommitAction) =>
  Buffer.from(
    action.content ?? '',
    action.encoding === 'base64' ? 'base64' : 'utf8',
  );

/**
 * `POST /projects/:id/repository/commits`: one real commit on `branch` with
 * the `actions` (create, update, delete, move, chmod), checked like GitLab
 * checks them against the branch's current tree.
 */
export async function commitWithActions(
  ctx: ProjectContext,
  body: Record<string, unknown>,
  user: EmulatedUser,
): Promise<string> {
  requireParams(body, ['branch', 'commit_message', 'actions']);
  const actions = validateActions(body.actions);
  const branch = String(body.branch);
  let parent = await resolveCommit(ctx.gitDir, `refs/heads/${branch}`);
  const branchExists = parent !== undefined;
  if (!parent && body.start_branch) {
    parent = await resolveCommit(ctx.gitDir, `refs/heads/${body.start_branch}`);
    if (!parent) throw badRequest(NOT_ON_BRANCH);
  } else if (!parent && ctx.defaultBranch !== null) {
    // A new branch needs a start_branch unless the repository is empty.
    throw badRequest(NOT_ON_BRANCH);
  }

  const exists = async (p: string) =>
    parent !== undefined &&
    (await readBlob(ctx.gitDir, parent, p)) !== undefined;
  const changes: TreeChange[] = [];
  for (const action of actions) {
    const filePath = action.file_path;
    switch (action.action) {
      case 'create':
        if (await exists(filePath)) throw badRequest(EXISTS);
        changes.push({
          kind: 'write',
          path: filePath,
          content: decode(action),
          executable: action.execute_filemode,
        });
        break;
      case 'update':
        if (!(await exists(filePath))) throw badRequest(MISSING);
        changes.push({
          kind: 'write',
          path: filePath,
          content: decode(action),
          executable: action.execute_filemode,
        });
        break;
      case 'delete':
        if (!(await exists(filePath))) throw badRequest(MISSING);
        changes.push({ kind: 'delete', path: filePath });
        break;
      case 'chmod': {
        const current =
          parent && (await readBlob(ctx.gitDir, parent, filePath));
        if (!current) throw badRequest(MISSING);
        changes.push({
          kind: 'write',
          path: filePath,
          content: current.content,
          executable: Boolean(action.execute_filemode),
        });
        break;
      }
      case 'move': {
        const previous = action.previous_path;
        const old =
          previous && parent
            ? await readBlob(ctx.gitDir, parent, previous)
            : undefined;
        if (!previous || !old) throw badRequest(MISSING);
        if (await exists(filePath)) throw badRequest(EXISTS);
        changes.push({ kind: 'delete', path: previous });
        changes.push({
          kind: 'write',
          path: filePath,
          // No content: the file moves as it is.
          content:
            action.content === undefined || action.content === null
              ? old.content
              : decode(action),
          executable: old.mode === '100755',
        });
        break;
      }
      default:
    }
  }
  const commit = await writeCommit(ctx.gitDir, parent, changes, {
    message: String(body.commit_message),
    authorName:
      typeof body.author_name === 'string' ? body.author_name : user.name,
    authorEmail:
      typeof body.author_email === 'string' ? body.author_email : user.email,
  });
  await updateBranch(ctx.gitDir, branch, commit, branchExists ? parent! : '');
  return commit;
}

import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A failed `git` run, with what git wrote to stderr. */
export class GitCommandError extends Error {}

/** Runs `git` against one bare repository; gives stdout. */
export async function git(
  gitDir: string,
  args: string[],
  options: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['--git-dir', gitDir, ...args],
      {
        encoding: 'buffer',
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, ...options.env },
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new GitCommandError(
              `git ${args[0]} failed: ${stderr.toString().trim()}`,
            ),
          );
        } else {
          resolve(stdout);
        }
      },
    );
    child.stdin!.end(options.input);
  });
}

const text = async (gitDir: string, args: string[]) =>
  (await git(gitDir, args)).toString('utf8');

/** Creates a bare repository whose HEAD names `defaultBranch`. */
export async function initBareRepository(
  gitDir: string,
  defaultBranch: string,
) {
  await fs.promises.mkdir(path.dirname(gitDir), { recursive: true });
  await new Promise<void>((resolve, reject) =>
    execFile(
      'git',
      [
        'init',
        '--bare',
        '--quiet',
        `--initial-branch=${defaultBranch}`,
        gitDir,
      ],
      error => (error ? reject(error) : resolve()),
    ),
  );
  // Pushes over smart HTTP are authenticated by the emulator, not git.
  await git(gitDir, ['config', 'http.receivepack', 'true']);
}

/** The commit a ref (branch, tag or sha) names, or undefined. */
export async function resolveCommit(
  gitDir: string,
  ref: string,
): Promise<string | undefined> {
  if (ref.startsWith('-')) return undefined;
  try {
    return (
      await text(gitDir, [
        'rev-parse',
        '--verify',
        '--quiet',
        `${ref}^{commit}`,
      ])
    ).trim();
  } catch {
    return undefined;
  }
}

export async function headBranch(gitDir: string): Promise<string> {
  return (await text(gitDir, ['symbolic-ref', '--short', 'HEAD'])).trim();
}

export async function setHeadBranch(gitDir: string, branch: string) {
  await git(gitDir, ['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
}

export async function listBranches(
  gitDir: string,
): Promise<{ name: string; commit: string }[]> {
  const out = await text(gitDir, [
    'for-each-ref',
    '--format=%(refname:short) %(objectname)',
    'refs/heads/',
  ]);
  return out
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [name, commit] = line.split(' ');
      return { name, commit };
    });
}

/** Whether `name` is a valid branch name (`git check-ref-format --branch`). */
export async function isValidBranchName(name: string): Promise<boolean> {
  if (!name || name.startsWith('-')) return false;
  return new Promise(resolve =>
    execFile('git', ['check-ref-format', `refs/heads/${name}`], error =>
      resolve(!error),
    ),
  );
}

/** Moves `refs/heads/<branch>` to `commit` if it still points at `expected` ('' = must not exist). */
export async function updateBranch(
  gitDir: string,
  branch: string,
  commit: string,
  expected: string,
) {
  await git(gitDir, ['update-ref', `refs/heads/${branch}`, commit, expected]);
}

export async function deleteBranch(gitDir: string, branch: string) {
  await git(gitDir, ['update-ref', '-d', `refs/heads/${branch}`]);
}

export interface GitCommit {
  id: string;
  parentIds: string[];
  authorName: string;
  authorEmail: string;
  authoredDate: string;
  committerName: string;
  committerEmail: string;
  committedDate: string;
  message: string;
}

const FIELD = '%x1f';
const RECORD = '%x1e';

/** Commits reachable from `ref`, newest first; `path` limits to commits touching it. */
export async function listCommits(
  gitDir: string,
  ref: string,
  options: { path?: string; skip?: number; limit?: number } = {},
): Promise<GitCommit[]> {
  const format = ['%H', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B']
    .join(FIELD)
    .concat(RECORD);
  const args = ['log', `--format=${format}`];
  if (options.skip) args.push(`--skip=${options.skip}`);
  if (options.limit) args.push(`--max-count=${options.limit}`);
  args.push(ref, '--');
  if (options.path) args.push(options.path);
  const out = await text(gitDir, args);
  return out
    .split('\x1e')
    .map(record => record.replace(/^\n/, ''))
    .filter(Boolean)
    .map(record => {
      const [id, parents, an, ae, ad, cn, ce, cd, message] =
        record.split('\x1f');
      return {
        id,
        parentIds: parents ? parents.split(' ') : [],
        authorName: an,
        authorEmail: ae,
        authoredDate: ad,
        committerName: cn,
        committerEmail: ce,
        committedDate: cd,
        message,
      };
    });
}

export interface TreeEntry {
  /** Blob or tree sha. */
  id: string;
  name: string;
  type: 'blob' | 'tree' | 'commit';
  path: string;
  mode: string;
}

/** The entries under `dir` of `commit`'s tree, all levels when `recursive`. */
export async function listTree(
  gitDir: string,
  commit: string,
  options: { dir?: string; recursive?: boolean } = {},
): Promise<TreeEntry[]> {
  const args = ['ls-tree', '-z'];
  if (options.recursive) args.push('-r', '-t');
  const dir = options.dir?.replace(/\/+$/, '');
  args.push(dir ? `${commit}:${dir}` : commit);
  const out = await text(gitDir, args);
  return out
    .split('\0')
    .filter(Boolean)
    .map(line => {
      const [meta, name] = line.split('\t');
      const [mode, type, id] = meta.split(' ');
      const entryPath = dir ? `${dir}/${name}` : name;
      return {
        id,
        name: path.posix.basename(name),
        type: type as TreeEntry['type'],
        path: entryPath,
        mode,
      };
    });
}

/** The blob at `filePath` in `commit`, or undefined when there is none. */
export async function readBlob(
  gitDir: string,
  commit: string,
  filePath: string,
): Promise<{ id: string; mode: string; content: Buffer } | undefined> {
  const out = await text(gitDir, ['ls-tree', '-z', commit, '--', filePath]);
  const [meta] = out.split('\t');
  if (!meta) return undefined;
  const [mode, type, id] = meta.split(' ');
  if (type !== 'blob') return undefined;
  return { id, mode, content: await git(gitDir, ['cat-file', 'blob', id]) };
}

/** One change of a commit, as GitLab's commit actions give it. */
export type TreeChange =
  | { kind: 'write'; path: string; content: Buffer; executable?: boolean }
  | { kind: 'delete'; path: string };

/**
 * Writes a commit with `changes` on top of `parent` (none: a root commit),
 * without touching any working tree: a throw-away index file in the system's
 * temporary directory, then `write-tree` and `commit-tree`.
 */
export async function writeCommit(
  gitDir: string,
  parent: string | undefined,
  changes: TreeChange[],
  commit: { message: string; authorName: string; authorEmail: string },
): Promise<string> {
  const tmp = await fs.promises.mkdtemp(
    path.join(os.tmpdir(), 'gitlab-emulator-'),
  );
  const env = { GIT_INDEX_FILE: path.join(tmp, 'index') };
  try {
    if (parent) await git(gitDir, ['read-tree', parent], { env });
    // `--index-info` works without a work tree; mode 0 removes an entry.
    const entries: string[] = [];
    for (const change of changes) {
      if (change.kind === 'delete') {
        entries.push(`0 ${'0'.repeat(40)}\t${change.path}`);
        continue;
      }
      const blob = (
        await git(gitDir, ['hash-object', '-w', '--stdin'], {
          input: change.content,
        })
      )
        .toString()
        .trim();
      entries.push(
        `${change.executable ? '100755' : '100644'} ${blob}\t${change.path}`,
      );
    }
    await git(gitDir, ['update-index', '-z', '--index-info'], {
      env,
      input: entries.map(e => `${e}\0`).join(''),
    });
    const tree = (await git(gitDir, ['write-tree'], { env })).toString().trim();
    const identity = {
      GIT_AUTHOR_NAME: commit.authorName,
      GIT_AUTHOR_EMAIL: commit.authorEmail,
      GIT_COMMITTER_NAME: commit.authorName,
      GIT_COMMITTER_EMAIL: commit.authorEmail,
    };
    const args = ['commit-tree', tree];
    if (parent) args.push('-p', parent);
    return (
      await git(gitDir, [...args, '-F', '-'], {
        input: commit.message,
        env: identity,
      })
    )
      .toString()
      .trim();
  } finally {
    await fs.promises.rm(tmp, { recursive: true, force: true });
  }
}

/** One file changed between two commits, in GitLab's diff shape. */
export interface FileDiff {
  old_path: string;
  new_path: string;
  a_mode: string;
  b_mode: string;
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
  diff: string;
}

/** The changes from `base` to `head`, each with its unified diff from the first hunk on. */
export async function diffCommits(
  gitDir: string,
  base: string,
  head: string,
): Promise<FileDiff[]> {
  const raw = (
    await text(gitDir, ['diff-tree', '-r', '-z', '-M', '--raw', base, head])
  ).split('\0');
  const diffs: FileDiff[] = [];
  for (let i = 0; i < raw.length - 1; ) {
    const [aMode, bMode, , , status] = raw[i].slice(1).split(' ');
    const renamed = status.startsWith('R');
    const oldPath = raw[i + 1];
    const newPath = renamed ? raw[i + 2] : oldPath;
    i += renamed ? 3 : 2;
    const patch = await text(gitDir, [
      'diff',
      '-M',
      base,
      head,
      '--',
      ...new Set([oldPath, newPath]),
    ]);
    const hunks = patch.indexOf('\n@@');
    diffs.push({
      old_path: oldPath,
      new_path: newPath,
      a_mode: aMode,
      b_mode: bMode,
      new_file: status === 'A',
      renamed_file: renamed,
      deleted_file: status === 'D',
      diff: hunks === -1 ? '' : patch.slice(hunks + 1),
    });
  }
  return diffs;
}

export async function mergeBase(gitDir: string, a: string, b: string) {
  try {
    return (await text(gitDir, ['merge-base', a, b])).trim();
  } catch {
    return undefined;
  }
}

/** A `tar.gz` of `commit` (optionally only `subPath`), every entry under `prefix/`. */
export function archiveStream(
  gitDir: string,
  commit: string,
  prefix: string,
  subPath?: string,
) {
  const args = [
    '--git-dir',
    gitDir,
    'archive',
    '--format=tar.gz',
    `--prefix=${prefix}/`,
    commit,
  ];
  if (subPath) args.push('--', subPath);
  return spawn('git', args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

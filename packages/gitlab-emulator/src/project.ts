import { headBranch, listBranches, resolveCommit, setHeadBranch } from './git';
import { projectJson } from './represent';
import { EmulatorStore, Namespace, StoredProject } from './store';

/** An error answered in GitLab's shape: `{"message": ...}` or, for missing parameters, `{"error": ...}`. */
export class GitLabError extends Error {
  constructor(
    readonly status: number,
    readonly body: { message: unknown } | { error: string },
  ) {
    super(JSON.stringify(body));
  }
}

export const notFound = (what: string) =>
  new GitLabError(404, { message: `404 ${what} Not Found` });

export const badRequest = (message: unknown) =>
  new GitLabError(400, { message });

/** Grape's answer for missing required parameters. */
export function requireParams(body: Record<string, unknown>, names: string[]) {
  const missing = names.filter(
    n => body[n] === undefined || body[n] === null || body[n] === '',
  );
  if (missing.length) {
    throw new GitLabError(400, {
      error: missing.map(n => `${n} is missing`).join(', '),
    });
  }
}

/** A project with what its answers need: namespace, git directory, URLs, default branch. */
export interface ProjectContext {
  project: StoredProject;
  namespace: Namespace;
  gitDir: string;
  fullPath: string;
  webUrl: string;
  /** null while the repository has no commits, as in GitLab. */
  defaultBranch: string | null;
}

export async function loadProject(
  store: EmulatorStore,
  idOrPath: string,
  baseUrl: string,
): Promise<ProjectContext> {
  const project = store.findProject(idOrPath);
  if (!project) throw notFound('Project');
  const namespace = store.namespaceOf(project);
  const gitDir = store.gitDir(project);
  const fullPath = `${namespace.path}/${project.path}`;
  return {
    project,
    namespace,
    gitDir,
    fullPath,
    webUrl: `${baseUrl}/${fullPath}`,
    defaultBranch: (await resolveCommit(gitDir, 'HEAD'))
      ? await headBranch(gitDir)
      : null,
  };
}

export function projectContextJson(ctx: ProjectContext, baseUrl: string) {
  return projectJson(
    ctx.project,
    ctx.namespace,
    { defaultBranch: ctx.defaultBranch, empty: ctx.defaultBranch === null },
    baseUrl,
  );
}

/**
 * Like GitLab, the first branch pushed to an empty project becomes its
 * default branch when the one it was created with does not exist.
 */
export async function adoptPushedDefaultBranch(gitDir: string) {
  if (await resolveCommit(gitDir, 'HEAD')) return;
  const [first] = await listBranches(gitDir);
  if (first) await setHeadBranch(gitDir, first.name);
}

/** The commit `ref` names (default: the default branch), or GitLab's 404 for `what`. */
export async function resolveRef(
  ctx: ProjectContext,
  ref: unknown,
  what: string,
): Promise<string> {
  const name = typeof ref === 'string' && ref ? ref : ctx.defaultBranch;
  const commit = name ? await resolveCommit(ctx.gitDir, name) : undefined;
  if (!commit) throw notFound(what);
  return commit;
}

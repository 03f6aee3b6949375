import crypto from 'node:crypto';
import express, { NextFunction, Request, Response, Router } from 'express';
import { commitWithActions } from './commitActions';
import {
  archiveStream,
  diffCommits,
  initBareRepository,
  isValidBranchName,
  listBranches,
  listCommits,
  listTree,
  mergeBase,
  readBlob,
  resolveCommit,
  updateBranch,
} from './git';
import { paginate } from './pagination';
import {
  adoptPushedDefaultBranch,
  badRequest,
  GitLabError,
  loadProject,
  notFound,
  ProjectContext,
  projectContextJson,
  requireParams,
  resolveRef,
} from './project';
import {
  branchJson,
  commitJson,
  groupJson,
  mergeRequestJson,
  namespaceJson,
  userJson,
} from './represent';
import { EmulatorStore, isValidPath, StoredMergeRequest } from './store';

type Handler = (req: Request, res: Response) => Promise<unknown>;

/** Answers a handler's value as JSON, and its GitLabError in GitLab's shape. */
const route =
  (handler: Handler, status = 200) =>
  async (req: Request, res: Response, next: NextFunction) => {
    try {
      const value = await handler(req, res);
      if (value !== undefined) res.status(status).json(value);
    } catch (e) {
      if (e instanceof GitLabError) res.status(e.status).json(e.body);
      else next(e);
    }
  };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const flag = (v: unknown) => v === true || v === 'true';

/** The GitLab REST API v4 routes that Backstage's GitLab integration and scaffolder actions call. */
export function createApiRouter(
  store: EmulatorStore,
  baseUrlOf: (req: Request) => string,
  now: () => Date,
): Router {
  const router = express.Router();
  router.use(express.json({ limit: '50mb' }));
  router.use(express.urlencoded({ extended: true, limit: '50mb' }));
  const me = (req: Request) => userJson(store.user, baseUrlOf(req));
  const project = (req: Request) =>
    loadProject(store, req.params.id, baseUrlOf(req));

  /** Projects, optionally of one namespace, filtered by `?search=` and paginated. */
  const projectsOf = async (
    req: Request,
    res: Response,
    namespacePath?: string,
  ) => {
    const search = str(req.query.search)?.toLowerCase();
    const all = await Promise.all(
      store
        .projects()
        .filter(
          p => namespacePath === undefined || p.namespacePath === namespacePath,
        )
        .filter(
          p =>
            !search ||
            p.path.toLowerCase().includes(search) ||
            p.name.toLowerCase().includes(search),
        )
        .map(async p =>
          projectContextJson(
            await loadProject(store, String(p.id), baseUrlOf(req)),
            baseUrlOf(req),
          ),
        ),
    );
    return paginate(req, res, all, baseUrlOf(req));
  };

  router.get(
    '/user',
    route(async req => me(req)),
  );
  router.get(
    '/users',
    route(async (req, res) => {
      const username = str(req.query.username);
      const users =
        !username || username === store.user.username ? [me(req)] : [];
      return paginate(req, res, users, baseUrlOf(req));
    }),
  );
  router.get(
    '/users/:id',
    route(async req => {
      if (req.params.id !== String(store.user.id)) throw notFound('User');
      return me(req);
    }),
  );
  router.get(
    '/users/:id/projects',
    route(async (req, res) => {
      if (
        req.params.id !== String(store.user.id) &&
        req.params.id !== store.user.username
      ) {
        throw notFound('User');
      }
      return projectsOf(req, res, store.user.username);
    }),
  );

  router.get(
    '/namespaces/:id',
    route(async req => {
      const namespace = store.findNamespace(req.params.id);
      if (!namespace) throw notFound('Namespace');
      return namespaceJson(namespace, baseUrlOf(req));
    }),
  );
  const group = (req: Request) => {
    const found = store.findNamespace(req.params.id);
    if (!found || found.kind !== 'group') throw notFound('Group');
    return found;
  };
  router.get(
    '/groups/:id',
    route(async req => groupJson(group(req), baseUrlOf(req))),
  );
  router.get(
    '/groups/:id/projects',
    route(async (req, res) => projectsOf(req, res, group(req).path)),
  );

  router.get(
    '/projects',
    route(async (req, res) => projectsOf(req, res)),
  );

  router.post(
    '/projects',
    route(async req => {
      const body = req.body ?? {};
      if (!body.name && !body.path) {
        throw new GitLabError(400, {
          error:
            'name, path are missing, at least one parameter must be provided',
        });
      }
      const path = String(body.path ?? body.name);
      const name = String(body.name ?? body.path);
      const namespace =
        body.namespace_id === undefined
          ? store.namespaces[0]
          : store.findNamespace(String(body.namespace_id));
      if (!namespace) throw notFound('Namespace');
      if (!isValidPath(path)) {
        throw badRequest({
          path: [
            "can contain only letters, digits, '_', '-' and '.'. Cannot start with '-', end in '.git' or end in '.atom'",
          ],
        });
      }
      if (store.findProject(`${namespace.path}/${path}`)) {
        throw badRequest({
          name: ['has already been taken'],
          path: ['has already been taken'],
        });
      }
      const visibility = ['private', 'internal', 'public'].includes(
        body.visibility,
      )
        ? body.visibility
        : 'private';
      const at = now().toISOString();
      const stored = store.addProject({
        namespacePath: namespace.path,
        name,
        path,
        description: str(body.description) ?? null,
        visibility,
        topics: Array.isArray(body.topics) ? body.topics.map(String) : [],
        createdAt: at,
        lastActivityAt: at,
      });
      await initBareRepository(
        store.gitDir(stored),
        str(body.default_branch) ?? 'main',
      );
      return projectContextJson(
        await loadProject(store, String(stored.id), baseUrlOf(req)),
        baseUrlOf(req),
      );
    }, 201),
  );

  router.get(
    '/projects/:id',
    route(async req => projectContextJson(await project(req), baseUrlOf(req))),
  );

  // Branches
  const branchOf = async (ctx: ProjectContext, name: string) => {
    const commit = await resolveCommit(ctx.gitDir, `refs/heads/${name}`);
    if (!commit) throw notFound('Branch');
    const [head] = await listCommits(ctx.gitDir, commit, { limit: 1 });
    return branchJson(name, head, ctx.defaultBranch, ctx.webUrl);
  };
  router.get(
    '/projects/:id/repository/branches',
    route(async (req, res) => {
      const ctx = await project(req);
      const search = str(req.query.search);
      const names = (await listBranches(ctx.gitDir))
        .map(b => b.name)
        .filter(n => !search || n.includes(search));
      const page = paginate(req, res, names, baseUrlOf(req));
      return Promise.all(page.map(n => branchOf(ctx, n)));
    }),
  );
  router.get(
    '/projects/:id/repository/branches/:branch',
    route(async req => branchOf(await project(req), req.params.branch)),
  );
  router.post(
    '/projects/:id/repository/branches',
    route(async req => {
      const ctx = await project(req);
      const params = { ...req.query, ...req.body };
      requireParams(params, ['branch', 'ref']);
      const branch = String(params.branch);
      if (!(await isValidBranchName(branch)))
        throw badRequest('Branch name is invalid');
      const ref = String(params.ref);
      const commit = await resolveCommit(ctx.gitDir, ref);
      if (!commit) throw badRequest(`Invalid reference name: ${ref}`);
      if (await resolveCommit(ctx.gitDir, `refs/heads/${branch}`))
        throw badRequest('Branch already exists');
      await store.withProjectLock(ctx.project.id, () =>
        updateBranch(ctx.gitDir, branch, commit, ''),
      );
      return branchOf(ctx, branch);
    }, 201),
  );

  // Commits
  router.get(
    '/projects/:id/repository/commits',
    route(async (req, res) => {
      const ctx = await project(req);
      const ref = str(req.query.ref_name) ?? ctx.defaultBranch;
      const commit = ref ? await resolveCommit(ctx.gitDir, ref) : undefined;
      if (!commit) throw notFound('Commit');
      const commits = await listCommits(ctx.gitDir, commit, {
        path: str(req.query.path),
      });
      return paginate(req, res, commits, baseUrlOf(req)).map(c =>
        commitJson(c, ctx.webUrl),
      );
    }),
  );
  router.get(
    '/projects/:id/repository/commits/:sha',
    route(async req => {
      const ctx = await project(req);
      const commit = await resolveCommit(ctx.gitDir, req.params.sha);
      if (!commit) throw notFound('Commit');
      const [found] = await listCommits(ctx.gitDir, commit, { limit: 1 });
      return commitJson(found, ctx.webUrl);
    }),
  );
  router.post(
    '/projects/:id/repository/commits',
    route(async req => {
      const ctx = await project(req);
      const sha = await store.withProjectLock(ctx.project.id, async () => {
        const created = await commitWithActions(
          ctx,
          req.body ?? {},
          store.user,
        );
        await adoptPushedDefaultBranch(ctx.gitDir);
        return created;
      });
      store.touchProject(ctx.project, now().toISOString());
      const [commit] = await listCommits(ctx.gitDir, sha, { limit: 1 });
      return {
        ...commitJson(commit, ctx.webUrl),
        status: null,
        project_id: ctx.project.id,
      };
    }, 201),
  );

  // Files and trees
  router.get(
    '/projects/:id/repository/tree',
    route(async (req, res) => {
      const ctx = await project(req);
      const commit = await resolveRef(ctx, req.query.ref, 'Tree');
      const entries = await listTree(ctx.gitDir, commit, {
        dir: str(req.query.path),
        recursive: flag(req.query.recursive),
      }).catch(() => {
        throw notFound('Tree');
      });
      return paginate(req, res, entries, baseUrlOf(req));
    }),
  );
  const fileAt = async (req: Request) => {
    const ctx = await project(req);
    const ref = str(req.query.ref);
    const commit = await resolveRef(ctx, ref, 'Commit');
    const blob = await readBlob(ctx.gitDir, commit, req.params.file_path);
    if (!blob) throw notFound('File');
    return { ctx, commit, blob, ref: ref ?? ctx.defaultBranch! };
  };
  router.get(
    '/projects/:id/repository/files/:file_path/raw',
    route(async (req, res) => {
      const { blob, commit } = await fileAt(req);
      const etag = `"${blob.id}"`;
      res.set({
        etag,
        'x-gitlab-blob-id': blob.id,
        'x-gitlab-commit-id': commit,
        'x-gitlab-file-path': req.params.file_path,
        'x-gitlab-size': String(blob.content.length),
      });
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return undefined;
      }
      res.type('text/plain; charset=utf-8').send(blob.content);
      return undefined;
    }),
  );
  router.get(
    '/projects/:id/repository/files/:file_path',
    route(async req => {
      const { ctx, commit, blob, ref } = await fileAt(req);
      const [last] = await listCommits(ctx.gitDir, commit, {
        path: req.params.file_path,
        limit: 1,
      });
      const filePath = req.params.file_path;
      return {
        file_name: filePath.split('/').pop(),
        file_path: filePath,
        size: blob.content.length,
        encoding: 'base64',
        content_sha256: crypto
          .createHash('sha256')
          .update(blob.content)
          .digest('hex'),
        ref,
        blob_id: blob.id,
        commit_id: commit,
        last_commit_id: last.id,
        execute_filemode: blob.mode === '100755',
        content: blob.content.toString('base64'),
      };
    }),
  );
  const archive: Handler = async (req, res) => {
    const ctx = await project(req);
    const sha = str(req.query.sha);
    const commit = await resolveRef(ctx, sha, 'Commit');
    const subPath = str(req.query.path);
    const prefix = [
      ctx.project.path,
      (sha ?? ctx.defaultBranch)!.replace(/\//g, '-'),
      commit,
      subPath?.replace(/\//g, '-'),
    ]
      .filter(Boolean)
      .join('-');
    if (
      subPath &&
      !(await listTree(ctx.gitDir, commit, { dir: subPath }).catch(
        () => undefined,
      ))
    ) {
      throw notFound('File');
    }
    const child = archiveStream(ctx.gitDir, commit, prefix, subPath);
    res.status(200).set({
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${prefix}.tar.gz"`,
      'content-transfer-encoding': 'binary',
    });
    child.stdout.pipe(res);
    await new Promise(resolve => child.on('close', resolve));
    return undefined;
  };
  router.get('/projects/:id/repository/archive', route(archive));
  router.get('/projects/:id/repository/archive.tar.gz', route(archive));

  // Merge requests
  const mrJson = async (
    req: Request,
    ctx: ProjectContext,
    mr: StoredMergeRequest,
  ) =>
    mergeRequestJson(
      mr,
      ctx,
      me(req),
      (await resolveCommit(ctx.gitDir, `refs/heads/${mr.sourceBranch}`)) ??
        null,
    );
  const findMr = async (req: Request) => {
    const ctx = await project(req);
    const mr = store
      .mergeRequests(ctx.project.id)
      .find(m => String(m.iid) === req.params.iid);
    if (!mr) throw new GitLabError(404, { message: '404 Not found' });
    return { ctx, mr };
  };
  const changesOf = async ({
    ctx,
    mr,
  }: {
    ctx: ProjectContext;
    mr: StoredMergeRequest;
  }) => {
    const source = await resolveCommit(
      ctx.gitDir,
      `refs/heads/${mr.sourceBranch}`,
    );
    const target = await resolveCommit(
      ctx.gitDir,
      `refs/heads/${mr.targetBranch}`,
    );
    if (!source || !target) return [];
    // Like GitLab, the diff is from the merge base, not from the target's head.
    const base = (await mergeBase(ctx.gitDir, target, source)) ?? target;
    return diffCommits(ctx.gitDir, base, source);
  };
  router.get(
    '/projects/:id/merge_requests',
    route(async (req, res) => {
      const ctx = await project(req);
      const { state, source_branch: source, target_branch: target } = req.query;
      const mrs = store
        .mergeRequests(ctx.project.id)
        .filter(m => !state || state === 'all' || m.state === state)
        .filter(m => !source || m.sourceBranch === source)
        .filter(m => !target || m.targetBranch === target)
        .reverse();
      const page = paginate(req, res, mrs, baseUrlOf(req));
      return Promise.all(page.map(m => mrJson(req, ctx, m)));
    }),
  );
  router.post(
    '/projects/:id/merge_requests',
    route(async req => {
      const ctx = await project(req);
      const body = req.body ?? {};
      requireParams(body, ['source_branch', 'target_branch', 'title']);
      const source = String(body.source_branch);
      const target = String(body.target_branch);
      const problems = [];
      if (!(await resolveCommit(ctx.gitDir, `refs/heads/${source}`)))
        problems.push(`Source branch "${source}" does not exist`);
      if (!(await resolveCommit(ctx.gitDir, `refs/heads/${target}`)))
        problems.push(`Target branch "${target}" does not exist`);
      if (source === target)
        problems.push(
          "You can't use same project/branch for source and target",
        );
      if (problems.length) throw new GitLabError(422, { message: problems });
      const open = store
        .mergeRequests(ctx.project.id)
        .find(
          m =>
            m.state === 'opened' &&
            m.sourceBranch === source &&
            m.targetBranch === target,
        );
      if (open) {
        throw new GitLabError(409, {
          message: [
            `Another open merge request already exists for this source branch: !${open.iid}`,
          ],
        });
      }
      const at = now().toISOString();
      const labels = Array.isArray(body.labels)
        ? body.labels.map(String)
        : str(body.labels)?.split(',').filter(Boolean) ?? [];
      // An id, an array or a comma-separated list; GitLab drops ids of users
      // it does not know rather than failing.
      const knownUsers = (ids: unknown) =>
        (Array.isArray(ids) ? ids : String(ids ?? '').split(','))
          .map(Number)
          .filter(id => id === store.user.id)
          .slice(0, 1);
      const mr = store.addMergeRequest({
        projectId: ctx.project.id,
        title: String(body.title),
        description: str(body.description) ?? null,
        sourceBranch: source,
        targetBranch: target,
        state: 'opened',
        labels,
        assigneeIds: knownUsers(body.assignee_ids ?? body.assignee_id),
        reviewerIds: knownUsers(body.reviewer_ids),
        removeSourceBranch: flag(body.remove_source_branch),
        createdAt: at,
        updatedAt: at,
      });
      return mrJson(req, ctx, mr);
    }, 201),
  );
  router.get(
    '/projects/:id/merge_requests/:iid',
    route(async req => {
      const { ctx, mr } = await findMr(req);
      return mrJson(req, ctx, mr);
    }),
  );
  router.get(
    '/projects/:id/merge_requests/:iid/changes',
    route(async req => {
      const found = await findMr(req);
      return {
        ...(await mrJson(req, found.ctx, found.mr)),
        changes: await changesOf(found),
        overflow: false,
      };
    }),
  );
  router.get(
    '/projects/:id/merge_requests/:iid/diffs',
    route(async (req, res) =>
      paginate(req, res, await changesOf(await findMr(req)), baseUrlOf(req)),
    ),
  );

  router.use((_req, res) => {
    res.status(404).json({ error: '404 Not Found' });
  });
  return router;
}

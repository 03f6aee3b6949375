import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  createPublishGitlabAction,
  createPublishGitlabMergeRequestAction,
} from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { GitLabEmulator, startEmulator } from './emulator';

// Backstage's own GitLab clients (the scaffolder module's actions, gitbeaker,
// isomorphic-git, the GitLab UrlReader) against the emulator, unmodified.
const run = promisify(execFile);
const TOKEN = 'backstage-clients-token';
const GROUP = 'groundwork';
const CATALOG_INFO = 'apiVersion: backstage.io/v1alpha1\nkind: Component\n';

// Each test runs real git processes; on a busy 2-core CI machine they take
// longer than Jest's 5 s default.
jest.setTimeout(30_000);

describe('GitLab emulator with Backstage GitLab clients', () => {
  let emulator: GitLabEmulator;
  let tmp: string;
  let port: string;
  let config: ConfigReader;
  let integrations: ScmIntegrations;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-emulator-clients-'));
    emulator = await startEmulator({
      dataDir: path.join(tmp, 'data'),
      token: TOKEN,
      groups: [GROUP],
    });
    port = new URL(emulator.url).port;
    const base = `http://localhost:${port}`;
    config = new ConfigReader({
      integrations: {
        gitlab: [
          {
            host: `localhost:${port}`,
            apiBaseUrl: `${base}/api/v4`,
            baseUrl: base,
            token: TOKEN,
          },
        ],
      },
    });
    integrations = ScmIntegrations.fromConfig(config);
  });
  afterAll(async () => {
    await emulator.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const base = () => `http://localhost:${port}`;
  const api = async (apiPath: string) => {
    const res = await fetch(`${base()}/api/v4${apiPath}`, {
      headers: { 'PRIVATE-TOKEN': TOKEN },
    });
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, body: json ? JSON.parse(text) : text };
  };
  const workspace = (name: string, files: Record<string, string>) => {
    const dir = path.join(tmp, 'workspaces', name);
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    return dir;
  };
  const raw = (project: string, file: string, ref: string) =>
    api(
      `/projects/${encodeURIComponent(
        `${GROUP}/${project}`,
      )}/repository/files/${encodeURIComponent(file)}/raw?ref=${ref}`,
    );

  async function publish(
    repo: string,
    extra: Record<string, unknown> = {},
    owner = GROUP,
  ) {
    const action = createPublishGitlabAction({ integrations, config });
    const ctx = createMockActionContext({
      input: {
        repoUrl: `localhost:${port}?owner=${owner}&repo=${repo}`,
        defaultBranch: 'main',
        repoVisibility: 'internal' as const,
        topics: ['groundwork'],
        ...extra,
      },
      workspacePath: workspace(repo, {
        'catalog-info.yaml': CATALOG_INFO,
        'README.md': `# ${repo}\n`,
        'docs/index.md': '# Docs\n',
      }),
    });
    await action.handler(ctx as any);
    return ctx;
  }

  it('publish:gitlab creates the project and pushes the workspace to its default branch', async () => {
    const ctx = await publish('published');

    const project = await api(`/projects/${GROUP}%2Fpublished`);
    expect(project.body).toMatchObject({
      path_with_namespace: `${GROUP}/published`,
      default_branch: 'main',
      visibility: 'internal',
      topics: ['groundwork'],
      empty_repo: false,
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      `${base()}/${GROUP}/published`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      `${base()}/${GROUP}/published/-/blob/main`,
    );
    expect(ctx.output).toHaveBeenCalledWith('projectId', project.body.id);
    expect((await raw('published', 'catalog-info.yaml', 'main')).body).toBe(
      CATALOG_INFO,
    );
    expect((await raw('published', 'docs/index.md', 'main')).body).toBe(
      '# Docs\n',
    );

    const clone = path.join(tmp, 'clone-published');
    const authed = base().replace('http://', `http://oauth2:${TOKEN}@`);
    await run('git', [
      'clone',
      '-q',
      `${authed}/${GROUP}/published.git`,
      clone,
    ]);
    expect(fs.readFileSync(path.join(clone, 'catalog-info.yaml'), 'utf8')).toBe(
      CATALOG_INFO,
    );
    const { stdout: branch } = await run('git', ['branch', '--show-current'], {
      cwd: clone,
    });
    expect(branch.trim()).toBe('main');
    const { stdout: files } = await run('git', ['ls-files'], { cwd: clone });
    expect(files.trim().split('\n').sort()).toEqual([
      'README.md',
      'catalog-info.yaml',
      'docs/index.md',
    ]);
  });

  it('publish:gitlab into the user namespace with extra branches, commit author and skipExisting', async () => {
    const ctx = await publish(
      'personal',
      {
        gitCommitMessage: 'Scaffolded by Groundwork',
        gitAuthorName: 'Scaffolder',
        gitAuthorEmail: 'scaffolder@example.com',
        branches: [{ name: 'develop', create: true, ref: 'main' }],
        settings: { description: 'A personal service' },
      },
      'root',
    );
    const encoded = encodeURIComponent('root/personal');
    const project = await api(`/projects/${encoded}`);
    expect(project.body).toMatchObject({
      description: 'A personal service',
      namespace: { kind: 'user', full_path: 'root' },
    });
    const head = await api(`/projects/${encoded}/repository/commits/main`);
    expect(head.body).toMatchObject({
      title: 'Scaffolded by Groundwork',
      author_name: 'Scaffolder',
      author_email: 'scaffolder@example.com',
    });
    expect(ctx.output).toHaveBeenCalledWith('commitHash', head.body.id);
    const develop = await api(
      `/projects/${encoded}/repository/branches/develop`,
    );
    expect(develop.body.commit.id).toBe(head.body.id);

    // Publishing the same name again: GitLab refuses the duplicate, unless
    // skipExisting, which hands back the existing project.
    await expect(publish('personal', {}, 'root')).rejects.toThrow(
      'has already been taken',
    );
    const skipped = await publish('personal', { skipExisting: true }, 'root');
    expect(skipped.output).toHaveBeenCalledWith('created', false);
    expect(skipped.output).toHaveBeenCalledWith('projectId', project.body.id);
    expect(skipped.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      `${base()}/root/personal/-/blob/main`,
    );
  });

  it('publish:gitlab:merge-request commits a change and an addition on a branch and opens a merge request', async () => {
    await publish('for-mr');
    const action = createPublishGitlabMergeRequestAction({ integrations });
    const input = {
      repoUrl: `localhost:${port}?owner=${GROUP}&repo=for-mr`,
      title: 'Update the README and add a changelog',
      branchName: 'groundwork/update',
      description: 'Made by the scaffolder',
    };
    const changed = workspace('for-mr-change', {
      'README.md': '# for-mr\n\nNow with more words.\n',
      'CHANGELOG.md': '# Changelog\n',
      'catalog-info.yaml': CATALOG_INFO, // unchanged: the action skips it
    });
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input,
      workspacePath: changed,
      logger,
    });
    await action.handler(ctx as any);
    // A warning means a call the action relies on (the tree listing) failed.
    expect(logger.warn).not.toHaveBeenCalled();

    const projectPath = `${GROUP}/for-mr`;
    const encoded = encodeURIComponent(projectPath);
    const mrs = await api(
      `/projects/${encoded}/merge_requests?source_branch=groundwork%2Fupdate`,
    );
    expect(mrs.body).toHaveLength(1);
    const mr = mrs.body[0];
    expect(mr).toMatchObject({
      iid: 1,
      state: 'opened',
      title: input.title,
      description: input.description,
      source_branch: 'groundwork/update',
      target_branch: 'main',
    });
    expect(ctx.output).toHaveBeenCalledWith('mergeRequestUrl', mr.web_url);
    expect(mr.web_url).toBe(`${base()}/${projectPath}/-/merge_requests/1`);
    expect(ctx.output).toHaveBeenCalledWith('projectid', projectPath);
    expect(ctx.output).toHaveBeenCalledWith('projectPath', projectPath);
    expect(ctx.output).toHaveBeenCalledWith('targetBranchName', 'main');

    const changes = await api(`/projects/${encoded}/merge_requests/1/changes`);
    const byPath = Object.fromEntries(
      changes.body.changes.map((c: { new_path: string }) => [c.new_path, c]),
    );
    expect(Object.keys(byPath).sort()).toEqual(['CHANGELOG.md', 'README.md']);
    expect(byPath['CHANGELOG.md']).toMatchObject({ new_file: true });
    expect(byPath['README.md'].diff).toContain('+Now with more words.');
    const commits = await api(
      `/projects/${encoded}/repository/commits?ref_name=groundwork%2Fupdate`,
    );
    expect(commits.body[0].title).toBe(input.title);
    expect(
      (await raw('for-mr', 'CHANGELOG.md', 'groundwork%2Fupdate')).body,
    ).toBe('# Changelog\n');
    expect((await raw('for-mr', 'README.md', 'main')).body).toBe('# for-mr\n');

    // A retry with the same branch: the real action refuses before asking
    // GitLab for a second merge request, naming the existing one.
    const retry = createMockActionContext({ input, workspacePath: changed });
    await expect(action.handler(retry as any)).rejects.toThrow(
      `Additionally, there is a Merge Request for this branch: ${mr.web_url}`,
    );
    // Without changes to commit it reuses the branch and asks for the merge
    // request, and GitLab's 409 comes back through gitbeaker.
    const reuse = createMockActionContext({
      input: { ...input, commitAction: 'skip' as const },
      workspacePath: changed,
    });
    await expect(action.handler(reuse as any)).rejects.toThrow(
      /Merge request creation failed.*Another open merge request already exists for this source branch: !1/s,
    );
    expect(
      (await api(`/projects/${encoded}/merge_requests?state=opened`)).body,
    ).toHaveLength(1);
  });

  it('publish:gitlab:merge-request with an assignee, reviewers, labels, removeSourceBranch and a targetPath', async () => {
    await publish('for-mr-options');
    const action = createPublishGitlabMergeRequestAction({ integrations });
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: {
        repoUrl: `localhost:${port}?owner=${GROUP}&repo=for-mr-options`,
        title: 'Add a how-to',
        branchName: 'add-howto',
        targetPath: 'docs',
        assignee: 'root',
        reviewers: ['root'],
        labels: ['docs', 'scaffolder'],
        removeSourceBranch: true,
      },
      workspacePath: workspace('for-mr-options-change', {
        'docs/howto.md': '# How to\n',
      }),
      logger,
    });
    await action.handler(ctx as any);
    // A warning here means a user lookup or the tree listing failed.
    expect(logger.warn).not.toHaveBeenCalled();

    const encoded = encodeURIComponent(`${GROUP}/for-mr-options`);
    const mr = (await api(`/projects/${encoded}/merge_requests/1`)).body;
    expect(mr).toMatchObject({
      source_branch: 'add-howto',
      labels: ['docs', 'scaffolder'],
      force_remove_source_branch: true,
      assignee: { username: 'root' },
      assignees: [{ username: 'root' }],
      reviewers: [{ username: 'root' }],
    });
    const changes = await api(`/projects/${encoded}/merge_requests/1/changes`);
    expect(
      changes.body.changes.map((c: { new_path: string }) => c.new_path),
    ).toEqual(['docs/howto.md']);
  });

  it('answers a second open merge request for the same source branch with 409, as GitLab does', async () => {
    const res = await fetch(
      `${base()}/api/v4/projects/${GROUP}%2Ffor-mr/merge_requests`,
      {
        method: 'POST',
        headers: {
          'PRIVATE-TOKEN': TOKEN,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          source_branch: 'groundwork/update',
          target_branch: 'main',
          title: 'Again',
        }),
      },
    );
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      message: [
        'Another open merge request already exists for this source branch: !1',
      ],
    });
  });

  it('the GitLab UrlReader reads files and trees (with etags), searches, and reports a missing file as NotFoundError', async () => {
    await publish('readable');
    const reader = UrlReaders.default({
      config,
      logger: mockServices.logger.mock(),
    });
    const project = `${base()}/${GROUP}/readable`;

    const file = await reader.readUrl(
      `${project}/-/blob/main/catalog-info.yaml`,
    );
    expect((await file.buffer()).toString()).toBe(CATALOG_INFO);
    expect(file.etag).toBeTruthy();

    const tree = await reader.readTree(`${project}/-/tree/main`);
    const files = await tree.files();
    const contents = Object.fromEntries(
      await Promise.all(
        files.map(async f => [f.path, (await f.content()).toString()]),
      ),
    );
    expect(contents).toEqual({
      'README.md': '# readable\n',
      'catalog-info.yaml': CATALOG_INFO,
      'docs/index.md': '# Docs\n',
    });
    await expect(
      reader.readTree(`${project}/-/tree/main`, { etag: tree.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });

    await expect(
      reader.readUrl(`${project}/-/blob/main/catalog-info.yaml`, {
        etag: file.etag,
      }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });

    const docs = await reader.readTree(`${project}/-/tree/main/docs`);
    expect((await docs.files()).map(f => f.path)).toEqual(['index.md']);
    const found = await reader.search(`${project}/-/blob/main/**/*.md`);
    expect(found.files.map(f => f.url).sort()).toEqual([
      `${project}/-/blob/main/README.md`,
      `${project}/-/blob/main/docs/index.md`,
    ]);

    await expect(
      reader.readUrl(`${project}/-/blob/main/missing.yaml`),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});

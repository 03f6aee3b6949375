import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GitLabEmulator, startEmulator } from './emulator';

const run = promisify(execFile);
const TOKEN = 'test-token';
const now = new Date('2026-11-24T10:30:00Z');

// Each test runs real git processes; on a busy 2-core CI machine they take
// longer than Jest's 5 s default.
jest.setTimeout(30_000);

describe('GitLab emulator', () => {
  let emulator: GitLabEmulator;
  let tmp: string;
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-emulator-test-'));
    emulator = await startEmulator({
      dataDir: path.join(tmp, 'data'),
      token: TOKEN,
      groups: ['groundwork'],
      now: () => now,
    });
  });
  afterAll(async () => {
    await emulator.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const api = async (
    method: string,
    apiPath: string,
    body?: unknown,
    headers: Record<string, string> = { 'PRIVATE-TOKEN': TOKEN },
  ) => {
    const res = await fetch(`${emulator.url}/api/v4${apiPath}`, {
      method,
      headers: {
        ...headers,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const buffer = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      headers: res.headers,
      buffer,
      body: type.includes('json') ? JSON.parse(buffer.toString()) : undefined,
    };
  };
  const remote = (project: string) =>
    `${emulator.url.replace(
      'http://',
      `http://oauth2:${TOKEN}@`,
    )}/${project}.git`;
  const gitIn = (cwd: string, ...args: string[]) =>
    run(
      'git',
      ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args],
      { cwd },
    );

  it('rejects a missing or wrong token with 401 and accepts PRIVATE-TOKEN or Bearer', async () => {
    expect(await api('GET', '/user', undefined, {})).toMatchObject({
      status: 401,
      body: { message: '401 Unauthorized' },
    });
    expect(
      (await api('GET', '/user', undefined, { 'PRIVATE-TOKEN': 'nope' }))
        .status,
    ).toBe(401);
    const bearer = await api('GET', '/user', undefined, {
      Authorization: `Bearer ${TOKEN}`,
    });
    expect(bearer.body).toMatchObject({ id: 1, username: 'root' });
  });

  it('shows namespaces, groups and users, and 404s what does not exist', async () => {
    expect((await api('GET', '/namespaces/groundwork')).body).toMatchObject({
      id: 2,
      kind: 'group',
      full_path: 'groundwork',
    });
    expect((await api('GET', '/namespaces/root')).body).toMatchObject({
      id: 1,
      kind: 'user',
    });
    expect(await api('GET', '/namespaces/nowhere')).toMatchObject({
      status: 404,
      body: { message: '404 Namespace Not Found' },
    });
    expect((await api('GET', '/groups/root')).body).toEqual({
      message: '404 Group Not Found',
    });
    expect((await api('GET', '/users?username=root')).body).toHaveLength(1);
    expect((await api('GET', '/users?username=someone')).body).toEqual([]);
    expect((await api('GET', '/unknown')).body).toEqual({
      error: '404 Not Found',
    });
  });

  it('creates a project, refuses a duplicate, and finds it by id or encoded path', async () => {
    const created = await api('POST', '/projects', {
      name: 'svc-a',
      path: 'svc-a',
      namespace_id: 2,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      path_with_namespace: 'groundwork/svc-a',
      http_url_to_repo: `${emulator.url}/groundwork/svc-a.git`,
      web_url: `${emulator.url}/groundwork/svc-a`,
      default_branch: null,
      empty_repo: true,
      visibility: 'private',
      created_at: now.toISOString(),
      namespace: { id: 2, kind: 'group' },
    });
    expect(
      await api('POST', '/projects', { name: 'svc-a', namespace_id: 2 }),
    ).toMatchObject({
      status: 400,
      body: { message: { path: ['has already been taken'] } },
    });
    expect((await api('POST', '/projects', { namespace_id: 2 })).body).toEqual({
      error: 'name, path are missing, at least one parameter must be provided',
    });
    const byId = await api('GET', `/projects/${created.body.id}`);
    expect(byId.body.path_with_namespace).toBe('groundwork/svc-a');
    expect((await api('GET', '/projects/groundwork%2Fsvc-a')).body.id).toBe(
      created.body.id,
    );
    expect(await api('GET', '/projects/groundwork%2Fnone')).toMatchObject({
      status: 404,
      body: { message: '404 Project Not Found' },
    });
    const listed = await api('GET', '/groups/groundwork/projects?search=svc');
    expect(listed.body.map((p: { path: string }) => p.path)).toContain('svc-a');
    expect(listed.headers.get('x-total')).toBe(String(listed.body.length));
  });

  it('takes a real git push, clone and fetch over smart HTTP', async () => {
    await api('POST', '/projects', { name: 'pushed', namespace_id: 2 });
    const work = path.join(tmp, 'work');
    fs.mkdirSync(work);
    await gitIn(work, 'init', '-q', '-b', 'master');
    fs.writeFileSync(path.join(work, 'README.md'), '# pushed\n');
    await gitIn(work, 'add', '.');
    await gitIn(work, 'commit', '-qm', 'initial commit');
    await gitIn(work, 'push', '-q', remote('groundwork/pushed'), 'master');
    // The first branch pushed becomes the default branch, as in GitLab.
    expect(
      (await api('GET', '/projects/groundwork%2Fpushed')).body,
    ).toMatchObject({
      default_branch: 'master',
      empty_repo: false,
    });

    const clone = path.join(tmp, 'clone');
    await run('git', ['clone', '-q', remote('groundwork/pushed'), clone]);
    expect(fs.readFileSync(path.join(clone, 'README.md'), 'utf8')).toBe(
      '# pushed\n',
    );

    fs.writeFileSync(path.join(work, 'README.md'), '# pushed, twice\n');
    await gitIn(work, 'commit', '-qam', 'second');
    await gitIn(work, 'push', '-q', remote('groundwork/pushed'), 'master');
    await gitIn(clone, 'fetch', '-q', 'origin');
    const { stdout } = await gitIn(clone, 'show', 'origin/master:README.md');
    expect(stdout).toBe('# pushed, twice\n');

    const denied = await fetch(
      `${emulator.url}/groundwork/pushed.git/info/refs?service=git-upload-pack`,
    );
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toContain('Basic');
  });

  it('commits actions to a branch, then reads files raw, as JSON and as a tree', async () => {
    const { body: project } = await api('POST', '/projects', {
      name: 'actions',
      namespace_id: 2,
    });
    const base = `/projects/${project.id}/repository`;
    const first = await api('POST', `${base}/commits`, {
      branch: 'main',
      commit_message: 'add files',
      actions: [
        {
          action: 'create',
          file_path: 'catalog-info.yaml',
          content: 'kind: Component\n',
        },
        {
          action: 'create',
          file_path: 'docs/index.md',
          content: Buffer.from('# Docs\n').toString('base64'),
          encoding: 'base64',
        },
        { action: 'create', file_path: 'old.txt', content: 'old\n' },
      ],
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      title: 'add files',
      parent_ids: [],
      author_name: 'Administrator',
    });
    expect(
      (
        await api('POST', `${base}/commits`, {
          branch: 'main',
          commit_message: 'again',
          actions: [{ action: 'create', file_path: 'old.txt', content: 'x' }],
        })
      ).body,
    ).toEqual({ message: 'A file with this name already exists' });
    expect(
      (await api('POST', `${base}/commits`, { branch: 'main' })).body,
    ).toEqual({
      error: 'commit_message is missing, actions is missing',
    });
    const second = await api('POST', `${base}/commits`, {
      branch: 'main',
      commit_message: 'change files',
      actions: [
        {
          action: 'update',
          file_path: 'catalog-info.yaml',
          content: 'kind: Component\nspec: {}\n',
        },
        { action: 'move', previous_path: 'old.txt', file_path: 'new.txt' },
        { action: 'delete', file_path: 'docs/index.md' },
      ],
    });
    expect(second.status).toBe(201);
    expect(second.body.parent_ids).toEqual([first.body.id]);

    const raw = await api(
      'GET',
      `${base}/files/catalog-info.yaml/raw?ref=main`,
    );
    expect(raw.buffer.toString()).toBe('kind: Component\nspec: {}\n');
    const etag = raw.headers.get('etag')!;
    expect(
      (
        await api(
          'GET',
          `${base}/files/catalog-info.yaml/raw?ref=main`,
          undefined,
          {
            'PRIVATE-TOKEN': TOKEN,
            'If-None-Match': etag,
          },
        )
      ).status,
    ).toBe(304);
    expect(
      (await api('GET', `${base}/files/new.txt/raw`)).buffer.toString(),
    ).toBe('old\n');
    expect(
      await api('GET', `${base}/files/docs%2Findex.md/raw?ref=main`),
    ).toMatchObject({
      status: 404,
      body: { message: '404 File Not Found' },
    });
    const file = await api('GET', `${base}/files/new.txt?ref=main`);
    expect(file.body).toMatchObject({
      file_path: 'new.txt',
      encoding: 'base64',
      content: Buffer.from('old\n').toString('base64'),
    });
    const tree = await api(
      'GET',
      `${base}/tree?ref=main&recursive=true&per_page=100`,
    );
    expect(tree.body.map((e: { path: string }) => e.path).sort()).toEqual([
      'catalog-info.yaml',
      'new.txt',
    ]);
    const commits = await api('GET', `${base}/commits?ref_name=main`);
    expect(commits.body[0].id).toBe(second.body.id);
  });

  it('serves a tar.gz archive with every file under one top directory', async () => {
    const { body: project } = await api('POST', '/projects', {
      name: 'archived',
      namespace_id: 2,
    });
    await api('POST', `/projects/${project.id}/repository/commits`, {
      branch: 'main',
      commit_message: 'files',
      actions: [
        { action: 'create', file_path: 'a.txt', content: 'a' },
        { action: 'create', file_path: 'sub/b.txt', content: 'b' },
      ],
    });
    const archive = await api(
      'GET',
      `/projects/groundwork%2Farchived/repository/archive?sha=main`,
    );
    expect(archive.status).toBe(200);
    const file = path.join(tmp, 'archive.tar.gz');
    fs.writeFileSync(file, archive.buffer);
    const { stdout } = await run('tar', ['-tzf', file]);
    const entries = stdout.split('\n').filter(e => !e.endsWith('/') && e);
    expect(entries.map(e => e.split('/').slice(1).join('/')).sort()).toEqual([
      'a.txt',
      'sub/b.txt',
    ]);
    expect(new Set(entries.map(e => e.split('/')[0])).size).toBe(1);
  });

  it('creates branches and merge requests with their diffs, paginated', async () => {
    const { body: project } = await api('POST', '/projects', {
      name: 'upgraded',
      namespace_id: 2,
    });
    const base = `/projects/${project.id}`;
    await api('POST', `${base}/repository/commits`, {
      branch: 'main',
      commit_message: 'init',
      actions: [
        { action: 'create', file_path: 'app.yaml', content: 'version: 1\n' },
      ],
    });
    expect(
      (await api('GET', `${base}/repository/branches/upgrade`)).body,
    ).toEqual({ message: '404 Branch Not Found' });
    const branch = await api('POST', `${base}/repository/branches`, {
      branch: 'upgrade',
      ref: 'main',
    });
    expect(branch).toMatchObject({
      status: 201,
      body: { name: 'upgrade', default: false },
    });
    expect(
      (
        await api('POST', `${base}/repository/branches`, {
          branch: 'upgrade',
          ref: 'main',
        })
      ).body,
    ).toEqual({
      message: 'Branch already exists',
    });
    await api('POST', `${base}/repository/commits`, {
      branch: 'upgrade',
      commit_message: 'upgrade',
      actions: [
        { action: 'update', file_path: 'app.yaml', content: 'version: 2\n' },
      ],
    });
    const mr = await api('POST', `${base}/merge_requests`, {
      source_branch: 'upgrade',
      target_branch: 'main',
      title: 'Upgrade',
      description: 'Keeps your changes',
    });
    expect(mr).toMatchObject({
      status: 201,
      body: {
        iid: 1,
        state: 'opened',
        web_url: `${emulator.url}/groundwork/upgraded/-/merge_requests/1`,
        detailed_merge_status: 'mergeable',
      },
    });
    expect(
      (
        await api('POST', `${base}/merge_requests`, {
          source_branch: 'upgrade',
          target_branch: 'main',
          title: 'Again',
        })
      ).status,
    ).toBe(409);
    const listed = await api(
      'GET',
      `${base}/merge_requests?source_branch=upgrade&per_page=1`,
    );
    expect(listed.body).toHaveLength(1);
    expect(listed.headers.get('x-total')).toBe('1');
    const changes = await api('GET', `${base}/merge_requests/1/changes`);
    expect(changes.body.changes).toEqual([
      expect.objectContaining({
        new_path: 'app.yaml',
        new_file: false,
        diff: expect.stringContaining('-version: 1\n+version: 2'),
      }),
    ]);
    expect(
      (await api('GET', `${base}/merge_requests/1/diffs`)).body[0].new_path,
    ).toBe('app.yaml');
    expect((await api('GET', `${base}/merge_requests/9`)).body).toEqual({
      message: '404 Not found',
    });

    const page = await (
      await fetch(`${emulator.url}/groundwork/upgraded/-/merge_requests/1`)
    ).text();
    expect(page).toContain('EMULATOR');
    expect(page).toContain('+version: 2');
  });

  it('follows the link header to the next page', async () => {
    for (const name of ['p1', 'p2', 'p3'])
      await api('POST', '/projects', { name, namespace_id: 1 });
    const first = await api('GET', '/users/root/projects?per_page=2');
    expect(first.body).toHaveLength(2);
    expect(first.headers.get('x-next-page')).toBe('2');
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link')!)![1];
    const second = await fetch(next, { headers: { 'PRIVATE-TOKEN': TOKEN } });
    expect(await second.json()).toHaveLength(1);
  });
});

import fs from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { GITLAB_GROUP, startEmulatedGitLab } from '../__testUtils__/gitlabHost';
import { createGoldenPathKeepBaseAction } from './keepBase';

jest.setTimeout(30_000);

describe('groundwork:golden-path:keep-base', () => {
  const mockDir = createMockDirectory();
  let hostDir: string;
  let gitlab: Awaited<ReturnType<typeof startEmulatedGitLab>>;
  let action: ReturnType<typeof createGoldenPathKeepBaseAction>;
  const project = encodeURIComponent(`${GITLAB_GROUP}/kept`);

  beforeAll(async () => {
    hostDir = await fs.mkdtemp(join(os.tmpdir(), 'keep-base-'));
    gitlab = await startEmulatedGitLab(hostDir);
    action = createGoldenPathKeepBaseAction({
      integrations: ScmIntegrations.fromConfig(
        new ConfigReader({ integrations: gitlab.integrations }),
      ),
    });
    const group = await gitlab.api('GET', `/groups/${GITLAB_GROUP}`);
    await gitlab.api('POST', '/projects', {
      name: 'kept',
      path: 'kept',
      namespace_id: group.body.id,
    });
  });
  afterAll(async () => {
    await gitlab.emulator.stop();
    await fs.rm(hostDir, { recursive: true, force: true });
  });

  async function keep(files: Record<string, string>, input: object = {}) {
    mockDir.setContent({ workspace: { ...files, '.git': { HEAD: 'x' } } });
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      logger,
      input: { repoUrl: gitlab.repoUrl('kept'), ...input },
      workspacePath: mockDir.resolve('workspace'),
      templateInfo: {
        entityRef: 'template:default/svc',
        entity: {
          metadata: {
            name: 'svc',
            annotations: { 'groundwork.dev/golden-path-version': '1.0.0' },
          },
        },
      },
    });
    await action.handler({
      ...ctx,
      createTemporaryDirectory: () => fs.mkdtemp(join(hostDir, 'clone-')),
    } as any);
    // A branch not there yet is expected, not an error in the task's log.
    expect(logger.error).not.toHaveBeenCalled();
    const output = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as Array<[string, string]>,
    );
    return output as { branch: string; commitHash: string };
  }
  const commit = async (ref: string) =>
    (await gitlab.api('GET', `/projects/${project}/repository/commits/${ref}`))
      .body;
  const tree = async (ref: string) =>
    (
      await gitlab.api(
        'GET',
        `/projects/${project}/repository/tree?ref=${ref}&recursive=true`,
      )
    ).body
      .filter((e: { type: string }) => e.type === 'blob')
      .map((e: { path: string }) => e.path)
      .sort();

  it("pushes the workspace, without .git, to the version's base branch; a retry pushes nothing", async () => {
    const first = await keep({ 'README.md': '# svc\n', 'src/a.ts': 'a\n' });
    expect(first.branch).toBe('groundwork-golden-path-1.0.0');
    expect((await commit(first.branch)).id).toBe(first.commitHash);
    expect(await tree(first.branch)).toEqual(['README.md', 'src/a.ts']);

    const retry = await keep({ 'README.md': '# svc\n', 'src/a.ts': 'a\n' });
    expect(retry.commitHash).toBe(first.commitHash);
  });

  it('keeps a new version as a child of the previous base, with exactly its files', async () => {
    const next = await keep(
      { 'README.md': '# svc 2\n', 'src/b.ts': 'b\n' },
      { version: '2.0.0', previousBranch: 'groundwork-golden-path-1.0.0' },
    );
    expect(next.branch).toBe('groundwork-golden-path-2.0.0');
    const previous = await commit('groundwork-golden-path-1.0.0');
    expect((await commit(next.branch)).parent_ids).toEqual([previous.id]);
    expect(await tree(next.branch)).toEqual(['README.md', 'src/b.ts']);
  });

  it('starts an orphan base when the previous one is gone', async () => {
    const orphan = await keep(
      { 'README.md': '# svc 3\n' },
      {
        branch: 'groundwork-golden-path-3.0.0',
        previousBranch: 'no-such-branch',
      },
    );
    expect((await commit(orphan.branch)).parent_ids).toEqual([]);
  });
});

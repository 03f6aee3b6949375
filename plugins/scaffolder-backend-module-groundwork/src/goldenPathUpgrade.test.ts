/*
 * Golden-path upgrades end to end through the real scaffolder backend: a
 * small fixture golden path creates repositories on the GitLab EMULATOR
 * (publish:gitlab, keep-base, catalog:register), a team changes one, the
 * template moves to 2.0.0, and templates/golden-path-upgrade.yaml opens the
 * merge request. Everything is checked through the emulator's REST API.
 */
import { parse } from 'yaml';
import { GITLAB_GROUP } from './__testUtils__/gitlabHost';
import {
  FIXTURE_SKELETONS,
  FIXTURE_TEMPLATE_REF,
  startUpgradeHarness,
} from './__testUtils__/fixtureGoldenPath';

jest.setTimeout(60_000);

describe('golden-path upgrades by merge request, through the real scaffolder and the GitLab emulator', () => {
  let harness: Awaited<ReturnType<typeof startUpgradeHarness>>;
  let gitlab: typeof harness.gitlab;
  const upgrade = (repo: string) => harness.upgrade(repo);

  const project = (repo: string) =>
    encodeURIComponent(`${GITLAB_GROUP}/${repo}`);
  const rawFile = async (repo: string, path: string, ref: string) =>
    (
      await gitlab.api(
        'GET',
        `/projects/${project(repo)}/repository/files/${encodeURIComponent(
          path,
        )}/raw?ref=${ref}`,
      )
    ).body;
  const mergeRequests = async (repo: string) =>
    (await gitlab.api('GET', `/projects/${project(repo)}/merge_requests`)).body;

  beforeAll(async () => {
    harness = await startUpgradeHarness();
    gitlab = harness.gitlab;
  });
  afterAll(() => harness?.stop());

  it('creates a repository and keeps what 1.0.0 rendered on its base branch', async () => {
    await harness.create('team-service');
    const lineage = parse(
      await rawFile('team-service', '.groundwork/golden-path.yaml', 'main'),
    );
    expect(lineage).toMatchObject({
      template: FIXTURE_TEMPLATE_REF,
      version: '1.0.0',
      base: { branch: 'groundwork-golden-path-1.0.0' },
    });
    expect(
      await rawFile(
        'team-service',
        'README.md',
        'groundwork-golden-path-1.0.0',
      ),
    ).toBe(await rawFile('team-service', 'README.md', 'main'));
  });

  it('says a repository on the current version is up to date and opens nothing', async () => {
    const run = await upgrade('team-service');
    expect(run.status).toBe('completed');
    expect(run.output.text[0].content).toContain(
      'is already on template:default/fixture-service 1.0.0, the current version: nothing to upgrade',
    );
    expect(await mergeRequests('team-service')).toEqual([]);
  });

  describe('after the team changed the repository and the golden path moved to 2.0.0', () => {
    let first: Awaited<ReturnType<typeof upgrade>>;
    beforeAll(async () => {
      const commit = await gitlab.api(
        'POST',
        `/projects/${project('team-service')}/repository/commits`,
        {
          branch: 'main',
          commit_message: 'Our own intro and port',
          actions: [
            {
              action: 'update',
              file_path: 'README.md',
              content: (
                await rawFile('team-service', 'README.md', 'main')
              ).replace('Intro.', 'Our own intro.'),
            },
            {
              action: 'update',
              file_path: 'config.yaml',
              content: 'name: team-service\nport: 9000\nreplicas: 2\n',
            },
          ],
        },
      );
      if (commit.status !== 201) {
        throw new Error(
          `The team's commit failed: ${JSON.stringify(commit.body)}`,
        );
      }
      await harness.moveTo('2.0.0');
      first = await upgrade('team-service');
    });

    it("opens one merge request that keeps the team's change to a file the golden path also changed", async () => {
      expect({ status: first.status, log: first.log }).toMatchObject({
        status: 'completed',
      });
      const [mr, ...others] = await mergeRequests('team-service');
      expect(others).toEqual([]);
      expect(mr).toMatchObject({
        source_branch: 'groundwork-upgrade-2.0.0',
        target_branch: 'main',
        title:
          'Upgrade to the golden path fixture-service 2.0.0 (1 conflict(s) to resolve)',
      });
      expect(first.output.links[0].url).toBe(mr.web_url);
      const readme = await rawFile(
        'team-service',
        'README.md',
        mr.source_branch,
      );
      expect(readme).toContain('Our own intro.');
      expect(readme).toContain('npm run start');
      expect(
        await rawFile('team-service', 'SECURITY.md', mr.source_branch),
      ).toBe(FIXTURE_SKELETONS['2.0.0']['SECURITY.md']);
      // The lineage and annotation move to 2.0.0; the answers and creation time stay.
      const before = parse(
        await rawFile('team-service', '.groundwork/golden-path.yaml', 'main'),
      );
      const after = parse(
        await rawFile(
          'team-service',
          '.groundwork/golden-path.yaml',
          mr.source_branch,
        ),
      );
      expect(after).toEqual({
        ...before,
        version: '2.0.0',
        base: { branch: 'groundwork-golden-path-2.0.0' },
        upgradedAt: expect.any(String),
      });
      expect(
        parse(
          await rawFile('team-service', 'catalog-info.yaml', mr.source_branch),
        ).metadata.annotations['groundwork.dev/golden-path'],
      ).toBe(`${FIXTURE_TEMPLATE_REF}@2.0.0`);
      // Only the files that differ from main are in the merge request.
      const changes = await gitlab.api(
        'GET',
        `/projects/${project('team-service')}/merge_requests/${mr.iid}/changes`,
      );
      expect(
        changes.body.changes
          .map((c: { new_path: string }) => c.new_path)
          .sort(),
      ).toEqual([
        '.groundwork/golden-path.yaml',
        'README.md',
        'SECURITY.md',
        'catalog-info.yaml',
        'config.yaml',
      ]);
    });

    it('marks the true conflict and lists it, with the deleted file and the contract rule fixed, in the description', async () => {
      const [mr] = await mergeRequests('team-service');
      expect(
        await rawFile('team-service', 'config.yaml', mr.source_branch),
      ).toBe(
        [
          'name: team-service',
          '<<<<<<< your repository',
          'port: 9000',
          '||||||| golden path 1.0.0',
          'port: 8080',
          '=======',
          'port: 8081',
          '>>>>>>> golden path 2.0.0',
          'replicas: 2',
          '',
        ].join('\n'),
      );
      expect(mr.description).toContain('### 1 file(s) to look at');
      expect(mr.description).toContain(
        '- `config.yaml`: you and the golden path changed the same lines',
      );
      expect(mr.description).toContain(
        '### Your changes kept\n\nYou and the golden path changed these files in different places; both changes are in:\n\n- `README.md`',
      );
      expect(mr.description).toContain('### Deleted by the golden path');
      expect(mr.description).toContain('- `old.txt`');
      expect(mr.description).toContain(
        '- Security policy (`security-policy`, Fixture contract)',
      );
      expect(first.output.text[0].content).toContain(
        '1 conflict(s) in config.yaml',
      );
    });

    it('keeps the 2.0.0 base as a child of the 1.0.0 base', async () => {
      const commit = async (ref: string) =>
        (
          await gitlab.api(
            'GET',
            `/projects/${project('team-service')}/repository/commits/${ref}`,
          )
        ).body;
      const [oldBase, newBase] = [
        await commit('groundwork-golden-path-1.0.0'),
        await commit('groundwork-golden-path-2.0.0'),
      ];
      expect(newBase.parent_ids).toEqual([oldBase.id]);
      expect(
        await rawFile(
          'team-service',
          'config.yaml',
          'groundwork-golden-path-2.0.0',
        ),
      ).toBe('name: team-service\nport: 8081\nreplicas: 2\n');
    });

    it('a repeated upgrade opens no second merge request and says where the first one is', async () => {
      const again = await upgrade('team-service');
      expect(again.status).toBe('completed');
      expect(again.output.text[0].content).toContain(
        'is already proposed on the branch groundwork-upgrade-2.0.0',
      );
      expect(await mergeRequests('team-service')).toHaveLength(1);
    });

    it('a repository created from 2.0.0 is up to date', async () => {
      await harness.create('new-service');
      const run = await upgrade('new-service');
      expect(run.output.text[0].content).toContain('nothing to upgrade');
      expect(await mergeRequests('new-service')).toEqual([]);
    });
  });
});

/*
 * A small golden path (two versions) publishing to the GitLab EMULATOR
 * through the real scaffolder, catalog and platform-contract backends, with
 * templates/golden-path-upgrade.yaml registered: what goldenPathUpgrade.test.ts
 * drives, and what a benchmark can time (create, upgrade).
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderGitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import { startDemoBackend, TEMPLATES_DIR } from './demoBackend';
import { runTask, startEmulatedGitLab, waitForEntity } from './gitlabHost';

export const FIXTURE_TEMPLATE_REF = 'template:default/fixture-service';
export const UPGRADE_TEMPLATE_REF = 'template:default/golden-path-upgrade';

const fixtureTemplate = (version: string) =>
  stringify({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'fixture-service',
      tags: ['golden-path'],
      annotations: { 'groundwork.dev/golden-path-version': version },
    },
    spec: {
      owner: 'group:default/platform-team',
      type: 'service',
      parameters: [
        {
          required: ['name', 'repoUrl'],
          properties: {
            name: { type: 'string' },
            repoUrl: { type: 'string' },
          },
        },
      ],
      steps: [
        {
          id: 'fetch',
          action: 'fetch:template',
          input: {
            url: './skeleton',
            values: { name: '${{ parameters.name }}' },
          },
        },
        {
          id: 'record',
          action: 'groundwork:golden-path:record',
          input: { values: '${{ parameters }}' },
        },
        {
          id: 'publish-gitlab',
          action: 'publish:gitlab',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            defaultBranch: 'main',
          },
        },
        {
          id: 'keep-base',
          action: 'groundwork:golden-path:keep-base',
          input: { repoUrl: '${{ parameters.repoUrl }}' },
        },
        {
          id: 'register',
          action: 'catalog:register',
          input: {
            repoContentsUrl:
              "${{ steps['publish-gitlab'].output.repoContentsUrl }}",
            catalogInfoPath: '/catalog-info.yaml',
          },
        },
      ],
    },
  });

const README = (run: string) =>
  `# \${{ values.name }}\n\nIntro.\n\n## Run\n\n${run}\n`;
const CONFIG = (port: number) =>
  `name: \${{ values.name }}\nport: ${port}\nreplicas: 2\n`;
const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: \${{ values.name }}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/peoriadata
`;

/** Versions 1.0.0 and 2.0.0 of the fixture golden path's skeleton. */
export const FIXTURE_SKELETONS: Record<string, Record<string, string>> = {
  '1.0.0': {
    'catalog-info.yaml': CATALOG_INFO,
    'README.md': README('npm start'),
    'config.yaml': CONFIG(8080),
    'old.txt': 'Dropped in 2.0.0.\n',
  },
  '2.0.0': {
    'catalog-info.yaml': CATALOG_INFO,
    'README.md': README('npm run start'),
    'config.yaml': CONFIG(8081),
    'SECURITY.md': 'Report vulnerabilities to security@example.com.\n',
  },
};

/** A contract whose one rule the 2.0.0 golden path fixes. */
const FIXTURE_CONTRACT = stringify({
  apiVersion: 'groundwork.dev/v1alpha1',
  kind: 'PlatformContract',
  metadata: { name: 'fixture', title: 'Fixture contract' },
  spec: {
    owner: 'group:default/platform-team',
    version: '1.0.0',
    appliesTo: { kind: 'Component', 'spec.type': 'service' },
    levels: [{ name: 'bronze', title: 'Bronze', description: 'Secure.' }],
    maxWaiverDays: 30,
    rules: [
      {
        id: 'security-policy',
        title: 'Security policy',
        howToFix: 'Add SECURITY.md.',
        category: 'security',
        severity: 'medium',
        level: 'bronze',
        weight: 1,
        condition: { fact: 'repo.securityPolicy', equal: true },
      },
    ],
  },
});

/**
 * Starts the emulator and the backend with the fixture golden path at 1.0.0.
 * `moveTo` changes the template's files and waits until the catalog serves
 * the new version; `create` and `upgrade` run real tasks.
 */
export async function startUpgradeHarness() {
  const dir = await fs.mkdtemp(join(os.tmpdir(), 'golden-path-upgrade-'));
  const templateDir = join(dir, 'template');
  const writeVersion = async (version: string) => {
    const skeleton = join(templateDir, 'skeleton');
    await fs.rm(skeleton, { recursive: true, force: true });
    await fs.mkdir(skeleton, { recursive: true });
    for (const [file, content] of Object.entries(FIXTURE_SKELETONS[version])) {
      await fs.writeFile(join(skeleton, file), content);
    }
    await fs.writeFile(
      join(templateDir, 'template.yaml'),
      fixtureTemplate(version),
    );
  };
  await writeVersion('1.0.0');
  const contract = join(dir, 'fixture-contract.yaml');
  await fs.writeFile(contract, FIXTURE_CONTRACT);
  const gitlab = await startEmulatedGitLab(dir);
  const backend = await startDemoBackend({
    contracts: [contract],
    extraFacts: [{ name: 'repo.securityPolicy', paths: ['SECURITY.md'] }],
    extraLocations: [
      join(templateDir, 'template.yaml'),
      join(TEMPLATES_DIR, 'golden-path-upgrade.yaml'),
    ],
    extraFeatures: [catalogModuleTemplateKind, scaffolderGitlabModule],
    extraConfig: { integrations: gitlab.integrations },
  });
  await waitForEntity(backend.server, UPGRADE_TEMPLATE_REF);
  await waitForEntity(backend.server, FIXTURE_TEMPLATE_REF);

  return {
    gitlab,
    backend,
    async moveTo(version: string) {
      await writeVersion(version);
      await request(backend.server)
        .post('/api/catalog/refresh')
        .set('Authorization', mockCredentials.user.header())
        .send({ entityRef: FIXTURE_TEMPLATE_REF });
      await waitForEntity(
        backend.server,
        FIXTURE_TEMPLATE_REF,
        e =>
          e.metadata.annotations['groundwork.dev/golden-path-version'] ===
          version,
      );
    },
    /** Creates the repository and waits until the catalog has its entity. */
    async create(repo: string) {
      const run = await runTask(backend.server, FIXTURE_TEMPLATE_REF, {
        name: repo,
        repoUrl: gitlab.repoUrl(repo),
      });
      if (run.status !== 'completed') {
        throw new Error(
          `Creating ${repo} ended ${run.status}:\n${run.log.join('\n')}`,
        );
      }
      await waitForEntity(backend.server, `component:default/${repo}`);
      return run;
    },
    upgrade: (repo: string) =>
      runTask(backend.server, UPGRADE_TEMPLATE_REF, {
        entity: `component:default/${repo}`,
      }),
    async stop() {
      await backend.stop();
      await gitlab.emulator.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

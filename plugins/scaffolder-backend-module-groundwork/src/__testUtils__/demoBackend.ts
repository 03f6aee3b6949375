/*
 * Dry-runs the golden-path templates in templates/ through a real backend:
 * the scaffolder, the catalog (reading the demo organisation), the platform
 * contract backend (reading the reference contracts) and this module. Used by
 * templates.test.ts and bench/scaffolder.ts.
 */
import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// The harness runs the real platform contract backend next to the scaffolder.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformContractPlugin from '@groundwork/plugin-platform-contract-backend';
import { promises as fs } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import scaffolderModuleGroundwork from '../index';
import { costStandIn, mlopsStandIn } from './neighbourPlugins';

export const REPO_ROOT = resolve(__dirname, '../../../..');
export const TEMPLATES_DIR = join(REPO_ROOT, 'templates');
export const SKELETONS_DIR = join(TEMPLATES_DIR, 'skeletons');
export const REFERENCE_CONTRACTS = [
  join(REPO_ROOT, 'demo/contracts/kubernetes-service-contract.yaml'),
  join(REPO_ROOT, 'demo/contracts/ml-project-contract.yaml'),
];

/** A demo team with members, so the contract's owner rule can pass. */
export const DEMO_OWNER = 'group:default/peoriadata';
/** A demo group without members. */
export const DEMO_OWNER_WITHOUT_MEMBERS = 'group:default/product';
export const DEMO_SYSTEM = 'system:default/brightpath';

/** The parts of a v1beta3 template entity that the harness reads. */
export interface TemplateEntity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    annotations?: Record<string, string>;
    tags?: string[];
  };
  spec: {
    type: string;
    parameters: Array<{
      required?: string[];
      properties: Record<string, Record<string, unknown>>;
    }>;
    steps: Array<{
      id: string;
      action: string;
      if?: string;
      input?: Record<string, unknown>;
    }>;
    output?: Record<string, unknown>;
  };
}

export interface GoldenPath {
  /** File name in templates/, e.g. `node-service.yaml`. */
  file: string;
  template: TemplateEntity;
}

/** Every template in templates/ (`<name>.yaml`), golden paths or not. */
export async function loadTemplates(): Promise<GoldenPath[]> {
  const files = (await fs.readdir(TEMPLATES_DIR)).filter(f =>
    f.endsWith('.yaml'),
  );
  return Promise.all(
    files.sort().map(async file => ({
      file,
      template: parse(
        await fs.readFile(join(TEMPLATES_DIR, file), 'utf8'),
      ) as TemplateEntity,
    })),
  );
}

/** The golden paths in templates/: the templates tagged `golden-path`. */
export async function loadGoldenPaths(): Promise<GoldenPath[]> {
  return (await loadTemplates()).filter(({ template }) =>
    template.metadata.tags?.includes('golden-path'),
  );
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(e =>
      e.isDirectory()
        ? listFiles(join(dir, e.name))
        : Promise.resolve([join(dir, e.name)]),
    ),
  );
  return nested.flat();
}

/**
 * The skeleton pieces as dry-run `directoryContents`, laid out as in
 * templates/: the template sits at the root of the contents, so its
 * `./skeletons/<piece>` URLs resolve exactly as they do from the catalog.
 */
export async function skeletonContents() {
  const files = await listFiles(SKELETONS_DIR);
  return Promise.all(
    files.map(async file => ({
      path: relative(TEMPLATES_DIR, file).split(sep).join('/'),
      base64Content: (await fs.readFile(file)).toString('base64'),
    })),
  );
}

/** Repository-file facts, as app-config.yaml defines them. */
async function repositoryFileFacts() {
  const appConfig = parse(
    await fs.readFile(join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  );
  return appConfig.platformContract.repositoryFiles.facts;
}

/**
 * Starts the real backend. The catalog reads the demo organisation (groups,
 * users, systems) so owner and system look-ups are real; `contracts` replaces
 * the reference contracts and `extraFacts` adds repository-file facts (the
 * consistency test adds a rule to a copy).
 */
export async function startGoldenPathBackend(
  options: {
    contracts?: string[];
    extraFacts?: Array<{ name: string; paths: string[] }>;
    /** More catalog file locations, e.g. templates. */
    extraLocations?: string[];
    /** More backend features, e.g. a git host's scaffolder module. */
    extraFeatures?: BackendFeature[];
    /** More top-level config, e.g. `integrations`. */
    extraConfig?: Record<string, unknown>;
  } = {},
) {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      catalogPlugin,
      platformContractPlugin,
      scaffolderModuleGroundwork,
      mlopsStandIn,
      costStandIn,
      ...(options.extraFeatures ?? []),
      mockServices.rootConfig.factory({
        data: {
          ...options.extraConfig,
          catalog: {
            processingInterval: { seconds: 1 },
            stitchingStrategy: { pollingInterval: { milliseconds: 100 } },
            locations: [
              {
                type: 'file',
                target: join(REPO_ROOT, 'demo/catalog/org.yaml'),
              },
              {
                type: 'file',
                target: join(REPO_ROOT, 'demo/catalog/domains.yaml'),
              },
              ...(options.extraLocations ?? []).map(target => ({
                type: 'file',
                target,
              })),
            ],
            rules: [
              {
                allow: [
                  'Group',
                  'User',
                  'System',
                  'Domain',
                  'Location',
                  'Component',
                  'Template',
                ],
              },
            ],
          },
          platformContract: {
            ...(options.extraConfig?.platformContract as object),
            contracts: options.contracts ?? REFERENCE_CONTRACTS,
            repositoryFiles: {
              facts: [
                ...(await repositoryFileFacts()),
                ...(options.extraFacts ?? []),
              ],
            },
          },
        },
      }),
    ],
  });
  await waitForCatalog(backend.server, DEMO_OWNER);
  return backend;
}

type Server = Parameters<typeof request>[0];

/** Waits until the catalog has stitched the owner with its member relations. */
async function waitForCatalog(server: Server, groupRef: string) {
  const [kind, rest] = groupRef.split(':');
  const [namespace, name] = rest.split('/');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
      .set('Authorization', mockCredentials.user.header());
    const relations: Array<{ type: string }> = res.body?.relations ?? [];
    if (res.status === 200 && relations.some(r => r.type === 'hasMember')) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The demo catalog did not load ${groupRef} with members within 60 s (last status ${res.status})`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

export interface DryRunResult {
  status: number;
  /** path → text of every file the run left in the workspace. */
  files: Map<string, string>;
  log: Array<{ message: string; stepId?: string; status?: string }>;
  output: Record<string, unknown>;
  body: any;
}

/** `POST /api/scaffolder/v2/dry-run` with the skeleton pieces. */
export async function dryRun(
  server: Server,
  template: TemplateEntity,
  values: Record<string, unknown>,
  directoryContents: Array<{ path: string; base64Content: string }>,
): Promise<DryRunResult> {
  const res = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header())
    .send({ template, values, directoryContents });
  const files = new Map<string, string>(
    (res.body.directoryContents ?? []).map(
      (f: { path: string; base64Content: string }) => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ],
    ),
  );
  return {
    status: res.status,
    files,
    log: (res.body.log ?? []).map((l: { body: any }) => l.body),
    output: res.body.output ?? {},
    body: res.body,
  };
}

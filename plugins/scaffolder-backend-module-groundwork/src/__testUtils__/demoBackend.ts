/*
 * This repository's golden paths and demo organisation for the in-process
 * dry-run harness (@groundwork/golden-path-harness): the templates in
 * templates/, the reference contracts, and a backend whose catalog reads the
 * demo organisation so owner and system look-ups are real. Used by
 * templates.test.ts, the upgrade tests and bench/.
 */
import { BackendFeature } from '@backstage/backend-plugin-api';
import { startGoldenPathBackend } from '@groundwork/golden-path-harness';
import { promises as fs } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';

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
 * Starts the harness backend with the catalog reading the demo organisation
 * (groups, users, systems). `contracts` replaces the reference contracts and
 * `extraFacts` adds repository-file facts (the consistency test adds a rule
 * to a copy).
 */
export async function startDemoBackend(
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
  return startGoldenPathBackend({
    contracts: options.contracts ?? REFERENCE_CONTRACTS,
    repositoryFileFacts: [
      ...(await repositoryFileFacts()),
      ...(options.extraFacts ?? []),
    ],
    catalog: {
      locations: [
        join(REPO_ROOT, 'demo/catalog/org.yaml'),
        join(REPO_ROOT, 'demo/catalog/domains.yaml'),
        ...(options.extraLocations ?? []),
      ],
      awaitGroup: DEMO_OWNER,
    },
    extraFeatures: options.extraFeatures,
    extraConfig: options.extraConfig,
  });
}

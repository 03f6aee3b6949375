import { RepositoryFileFact } from '@groundwork/plugin-platform-contract-common';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CliError } from '../errors';
import { REPOSITORY_FILES_FILE } from './offline';

/**
 * The reference definitions of the repository-file facts, the list in this
 * repository's app-config.yaml (a test keeps them equal): which files make
 * `repo.readme`, `repo.ciPipeline`, the Helm values and so on.
 */
export const referenceRepositoryFileFacts: RepositoryFileFact[] = [
  { name: 'repo.readme', paths: ['README.md', 'readme.md'] },
  {
    name: 'repo.codeowners',
    paths: ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'],
  },
  {
    name: 'repo.ciPipeline',
    paths: [
      '.github/workflows/ci.yml',
      '.github/workflows/ci.yaml',
      '.github/workflows/build.yml',
      '.gitlab-ci.yml',
      'Jenkinsfile',
    ],
  },
  { name: 'repo.helmChart', paths: ['chart/Chart.yaml', 'helm/Chart.yaml'] },
  {
    name: 'repo.helm.cpuLimit',
    paths: ['chart/values.yaml', 'helm/values.yaml'],
    valuePath: 'resources.limits.cpu',
  },
  {
    name: 'repo.helm.memoryLimit',
    paths: ['chart/values.yaml', 'helm/values.yaml'],
    valuePath: 'resources.limits.memory',
  },
  {
    name: 'repo.helm.livenessProbe',
    paths: ['chart/values.yaml', 'helm/values.yaml'],
    valuePath: 'livenessProbe',
  },
  {
    name: 'repo.helm.readinessProbe',
    paths: ['chart/values.yaml', 'helm/values.yaml'],
    valuePath: 'readinessProbe',
  },
  { name: 'repo.modelCard', paths: ['MODEL_CARD.md', 'docs/model-card.md'] },
];

function definitionsIn(value: unknown, where: string): RepositoryFileFact[] {
  const valid =
    Array.isArray(value) &&
    value.every(
      f =>
        f &&
        typeof f.name === 'string' &&
        Array.isArray(f.paths) &&
        f.paths.every((p: unknown) => typeof p === 'string'),
    );
  if (!valid) {
    throw new CliError(
      `${where} must be a list of { name, paths: [...], valuePath? } (as platformContract.repositoryFiles.facts in app-config)`,
    );
  }
  return value as RepositoryFileFact[];
}

async function readYaml(file: string): Promise<any> {
  try {
    return parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/**
 * Where offline checks take the repository-file fact definitions from, first
 * found: `--config` (an app-config with
 * `platformContract.repositoryFiles.facts`), `repository-files.yaml` (a
 * `facts:` list) in a contract directory, else the reference definitions.
 */
export async function repositoryFileDefinitions(options: {
  configFile?: string;
  contractDirs: string[];
}): Promise<{ facts: RepositoryFileFact[]; from: string }> {
  if (options.configFile) {
    const config = await readYaml(options.configFile);
    const facts = config?.platformContract?.repositoryFiles?.facts;
    if (facts === undefined) {
      throw new CliError(
        `${options.configFile} has no platformContract.repositoryFiles.facts`,
      );
    }
    return {
      facts: definitionsIn(
        facts,
        `platformContract.repositoryFiles.facts in ${options.configFile}`,
      ),
      from: options.configFile,
    };
  }
  for (const dir of options.contractDirs) {
    const file = join(dir, REPOSITORY_FILES_FILE);
    const exists = await fs.stat(file).catch(() => undefined);
    if (exists) {
      return {
        facts: definitionsIn((await readYaml(file))?.facts, `facts in ${file}`),
        from: file,
      };
    }
  }
  return { facts: referenceRepositoryFileFacts, from: 'reference definitions' };
}

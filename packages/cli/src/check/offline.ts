import { Entity } from '@backstage/catalog-model';
import {
  CATALOG_LOOKUP_FACTS,
  catalogEntityFacts,
  collectRepositoryFileFacts,
  CompiledContract,
  ContractEntry,
  evaluateProposedEntity,
  Fact,
  FactValue,
  goldenPathFacts,
  goldenPathLineage,
  parseContractFile,
  proposedEntity,
  RepositoryFileFact,
  underivedFactNames,
  UnknownFactNotice,
  validContracts,
} from '@groundwork/plugin-platform-contract-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../errors';
import { LocalRepository, repositoryFileReader } from './repository';

/** Facts are all observed now, so none is stale; any age would do. */
const FACT_MAX_AGE_HOURS = 24;

/** Facts only the catalog can tell: unknown offline. */
const CATALOG_ONLY = new Map<string, string>([
  ...CATALOG_LOOKUP_FACTS.map(name => [name, 'catalog'] as [string, string]),
  ['goldenPath.currentVersion', 'golden-path'],
  ['goldenPath.behind', 'golden-path'],
]);

/** In a contract directory, the repository-file fact definitions. */
export const REPOSITORY_FILES_FILE = 'repository-files.yaml';

/** Contract files: each `--contract` file, or the YAML files of a directory. */
export async function loadContracts(
  paths: string[],
): Promise<{ contracts: CompiledContract[]; entries: ContractEntry[] }> {
  const files: string[] = [];
  for (const path of paths) {
    const stat = await fs.stat(path).catch(() => undefined);
    if (!stat) {
      throw new CliError(
        `contract ${path} not found: give --contract a contract YAML file or a directory of them`,
      );
    }
    if (stat.isDirectory()) {
      const names = (await fs.readdir(path))
        .filter(n => /\.ya?ml$/.test(n) && n !== REPOSITORY_FILES_FILE)
        .sort();
      files.push(...names.map(n => join(path, n)));
    } else {
      files.push(path);
    }
  }
  const entries = await Promise.all(
    files.map(async file =>
      parseContractFile(await fs.readFile(file, 'utf8'), file),
    ),
  );
  const contracts = validContracts(entries);
  const errors = entries.flatMap(e => e.errors);
  if (errors.length) {
    throw new CliError(
      [
        'invalid platform contract file(s):',
        ...errors.map(
          e =>
            `  ${e.file}${e.ruleId ? ` rule ${e.ruleId}` : ''} ${e.field}: ${
              e.message
            }`,
        ),
      ].join('\n'),
    );
  }
  return { contracts, entries };
}

/**
 * Checks a local repository against local contracts with the backend's own
 * derivation and evaluation (from -common). Facts that need the catalog or
 * CI are left unknown, with the reason.
 */
export async function checkOffline(options: {
  repository: LocalRepository;
  contracts: CompiledContract[];
  repositoryFiles: RepositoryFileFact[];
  now: Date;
}) {
  const { repository, contracts, now } = options;
  let entity: Entity;
  try {
    entity = await proposedEntity(repository.entity);
  } catch (e) {
    throw new CliError(
      `${repository.locations.file}: the catalog would refuse this ${
        (e as Error).message
      }`,
    );
  }
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const observedAt = now.toISOString();
  const facts = new Map<string, Fact>();
  const add = (source: string, values: Record<string, FactValue>) => {
    for (const [name, value] of Object.entries(values)) {
      facts.set(name, { name, value, observedAt, source });
    }
  };
  add('catalog', catalogEntityFacts(entity));
  add('golden-path', goldenPathFacts(goldenPathLineage(entity)));
  add(
    'repository-files',
    await collectRepositoryFileFacts(
      options.repositoryFiles,
      repositoryFileReader(repository.dir),
    ),
  );
  const items = evaluateProposedEntity({
    contracts,
    entity,
    entityRef,
    facts,
    factMaxAgeHours: FACT_MAX_AGE_HOURS,
    now,
  });
  const byName = new Map(contracts.map(c => [c.name, c]));
  const unknownFacts = underivedFactNames(
    items,
    name => byName.get(name),
    facts,
  ).map((name): UnknownFactNotice => {
    const source = CATALOG_ONLY.get(name);
    return source
      ? {
          name,
          source,
          reason:
            'needs the catalog, which an offline check does not read; check with --backstage-url to know it',
        }
      : {
          name,
          source: 'pushed',
          reason:
            'collected once the entity is in the catalog, or pushed by CI (groundwork facts push); an offline check cannot know it',
        };
  });
  return { entityRef, items, unknownFacts };
}

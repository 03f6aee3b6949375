import { promises as fs } from 'node:fs';
import {
  normalizeRepositoryPath,
  RepositoryFileReader,
} from '@groundwork/plugin-platform-contract-common';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { isMap, LineCounter, parseAllDocuments, YAMLMap } from 'yaml';
import { CliError } from '../errors';

/** The catalog file's lines that a finding can point at, by fact name. */
export interface CatalogLocations {
  /** The catalog file, relative to the repository, `/` separators. */
  file: string;
  /** The line of the entity's `metadata.name` (1-based). */
  entityLine: number;
  /** The line that sets a fact, e.g. `catalog.owner` → `spec.owner`. */
  factLines: Record<string, number>;
}

/** Where in an entity each `catalog.*` fact comes from. */
const FACT_FIELDS: Record<string, string[]> = {
  'catalog.owner': ['spec', 'owner'],
  'catalog.ownerGroupExists': ['spec', 'owner'],
  'catalog.ownerGroupMemberCount': ['spec', 'owner'],
  'catalog.lifecycle': ['spec', 'lifecycle'],
  'catalog.type': ['spec', 'type'],
  'catalog.system': ['spec', 'system'],
  'catalog.description': ['metadata', 'description'],
  'catalog.annotations': ['metadata', 'annotations'],
  'catalog.labels': ['metadata', 'labels'],
  'catalog.tagCount': ['metadata', 'tags'],
  'goldenPath.template': ['metadata', 'annotations'],
  'goldenPath.version': ['metadata', 'annotations'],
};

/** A repository as a check reads it: its first catalog entity and where its files are. */
export interface LocalRepository {
  dir: string;
  entity: Record<string, unknown>;
  locations: CatalogLocations;
}

/**
 * Reads the catalog entity of the repository in `dir` from `catalogPath`.
 * A missing or invalid catalog file is a `CliError` naming the file and,
 * for YAML errors, the line.
 */
export async function readRepository(
  dir: string,
  catalogPath = 'catalog-info.yaml',
): Promise<LocalRepository> {
  const root = resolve(dir);
  const absolute = resolve(root, catalogPath);
  const file = relative(root, absolute).split('\\').join('/');
  if (file.startsWith('..') || isAbsolute(file)) {
    throw new CliError(`--catalog-file ${catalogPath} is outside ${dir}`);
  }
  let source: string;
  try {
    source = await fs.readFile(absolute, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliError(
        `${absolute} not found: a repository describes itself in ${catalogPath}. Add one (https://backstage.io/docs/features/software-catalog/descriptor-format) or give --catalog-file.`,
      );
    }
    throw new CliError(`cannot read ${absolute}: ${(e as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(source, { lineCounter });
  for (const doc of documents) {
    const [error] = doc.errors;
    if (error) {
      const at = error.linePos?.[0];
      throw new CliError(
        `${absolute}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML: ${
          error.message.split('\n')[0]
        }`,
      );
    }
  }
  const doc =
    documents.find(d => isMap(d.contents) && d.has('kind')) ?? documents[0];
  const entity = doc?.toJS();
  if (!doc || !entity || typeof entity !== 'object' || Array.isArray(entity)) {
    throw new CliError(
      `${absolute} holds no catalog entity: give it apiVersion, kind and metadata.name.`,
    );
  }
  const lineOf = (path: string[]) => {
    const node = doc.getIn(path, true) as YAMLMap | undefined;
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  const entityLine =
    lineOf(['metadata', 'name']) ?? lineCounter.linePos(doc.range[0]).line;
  const factLines: Record<string, number> = {};
  for (const [fact, path] of Object.entries(FACT_FIELDS)) {
    const line = lineOf(path);
    if (line !== undefined) factLines[fact] = line;
  }
  return {
    dir: root,
    entity: entity as Record<string, unknown>,
    locations: { file, entityLine, factLines },
  };
}

/**
 * Reads a repository file by its path from the root, as the backend reads a
 * mirror folder: only the files a fact definition names are read, so a
 * large repository costs no more than a small one. Undefined when absent.
 */
export function repositoryFileReader(dir: string): RepositoryFileReader {
  return async path => {
    const file = join(
      dir,
      normalizeRepositoryPath(path, 'platformContract.repositoryFiles.facts'),
    );
    try {
      return await fs.readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
        return undefined;
      }
      throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
    }
  };
}

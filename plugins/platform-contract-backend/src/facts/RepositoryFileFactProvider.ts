import {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { ANNOTATION_SOURCE_LOCATION, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { isError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { FactType, FactValue } from '@groundwork/plugin-platform-contract-common';
import {
  CollectedFacts,
  FactProvider,
} from '@groundwork/plugin-platform-contract-node';
import { promises as fs } from 'fs';
import { resolve, sep } from 'path';
import { parse } from 'yaml';

/** A repository fact from `platformContract.repositoryFiles.facts`. */
export interface RepositoryFileFact {
  name: string;
  description?: string;
  /** Candidate paths relative to the source location; the first that exists is used. */
  paths: string[];
  /** Dot-separated path into the YAML/JSON file; without it the fact is whether a file exists. */
  valuePath?: string;
  type?: FactType;
}

export function readRepositoryFileFacts(config: Config): RepositoryFileFact[] {
  return (
    config.getOptionalConfigArray('platformContract.repositoryFiles.facts') ?? []
  ).map(c => ({
    name: c.getString('name'),
    description: c.getOptionalString('description'),
    paths: c.getStringArray('paths'),
    valuePath: c.getOptionalString('valuePath'),
    type: c.getOptionalString('type') as FactType | undefined,
  }));
}

function valueAt(document: unknown, path: string): FactValue {
  let current: any = document;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return null;
    current = current[key];
  }
  return current === undefined ? null : current;
}

/** Reads a file relative to a source location; undefined when it does not exist. */
type ReadFile = (location: string, path: string) => Promise<Buffer | undefined>;

function createReader(urlReader: UrlReaderService, localRoots: string[]): ReadFile {
  const roots = localRoots.map(root => resolve(root));
  return async (location, path) => {
    if (location.startsWith('file:')) {
      // Only folders under configured roots (e.g. the demo repositories) are read from disk.
      const file = resolve(location.slice('file:'.length), path);
      if (!roots.some(root => file === root || file.startsWith(root + sep))) {
        throw new NotAllowedError(`${file} is outside platformContract.repositoryFiles.localRoots`);
      }
      try {
        return await fs.readFile(file);
      } catch (e) {
        if (isError(e) && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    }
    const base = location.endsWith('/') ? location : `${location}/`;
    try {
      const response = await urlReader.readUrl(new URL(path, base).toString());
      return await response.buffer();
    } catch (e) {
      if (isError(e) && e.name === NotFoundError.name) return undefined;
      throw e;
    }
  };
}

/**
 * Facts about files in an entity's repository, read through the UrlReader so
 * only hosts allowed by the integrations are reached. Entities without a
 * source location, or whose files cannot be read, get no repository facts:
 * their rules report `unknown`.
 */
export function createRepositoryFileFactProvider(options: {
  urlReader: UrlReaderService;
  logger: LoggerService;
  facts: RepositoryFileFact[];
  localRoots: string[];
  concurrency?: number;
}): FactProvider {
  const { facts, logger } = options;
  const read = createReader(options.urlReader, options.localRoots);

  async function collectOne(location: string): Promise<CollectedFacts> {
    const files = new Map<string, Promise<Buffer | undefined>>();
    const readOnce = (path: string) => {
      if (!files.has(path)) files.set(path, read(location, path));
      return files.get(path)!;
    };
    const result: CollectedFacts = {};
    for (const fact of facts) {
      let value: FactValue = fact.valuePath ? null : false;
      for (const path of fact.paths) {
        const content = await readOnce(path);
        if (content === undefined) continue;
        value = fact.valuePath ? valueAt(parse(content.toString('utf8')), fact.valuePath) : true;
        break;
      }
      result[fact.name] = value;
    }
    return result;
  }

  return {
    id: 'repository-files',
    facts: facts.map(f => ({
      name: f.name,
      type: f.type ?? (f.valuePath ? 'object' : 'boolean'),
      description: f.description ?? `${f.valuePath ? `${f.valuePath} in` : 'Exists:'} ${f.paths.join(' or ')}`,
    })),
    async collect(entities) {
      const result = new Map<string, CollectedFacts>();
      const queue = entities.flatMap(entity => {
        const annotation = entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
        return annotation
          ? [{ ref: stringifyEntityRef(entity), location: annotation.replace(/^url:/, '') }]
          : [];
      });
      const worker = async () => {
        for (let item = queue.shift(); item; item = queue.shift()) {
          try {
            result.set(item.ref, await collectOne(item.location));
          } catch (e) {
            logger.warn(`Cannot read repository files of ${item.ref} at ${item.location}: ${e}`);
          }
        }
      };
      await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
      return result;
    },
  };
}

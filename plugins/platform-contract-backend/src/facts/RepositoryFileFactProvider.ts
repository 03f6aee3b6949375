import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { isError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  FactType,
  FactValue,
} from '@groundwork/plugin-platform-contract-common';
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
    config.getOptionalConfigArray('platformContract.repositoryFiles.facts') ??
    []
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

/** A local folder that stands in for repositories under a URL prefix. */
export interface RepositoryMirror {
  url: string;
  path: string;
}

export function readRepositoryMirrors(config: Config): RepositoryMirror[] {
  return (
    config.getOptionalConfigArray('platformContract.repositoryFiles.mirrors') ??
    []
  ).map(c => ({ url: c.getString('url'), path: c.getString('path') }));
}

/** Reads a file relative to a source location; undefined when it does not exist. */
type ReadFile = (location: string, path: string) => Promise<Buffer | undefined>;

function createReader(
  urlReader: UrlReaderService,
  mirrors: RepositoryMirror[],
): ReadFile {
  return async (location, path) => {
    const base = location.endsWith('/') ? location : `${location}/`;
    const mirror = mirrors.find(m => base.startsWith(m.url));
    if (mirror) {
      const root = resolve(mirror.path);
      const file = resolve(root, base.slice(mirror.url.length), path);
      if (file !== root && !file.startsWith(root + sep)) {
        throw new NotAllowedError(
          `${path} escapes the mirror folder ${mirror.path}`,
        );
      }
      try {
        return await fs.readFile(file);
      } catch (e) {
        if (isError(e) && (e as NodeJS.ErrnoException).code === 'ENOENT')
          return undefined;
        throw e;
      }
    }
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
 * only hosts allowed by the integrations are reached, or from a configured
 * local mirror folder. Entities without a
 * source location, or whose files cannot be read, get no repository facts:
 * their rules report `unknown`.
 */
export function createRepositoryFileFactProvider(options: {
  urlReader: UrlReaderService;
  logger: LoggerService;
  facts: RepositoryFileFact[];
  mirrors: RepositoryMirror[];
  concurrency?: number;
}): FactProvider {
  const { facts, logger } = options;
  const read = createReader(options.urlReader, options.mirrors);

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
        value = fact.valuePath
          ? valueAt(parse(content.toString('utf8')), fact.valuePath)
          : true;
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
      description:
        f.description ??
        `${f.valuePath ? `${f.valuePath} in` : 'Exists:'} ${f.paths.join(
          ' or ',
        )}`,
    })),
    async collect(entities) {
      const result = new Map<string, CollectedFacts>();
      const queue = entities.flatMap(entity => {
        const annotation =
          entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
        return annotation
          ? [
              {
                ref: stringifyEntityRef(entity),
                location: annotation.replace(/^url:/, ''),
              },
            ]
          : [];
      });
      const worker = async () => {
        for (let item = queue.shift(); item; item = queue.shift()) {
          try {
            result.set(item.ref, await collectOne(item.location));
          } catch (e) {
            logger.warn(
              `Cannot read repository files of ${item.ref} at ${item.location}: ${e}`,
            );
          }
        }
      };
      await Promise.all(
        Array.from({ length: options.concurrency ?? 8 }, worker),
      );
      return result;
    },
  };
}

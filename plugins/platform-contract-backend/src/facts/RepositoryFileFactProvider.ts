import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { isError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  collectRepositoryFileFacts,
  FactType,
  fileMapReader,
  RepositoryFileFact,
  repositoryFileFactDeclarations,
  RepositoryFileReader,
} from '@groundwork/plugin-platform-contract-common';
import {
  CollectedFacts,
  FactProvider,
} from '@groundwork/plugin-platform-contract-node';
import { replaceGitLabUrlType } from '@backstage/integration';
import { promises as fs } from 'fs';
import { resolve, sep } from 'path';

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

/**
 * The URL of a file under a source location. A GitLab source location names
 * a tree (`/-/tree/<ref>/`), but GitLab's UrlReader reads files only by their
 * blob URL (`/-/blob/<ref>/<path>`).
 */
function fileUrl(base: string, path: string): string {
  const url = new URL(path, base).toString();
  return url.includes('/-/tree/') ? replaceGitLabUrlType(url, 'blob') : url;
}

/** Reads files under a source location, from a configured mirror folder or through the UrlReader. */
function urlFileReader(
  urlReader: UrlReaderService,
  mirrors: RepositoryMirror[],
  location: string,
): RepositoryFileReader {
  const base = location.endsWith('/') ? location : `${location}/`;
  const mirror = mirrors.find(m => base.startsWith(m.url));
  return async path => {
    if (mirror) {
      const root = resolve(mirror.path);
      const file = resolve(root, base.slice(mirror.url.length), path);
      if (file !== root && !file.startsWith(root + sep)) {
        throw new NotAllowedError(
          `${path} escapes the mirror folder ${mirror.path}`,
        );
      }
      try {
        return await fs.readFile(file, 'utf8');
      } catch (e) {
        if (isError(e) && (e as NodeJS.ErrnoException).code === 'ENOENT')
          return undefined;
        throw e;
      }
    }
    try {
      const response = await urlReader.readUrl(fileUrl(base, path));
      return (await response.buffer()).toString('utf8');
    } catch (e) {
      if (isError(e) && e.name === NotFoundError.name) return undefined;
      throw e;
    }
  };
}

/** Where an entity's repository files are read from; undefined when it has no repository. */
type RepositoryOf = (
  entity: Entity,
) => { location: string; read: RepositoryFileReader } | undefined;

/**
 * The `repository-files` provider, whatever the files are read from: entities
 * without a repository, or whose files cannot be read, get no repository
 * facts, so their rules report `unknown`.
 */
function repositoryFactProvider(options: {
  logger: LoggerService;
  facts: RepositoryFileFact[];
  repositoryOf: RepositoryOf;
  concurrency?: number;
}): FactProvider {
  const { facts, logger, repositoryOf } = options;
  return {
    id: 'repository-files',
    facts: repositoryFileFactDeclarations(facts),
    async collect(entities) {
      const result = new Map<string, CollectedFacts>();
      const queue = entities.flatMap(entity => {
        const repository = repositoryOf(entity);
        return repository
          ? [{ ref: stringifyEntityRef(entity), ...repository }]
          : [];
      });
      const worker = async () => {
        for (let item = queue.shift(); item; item = queue.shift()) {
          try {
            result.set(
              item.ref,
              await collectRepositoryFileFacts(facts, item.read),
            );
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

/**
 * Facts about files in an entity's repository, at its
 * `backstage.io/source-location`, read through the UrlReader so only hosts
 * allowed by the integrations are reached, or from a configured local mirror
 * folder.
 */
export function createRepositoryFileFactProvider(options: {
  urlReader: UrlReaderService;
  logger: LoggerService;
  facts: RepositoryFileFact[];
  mirrors: RepositoryMirror[];
  concurrency?: number;
}): FactProvider {
  const { urlReader, mirrors } = options;
  return repositoryFactProvider({
    ...options,
    repositoryOf: entity => {
      const annotation =
        entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
      if (!annotation) return undefined;
      const location = annotation.replace(/^url:/, '');
      return { location, read: urlFileReader(urlReader, mirrors, location) };
    },
  });
}

/**
 * The same repository facts for a proposed entity, from its repository's
 * files given as text (keyed by normalized path) rather than read from a
 * source location.
 */
export function createGivenFilesFactProvider(options: {
  logger: LoggerService;
  facts: RepositoryFileFact[];
  files: ReadonlyMap<string, string>;
}): FactProvider {
  const read = fileMapReader(options.files);
  return repositoryFactProvider({
    ...options,
    repositoryOf: () => ({ location: 'the files given', read }),
  });
}

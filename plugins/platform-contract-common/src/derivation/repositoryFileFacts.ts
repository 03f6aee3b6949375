import { InputError } from '@backstage/errors';
import { parse } from 'yaml';
import { FactDeclaration, FactType, FactValue } from '../facts';

/**
 * A repository fact, as `platformContract.repositoryFiles.facts` defines it.
 *
 * @public
 */
export interface RepositoryFileFact {
  name: string;
  description?: string;
  /** Candidate paths relative to the source location; the first that exists is used. */
  paths: string[];
  /** Dot-separated path into the YAML/JSON file; without it the fact is whether a file exists. */
  valuePath?: string;
  type?: FactType;
}

/** The `repository-files` provider's facts for these definitions. @public */
export function repositoryFileFactDeclarations(
  facts: RepositoryFileFact[],
): FactDeclaration[] {
  return facts.map(f => ({
    name: f.name,
    type: f.type ?? (f.valuePath ? 'object' : 'boolean'),
    description:
      f.description ??
      `${f.valuePath ? `${f.valuePath} in` : 'Exists:'} ${f.paths.join(
        ' or ',
      )}`,
  }));
}

/** Reads a file by its path from the repository root; undefined when it does not exist. @public */
export type RepositoryFileReader = (
  path: string,
) => Promise<string | undefined>;

function valueAt(document: unknown, path: string): FactValue {
  let current: any = document;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return null;
    current = current[key];
  }
  return current === undefined ? null : current;
}

/**
 * A repository path relative to its root with `/` separators, without `.`
 * or empty segments. Absolute paths and `..` segments are refused (`field`
 * names the input in the 400): files given to a check never name anything
 * outside the repository.
 *
 * @public
 */
export function normalizeRepositoryPath(path: string, field: string): string {
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.includes('\\')) {
    throw new InputError(
      `${field}: '${path}' is not a relative path with '/' separators; give paths from the repository root, e.g. 'chart/values.yaml'`,
    );
  }
  const segments = path.split('/').filter(s => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw new InputError(
      `${field}: '${path}' has a '..' segment; give paths inside the repository, from its root`,
    );
  }
  if (segments.length === 0) {
    throw new InputError(`${field}: '${path}' names no file`);
  }
  return segments.join('/');
}

/** Reads files given as text, by normalized path (see `normalizeRepositoryPath`). @public */
export function fileMapReader(
  files: ReadonlyMap<string, string>,
): RepositoryFileReader {
  return async path =>
    files.get(
      normalizeRepositoryPath(path, 'platformContract.repositoryFiles.facts'),
    );
}

/**
 * A repository's files given as text by path, keyed by normalized path; a
 * 400 names a bad or repeated path.
 *
 * @public
 */
export function repositoryFileMap(
  files: Array<{ path: string; content: string }>,
): Map<string, string> {
  const map = new Map<string, string>();
  files.forEach(({ path, content }, i) => {
    const normalized = normalizeRepositoryPath(path, `files[${i}].path`);
    if (map.has(normalized)) {
      throw new InputError(
        `files[${i}].path: '${path}' is given twice (as '${normalized}'); send each file once`,
      );
    }
    map.set(normalized, content);
  });
  return map;
}

/**
 * The repository facts of one repository, each file read at most once: for
 * each fact, the first of its paths that exists decides it.
 *
 * @public
 */
export async function collectRepositoryFileFacts(
  facts: RepositoryFileFact[],
  read: RepositoryFileReader,
): Promise<Record<string, FactValue>> {
  const files = new Map<string, Promise<string | undefined>>();
  const readOnce = (path: string) => {
    if (!files.has(path)) files.set(path, read(path));
    return files.get(path)!;
  };
  const result: Record<string, FactValue> = {};
  for (const fact of facts) {
    let value: FactValue = fact.valuePath ? null : false;
    for (const path of fact.paths) {
      const content = await readOnce(path);
      if (content === undefined) continue;
      value = fact.valuePath ? valueAt(parse(content), fact.valuePath) : true;
      break;
    }
    result[fact.name] = value;
  }
  return result;
}

import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  CommonValidatorFunctions,
  KubernetesValidatorFunctions,
} from '@backstage/catalog-model';
import fs from 'node:fs/promises';
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  YAMLMap,
  YAMLSeq,
} from 'yaml';

/** Where a golden path keeps the entity descriptor unless told otherwise. */
export const DEFAULT_CATALOG_PATH = 'catalog-info.yaml';

/** Which document of a multi-document catalog file to use. */
export interface DocumentSelector {
  /** 0-based position in the file. */
  documentIndex?: number;
  /** The first document with this `kind` (case-insensitive) … */
  kind?: string;
  /** … and this `metadata.name`. */
  name?: string;
}

/** What to merge into an entity's metadata. */
export interface CatalogChanges {
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  tags?: string[];
  links?: Array<{ url: string; title: string; icon?: string; type?: string }>;
}

type ParsedDocument = Document.Parsed;

const scalarOf = (node: unknown) => (isScalar(node) ? node.value : node);

const withoutUndefined = (value: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

/** True when the document writes list items level with their key (`key:\n- item`). */
const usesFlushSequences = (text: string) =>
  /^( *)[^\s#-][^\n]*:[ \t]*\r?\n\1- /m.test(text);

const isEntityDocument = (doc: ParsedDocument) => {
  const apiVersion = doc.get('apiVersion');
  const kind = doc.get('kind');
  return (
    typeof apiVersion === 'string' &&
    typeof kind === 'string' &&
    isMap(doc.get('metadata', true))
  );
};

/**
 * A catalog descriptor in the scaffolder workspace, edited through the `yaml`
 * Document API. Only the documents that were changed are re-rendered when the
 * file is written, so the other documents stay byte for byte as they were,
 * and the changed one keeps its comments and key order.
 */
export class CatalogInfoFile {
  private readonly changed = new Set<number>();

  private constructor(
    readonly path: string,
    private readonly absolutePath: string,
    private readonly source: string,
    private readonly documents: ParsedDocument[],
  ) {}

  /**
   * Reads and parses `path` (relative to the workspace, never outside it).
   * The scaffolder validates inputs against the JSON schema but does not
   * fill in schema defaults, so an absent path arrives as `undefined`.
   */
  static async read(
    workspacePath: string,
    path: string | undefined = DEFAULT_CATALOG_PATH,
  ) {
    const absolutePath = resolveSafeChildPath(workspacePath, path);
    let source: string;
    try {
      source = await fs.readFile(absolutePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NotFoundError(
          `${path} was not found in the workspace. Fetch a skeleton that contains it (fetch:template) before this step, or set the input 'path' to the catalog file's location.`,
        );
      }
      throw error;
    }
    const documents = parseAllDocuments(source, {
      prettyErrors: true,
    });
    if (documents.length === 0) {
      throw new InputError(
        `${path} holds no YAML document. Give it an entity (apiVersion, kind, metadata.name).`,
      );
    }
    for (const doc of documents) {
      const [error] = doc.errors;
      if (error) {
        const where = error.linePos
          ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}`
          : '';
        throw new InputError(
          `${path} is not valid YAML${where}: ${
            error.message.split('\n')[0]
          }. Fix the file in the template skeleton.`,
        );
      }
    }
    return new CatalogInfoFile(path, absolutePath, source, documents);
  }

  /**
   * The index of the document to use: by position, by kind and name, or by
   * default the first one that is a catalog entity (else the first).
   */
  select(selector: DocumentSelector = {}): number {
    const { documentIndex, kind, name } = selector;
    if (documentIndex !== undefined) {
      if (kind !== undefined || name !== undefined) {
        throw new InputError(
          `Give either 'documentIndex' or 'kind'/'name' to pick a document of ${this.path}, not both.`,
        );
      }
      if (
        !Number.isInteger(documentIndex) ||
        documentIndex < 0 ||
        documentIndex >= this.documents.length
      ) {
        throw new InputError(
          `documentIndex ${documentIndex} does not exist: ${this.path} has ${this.documents.length} document(s), numbered from 0.`,
        );
      }
      return documentIndex;
    }
    if (kind !== undefined || name !== undefined) {
      const index = this.documents.findIndex(
        doc =>
          isEntityDocument(doc) &&
          (kind === undefined ||
            String(doc.get('kind')).toLowerCase() === kind.toLowerCase()) &&
          (name === undefined || doc.getIn(['metadata', 'name']) === name),
      );
      if (index < 0) {
        throw new InputError(
          `No document of ${this.path} has${kind ? ` kind '${kind}'` : ''}${
            name ? ` metadata.name '${name}'` : ''
          }. Check 'kind' and 'name', or use 'documentIndex'.`,
        );
      }
      return index;
    }
    const firstEntity = this.documents.findIndex(isEntityDocument);
    return firstEntity < 0 ? 0 : firstEntity;
  }

  /** The document as plain data. */
  entity(index: number): Record<string, unknown> {
    const value = this.documents[index].toJS();
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError(
        `Document ${index} of ${this.path} is not a mapping; a catalog entity needs apiVersion, kind and metadata.`,
      );
    }
    return value;
  }

  /** Merges annotations and labels (set), tags (deduplicated) and links (by url). */
  apply(index: number, changes: CatalogChanges) {
    validateChanges(changes);
    const doc = this.documents[index];
    if (!isMap(doc.contents)) {
      throw new InputError(
        `Document ${index} of ${this.path} is not a mapping; a catalog entity needs apiVersion, kind and metadata.`,
      );
    }
    for (const [field, values] of [
      ['annotations', changes.annotations],
      ['labels', changes.labels],
    ] as const) {
      if (!values || Object.keys(values).length === 0) continue;
      const map = this.collection(doc, ['metadata', field], 'map');
      for (const [key, value] of Object.entries(values)) map.set(key, value);
    }
    if (changes.tags?.length) {
      const tags = this.collection(doc, ['metadata', 'tags'], 'seq');
      const present = new Set(tags.items.map(item => String(scalarOf(item))));
      for (const tag of changes.tags) {
        if (present.has(tag)) continue;
        present.add(tag);
        tags.add(tag);
      }
    }
    if (changes.links?.length) {
      const links = this.collection(doc, ['metadata', 'links'], 'seq');
      for (const link of changes.links) {
        const existing = links.items.find(
          item => isMap(item) && item.get('url') === link.url,
        );
        if (isMap(existing)) {
          for (const [key, value] of Object.entries(link)) {
            if (value !== undefined) existing.set(key, value);
          }
        } else {
          links.add(doc.createNode(withoutUndefined(link)));
        }
      }
    }
    this.changed.add(index);
  }

  /** Writes the file back, re-rendering only the documents that were changed. */
  async write() {
    let start = 0;
    const parts = this.documents.map((doc, index) => {
      const end = doc.range[2];
      const original = this.source.slice(start, end);
      start = end;
      if (!this.changed.has(index)) return original;
      return doc.toString({
        lineWidth: 0,
        flowCollectionPadding: false,
        indentSeq: !usesFlushSequences(original),
      });
    });
    await fs.writeFile(
      this.absolutePath,
      parts.join('') + this.source.slice(start),
      'utf8',
    );
  }

  /** The map or sequence at `path`, created (or replacing an empty value) when absent. */
  private collection(
    doc: ParsedDocument,
    path: string[],
    type: 'map',
  ): YAMLMap<unknown, unknown>;
  private collection(
    doc: ParsedDocument,
    path: string[],
    type: 'seq',
  ): YAMLSeq<unknown>;
  private collection(doc: ParsedDocument, path: string[], type: 'map' | 'seq') {
    const node = doc.getIn(path, true);
    const isEmpty =
      node === undefined || (isScalar(node) && node.value === null);
    if (isEmpty) {
      doc.setIn(path, doc.createNode(type === 'map' ? {} : []));
      return doc.getIn(path, true);
    }
    if ((type === 'map' && isMap(node)) || (type === 'seq' && isSeq(node))) {
      return node;
    }
    throw new InputError(
      `${path.join('.')} in ${this.path} must be a ${
        type === 'map' ? 'mapping' : 'list'
      }; fix it in the template skeleton.`,
    );
  }
}

/** Refuses what the catalog would reject later, naming the offending entry. */
function validateChanges(changes: CatalogChanges) {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(changes.annotations ?? {})) {
    if (!KubernetesValidatorFunctions.isValidAnnotationKey(key)) {
      problems.push(
        `annotation key '${key}' is not valid (use an optional DNS prefix and a name, e.g. 'example.com/my-key')`,
      );
    } else if (!KubernetesValidatorFunctions.isValidAnnotationValue(value)) {
      problems.push(`annotation '${key}' must have a string value`);
    }
  }
  for (const [key, value] of Object.entries(changes.labels ?? {})) {
    if (!KubernetesValidatorFunctions.isValidLabelKey(key)) {
      problems.push(
        `label key '${key}' is not valid (an optional DNS prefix and up to 63 letters, digits, '-', '_' or '.')`,
      );
    } else if (!KubernetesValidatorFunctions.isValidLabelValue(value)) {
      problems.push(
        `label '${key}' has an invalid value '${value}' (up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`,
      );
    }
  }
  for (const tag of changes.tags ?? []) {
    if (!CommonValidatorFunctions.isValidTag(tag)) {
      problems.push(
        `tag '${tag}' is not valid (lowercase letters, digits and ':+#-', up to 63 characters)`,
      );
    }
  }
  for (const link of changes.links ?? []) {
    if (!CommonValidatorFunctions.isValidUrl(link.url)) {
      problems.push(`link url '${link.url}' is not an absolute URL`);
    }
  }
  if (problems.length) {
    throw new InputError(
      `Cannot add to the catalog entity: ${problems.join('; ')}.`,
    );
  }
}

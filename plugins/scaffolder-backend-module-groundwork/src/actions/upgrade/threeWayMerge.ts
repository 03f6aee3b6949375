import { diff3Merge } from 'node-diff3';
import { looksBinary } from '@groundwork/plugin-platform-contract-node';

/** A repository's files: path (with `/`) → content. */
export type RepositoryFiles = Map<string, Buffer>;

/** Why a file could not be merged on its own; the merge request lists each. */
export type ConflictKind =
  /** Both changed the same lines: the file carries conflict markers. */
  | 'content'
  /** Both added the file with different contents: markers against an empty base. */
  | 'both-added'
  /** The team changed it, the golden path deleted it: the team's file is kept. */
  | 'deleted-by-golden-path'
  /** The team deleted it, the golden path changed it: it stays deleted. */
  | 'deleted-by-you'
  /** Both changed a binary file: the team's file is kept. */
  | 'binary';

export interface MergeConflict {
  path: string;
  kind: ConflictKind;
}

export interface MergeLabels {
  /** Version the base was rendered from, e.g. `1.0.0`. */
  fromVersion: string;
  /** Version "theirs" was rendered from. */
  toVersion: string;
}

export interface ThreeWayMergeResult {
  /** The merged repository. */
  files: RepositoryFiles;
  /** Taken from the golden path: the team had not changed them. */
  updated: string[];
  /** New in the golden path. */
  added: string[];
  /** Changed by both and merged without conflict: the team's change is kept. */
  merged: string[];
  /** Deleted by the golden path and unchanged by the team: removed. */
  deleted: string[];
  conflicts: MergeConflict[];
}

export const CONFLICT_MARKERS = {
  ours: '<<<<<<< your repository',
  base: (version: string) => `||||||| golden path ${version}`,
  separator: '=======',
  theirs: (version: string) => `>>>>>>> golden path ${version}`,
};

const same = (a: Buffer | undefined, b: Buffer | undefined) =>
  a === undefined || b === undefined ? a === b : a.equals(b);

/** Lines with their line endings, so joining them gives the text back. */
const lines = (text: string) => (text === '' ? [] : text.split(/(?<=\n)/));

/** A side of a conflict, ending with a newline so the next marker starts a line. */
const block = (side: string[]) => {
  const text = side.join('');
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
};

/**
 * Merges the team's repository ("ours") with what the golden path renders now
 * ("theirs"), given what it rendered when the repository was made ("base"),
 * file by file as git does: a side that did not change a file takes the
 * other side's version; text changed by both is merged line by line; true
 * conflicts carry conflict markers and are listed, never resolved silently.
 */
export function threeWayMerge(
  base: RepositoryFiles,
  ours: RepositoryFiles,
  theirs: RepositoryFiles,
  labels: MergeLabels,
): ThreeWayMergeResult {
  const result: ThreeWayMergeResult = {
    files: new Map(),
    updated: [],
    added: [],
    merged: [],
    deleted: [],
    conflicts: [],
  };
  const keep = (path: string, content: Buffer | undefined) => {
    if (content !== undefined) result.files.set(path, content);
  };
  const paths = [
    ...new Set([...base.keys(), ...ours.keys(), ...theirs.keys()]),
  ];
  for (const path of paths.sort()) {
    const [b, o, t] = [base.get(path), ours.get(path), theirs.get(path)];
    if (same(o, t) || same(t, b)) {
      keep(path, o);
    } else if (same(o, b)) {
      keep(path, t);
      if (t === undefined) result.deleted.push(path);
      else if (b === undefined) result.added.push(path);
      else result.updated.push(path);
    } else if (o === undefined) {
      result.conflicts.push({ path, kind: 'deleted-by-you' });
    } else if (t === undefined) {
      keep(path, o);
      result.conflicts.push({ path, kind: 'deleted-by-golden-path' });
    } else if (looksBinary(o) || looksBinary(t) || (b && looksBinary(b))) {
      keep(path, o);
      result.conflicts.push({ path, kind: 'binary' });
    } else {
      const text = mergeText(o, b ?? Buffer.alloc(0), t, labels);
      keep(path, Buffer.from(text.merged, 'utf8'));
      if (text.conflicted) {
        result.conflicts.push({
          path,
          kind: b === undefined ? 'both-added' : 'content',
        });
      } else {
        result.merged.push(path);
      }
    }
  }
  return result;
}

/** A line-wise diff3 merge, with git's diff3-style markers where both sides differ. */
export function mergeText(
  ours: Buffer,
  base: Buffer,
  theirs: Buffer,
  labels: MergeLabels,
) {
  const regions = diff3Merge(
    lines(ours.toString('utf8')),
    lines(base.toString('utf8')),
    lines(theirs.toString('utf8')),
  );
  let conflicted = false;
  const merged = regions
    .map(region => {
      if (region.ok) return region.ok.join('');
      conflicted = true;
      const { a, o, b } = region.conflict!;
      return [
        `${CONFLICT_MARKERS.ours}\n`,
        block(a),
        `${CONFLICT_MARKERS.base(labels.fromVersion)}\n`,
        block(o),
        `${CONFLICT_MARKERS.separator}\n`,
        block(b),
        `${CONFLICT_MARKERS.theirs(labels.toVersion)}\n`,
      ].join('');
    })
    .join('');
  return { merged, conflicted };
}

import {
  CHECK_MAX_FILE_CHARS,
  CHECK_MAX_FILES,
} from '@groundwork/plugin-platform-contract-common';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Folders that never describe the repository itself. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
/** A NUL byte in the first bytes is how git, too, tells a binary file. */
const BINARY_SNIFF_BYTES = 8000;

/** Whether git, too, would treat these bytes as binary. @public */
export function looksBinary(bytes: Buffer) {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/** A folder's text files as a contract check reads them, and what was left out. @public */
export interface WorkspaceFiles {
  files: Array<{ path: string; content: string }>;
  skipped: {
    folders: string[];
    binary: string[];
    tooLarge: string[];
    /** Text files beyond `CHECK_MAX_FILES`. */
    overLimit: string[];
    /** Symbolic links are not followed: they may point out of the workspace. */
    links: string[];
  };
}

/**
 * The workspace's text files as the contract check reads them: paths
 * relative to the workspace with `/` separators, in a stable order, within
 * the limits of a check request. The scaffolder action and the CLI read
 * repositories with it.
 *
 * @public
 */
export async function readWorkspaceFiles(
  workspacePath: string,
): Promise<WorkspaceFiles> {
  const result: WorkspaceFiles = {
    files: [],
    skipped: {
      folders: [],
      binary: [],
      tooLarge: [],
      overLimit: [],
      links: [],
    },
  };
  const readFile = async (relative: string) => {
    const absolute = path.join(workspacePath, relative);
    // UTF-8 needs at most 4 bytes a character: larger files cannot fit.
    const { size } = await fs.stat(absolute);
    if (size > CHECK_MAX_FILE_CHARS * 4) {
      result.skipped.tooLarge.push(relative);
      return;
    }
    const bytes = await fs.readFile(absolute);
    if (looksBinary(bytes)) {
      result.skipped.binary.push(relative);
      return;
    }
    const content = bytes.toString('utf8');
    if (content.length > CHECK_MAX_FILE_CHARS) {
      result.skipped.tooLarge.push(relative);
    } else if (result.files.length >= CHECK_MAX_FILES) {
      result.skipped.overLimit.push(relative);
    } else {
      result.files.push({ path: relative, content });
    }
  };
  const visit = async (relativeDir: string) => {
    const entries = await fs.readdir(path.join(workspacePath, relativeDir), {
      withFileTypes: true,
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const relative = relativeDir
        ? `${relativeDir}/${entry.name}`
        : entry.name;
      if (entry.isSymbolicLink()) {
        result.skipped.links.push(relative);
      } else if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name)) {
          result.skipped.folders.push(relative);
        } else {
          await visit(relative);
        }
      } else if (entry.isFile()) {
        await readFile(relative);
      }
    }
  };
  await visit('');
  return result;
}

import { Config } from '@backstage/config';
import { ContractEntry } from '@groundwork/plugin-platform-contract-common';
import {
  referenceContractFile,
  referenceContractNames,
} from '@groundwork/plugin-platform-contract-reference-contracts';

const KEY = 'platformContract.contracts';

/**
 * Where one `platformContract.contracts` entry is read from, or why it cannot
 * be: an entry that names no file is reported like a broken file, so that the
 * other contracts still load.
 */
export type ContractSource = { file: string } | { problem: ContractEntry };

/**
 * The entries of `platformContract.contracts`: a file path (relative to the
 * backend's working directory), or `{ reference: <name> }` for a reference
 * contract shipped in
 * `@groundwork/plugin-platform-contract-reference-contracts`.
 */
export function readContractSources(config: Config): ContractSource[] {
  const raw = config.getOptional(KEY);
  if (raw === undefined) {
    return [];
  }
  if (!Array.isArray(raw)) {
    return [problem(KEY, `expected a list of contracts, got ${describe(raw)}`)];
  }
  return raw.map((item, index) => {
    const at = `${KEY}[${index}]`;
    if (typeof item === 'string') {
      return { file: item };
    }
    const reference = isReference(item) ? item.reference : undefined;
    if (reference === undefined) {
      return problem(
        at,
        `expected a file path or { reference: <name> }, got ${describe(item)}`,
      );
    }
    const file = referenceContractFile(reference);
    if (!file) {
      return problem(
        at,
        `there is no reference contract named '${reference}'; the reference contracts are ${referenceContractNames().join(
          ', ',
        )}. For a contract of your own, give its file path instead`,
      );
    }
    return { file };
  });
}

function isReference(item: unknown): item is { reference: string } {
  return (
    typeof item === 'object' &&
    item !== null &&
    Object.keys(item).length === 1 &&
    typeof (item as { reference?: unknown }).reference === 'string'
  );
}

function describe(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 80) ?? String(value);
}

function problem(at: string, message: string): ContractSource {
  return {
    problem: {
      file: at,
      errors: [{ file: at, field: '(config)', message }],
    },
  };
}

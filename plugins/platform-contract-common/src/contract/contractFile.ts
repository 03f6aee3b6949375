import { parse } from 'yaml';
import {
  CompiledContract,
  compileContract,
  ContractValidationError,
} from './compile';
import { ConditionOptions } from './conditions';

/**
 * One contract file, loaded or not.
 *
 * @public
 */
export interface ContractEntry {
  file: string;
  /** The contract name, when the file got far enough to have one. */
  name?: string;
  contract?: CompiledContract;
  errors: ContractValidationError[];
}

/**
 * Parses and compiles a contract file's text; never throws: a file that is
 * not YAML or not a valid contract comes back with its errors.
 *
 * @public
 */
export function parseContractFile(
  text: string,
  file: string,
  options: ConditionOptions = {},
): ContractEntry {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    return {
      file,
      errors: [{ file, field: '(file)', message: (e as Error).message }],
    };
  }
  const rawName = (raw as { metadata?: { name?: unknown } })?.metadata?.name;
  const name = typeof rawName === 'string' ? rawName : undefined;
  const { contract, errors } = compileContract(raw, file, options);
  return {
    file,
    ...(name ? { name } : {}),
    ...(contract ? { contract } : {}),
    errors,
  };
}

/**
 * The valid contracts of a set of files. A name defined twice keeps its
 * first file; the later one gets an error (added to its entry) and is left
 * out, so a broken file never affects the others.
 *
 * @public
 */
export function validContracts(entries: ContractEntry[]): CompiledContract[] {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.contract && seen.has(entry.contract.name)) {
      entry.errors.push({
        file: entry.file,
        field: 'metadata.name',
        message: `another contract file already defines '${entry.contract.name}'`,
      });
      delete entry.contract;
    }
    if (entry.contract) seen.add(entry.contract.name);
  }
  return entries.flatMap(e => (e.contract ? [e.contract] : []));
}

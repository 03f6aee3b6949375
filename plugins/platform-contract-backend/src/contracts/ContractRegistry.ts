import { Config } from '@backstage/config';
import {
  CompiledContract,
  compileContract,
  ContractValidationError,
} from '@groundwork/plugin-platform-contract-common';
import { promises as fs } from 'fs';
import { resolve } from 'path';
import { parse } from 'yaml';

/** One configured contract file, loaded or not. */
export interface ContractEntry {
  file: string;
  /** The contract name, when the file got far enough to have one. */
  name?: string;
  contract?: CompiledContract;
  errors: ContractValidationError[];
}

/**
 * The contracts from `platformContract.contracts`. Each file is loaded on its
 * own so that a broken file is reported without affecting the others.
 */
export class ContractRegistry {
  static async fromConfig(config: Config): Promise<ContractRegistry> {
    const files =
      config.getOptionalStringArray('platformContract.contracts') ?? [];
    const entries = await Promise.all(files.map(loadContractFile));
    return new ContractRegistry(entries);
  }

  constructor(readonly entries: ContractEntry[]) {
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
    this.contracts = entries.flatMap(e => (e.contract ? [e.contract] : []));
  }

  /** The valid contracts. */
  readonly contracts: CompiledContract[];

  get(name: string): ContractEntry | undefined {
    return this.entries.find(e => e.name === name);
  }
}

/** Reads and compiles one contract file; never throws. */
export async function loadContractFile(file: string): Promise<ContractEntry> {
  let raw: unknown;
  try {
    raw = parse(await fs.readFile(resolve(file), 'utf8'));
  } catch (e) {
    return {
      file,
      errors: [{ file, field: '(file)', message: (e as Error).message }],
    };
  }
  const rawName = (raw as { metadata?: { name?: unknown } })?.metadata?.name;
  const name = typeof rawName === 'string' ? rawName : undefined;
  const { contract, errors } = compileContract(raw, file);
  return {
    file,
    ...(name ? { name } : {}),
    ...(contract ? { contract } : {}),
    errors,
  };
}

import { Config } from '@backstage/config';
import {
  CompiledContract,
  ConditionOptions,
  ContractEntry,
  parseContractFile,
  validContracts,
} from '@groundwork/plugin-platform-contract-common';
import { promises as fs } from 'fs';
import { resolve } from 'path';
import { readContractSources } from './contractSources';

export type { ContractEntry };

/**
 * The contracts from `platformContract.contracts` (files, or reference
 * contracts by name). Each is loaded on its own so that a broken file is
 * reported without affecting the others.
 */
export class ContractRegistry {
  static async fromConfig(config: Config): Promise<ContractRegistry> {
    const options: ConditionOptions = {
      maxMatchChars: config.getOptionalNumber(
        'platformContract.evaluation.maxMatchChars',
      ),
    };
    const entries = await Promise.all(
      readContractSources(config).map(source =>
        'file' in source
          ? loadContractFile(source.file, options)
          : source.problem,
      ),
    );
    return new ContractRegistry(entries, options);
  }

  constructor(
    readonly entries: ContractEntry[],
    /** How the contracts were compiled, for compiling them again elsewhere (the worker thread). */
    readonly conditionOptions: ConditionOptions = {},
  ) {
    this.contracts = validContracts(entries);
  }

  /** The valid contracts. */
  readonly contracts: CompiledContract[];

  get(name: string): ContractEntry | undefined {
    return this.entries.find(e => e.name === name);
  }
}

/** Reads and compiles one contract file; never throws. */
export async function loadContractFile(
  file: string,
  options: ConditionOptions = {},
): Promise<ContractEntry> {
  let text: string;
  try {
    text = await fs.readFile(resolve(file), 'utf8');
  } catch (e) {
    return {
      file,
      errors: [{ file, field: '(file)', message: (e as Error).message }],
    };
  }
  return parseContractFile(text, file, options);
}

import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readdirSync } from 'fs';
import { join } from 'path';

/**
 * The folder holding the reference contracts (`<name>.yaml`) and their JSON
 * Schema. It ships in the package beside `dist/`, found through the package
 * itself, as in this repository.
 *
 * @public
 */
export const referenceContractsDirectory = resolvePackagePath(
  '@groundwork/plugin-platform-contract-reference-contracts',
  'contracts',
);

/**
 * The JSON Schema the reference contracts name in their
 * `yaml-language-server` comment; copy it next to your own contracts.
 *
 * @public
 */
export const referenceContractSchemaFile = join(
  referenceContractsDirectory,
  'platform-contract.schema.json',
);

/**
 * The names of the reference contracts, e.g. `kubernetes-service`, each
 * also its `metadata.name`.
 *
 * @public
 */
export function referenceContractNames(): string[] {
  return readdirSync(referenceContractsDirectory)
    .filter(file => file.endsWith('.yaml'))
    .map(file => file.slice(0, -'.yaml'.length))
    .sort();
}

/**
 * The file of the reference contract with this name, or undefined when there
 * is none.
 *
 * @public
 */
export function referenceContractFile(name: string): string | undefined {
  return referenceContractNames().includes(name)
    ? join(referenceContractsDirectory, `${name}.yaml`)
    : undefined;
}

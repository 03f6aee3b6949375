/**
 * The reference platform contracts: YAML files an adopter starts from, by name
 * (`platformContract.contracts: [{ reference: kubernetes-service }]`) or as a
 * copy to make their own.
 *
 * @packageDocumentation
 */
export {
  referenceContractFile,
  referenceContractNames,
  referenceContractSchemaFile,
  referenceContractsDirectory,
} from './referenceContracts';

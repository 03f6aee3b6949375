/**
 * Groundwork's golden-path scaffolder actions: contract check before
 * publishing, catalog-info annotation, lineage, MLflow experiment and cost
 * tags.
 *
 * @packageDocumentation
 */
export { scaffolderModuleGroundwork as default } from './module';
export {
  CATALOG_ANNOTATE_ACTION_ID,
  createCatalogAnnotateAction,
} from './actions/annotate';
export {
  CONTRACT_CHECK_ACTION_ID,
  createContractCheckAction,
} from './actions/contractCheck';
export {
  createGoldenPathRecordAction,
  GOLDEN_PATH_RECORD_ACTION_ID,
} from './actions/recordGoldenPath';

/**
 * Groundwork's golden-path scaffolder actions: contract check before
 * publishing, catalog-info annotation, lineage, the kept base and upgrades by
 * merge request, MLflow experiment and cost tags.
 *
 * @packageDocumentation
 */
export { scaffolderModuleGroundwork as default } from './module';
export {
  CATALOG_ANNOTATE_ACTION_ID,
  createCatalogAnnotateAction,
} from './actions/annotate';
export {
  CATALOG_AWAIT_ENTITY_ACTION_ID,
  createCatalogAwaitEntityAction,
} from './actions/awaitEntity';
export {
  CONTRACT_CHECK_ACTION_ID,
  createContractCheckAction,
} from './actions/contractCheck';
export {
  createGoldenPathRecordAction,
  GOLDEN_PATH_RECORD_ACTION_ID,
} from './actions/recordGoldenPath';
export {
  createGoldenPathKeepBaseAction,
  GOLDEN_PATH_KEEP_BASE_ACTION_ID,
} from './actions/keepBase';
export {
  createGoldenPathUpgradeAction,
  GOLDEN_PATH_UPGRADE_ACTION_ID,
} from './actions/upgradeGoldenPath';

/**
 * Platform contract facts about ML projects (`mlflow.*`), read from the mlops
 * backend plugin.
 *
 * @packageDocumentation
 */
export { mlopsPlatformContractModule as default } from './module';
export {
  createMlopsFactProvider,
  PRODUCTION_ALIASES,
} from './MlopsFactProvider';
export type { MlopsFactProviderOptions } from './MlopsFactProvider';

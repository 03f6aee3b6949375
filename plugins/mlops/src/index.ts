/**
 * Experiments, runs, metrics, datasets and registered models from MLflow, traced end to end.
 *
 * Legacy frontend system exports; the new frontend system uses `/alpha`.
 *
 * @packageDocumentation
 */
export {
  mlopsPlugin,
  MlopsPage,
  EntityMlExperimentsContent,
  EntityMlModelsCard,
} from './plugin';
export { mlopsApiRef, MlopsClient } from './api';
export type { MlopsApi, RunsQuery } from './api';
export {
  isMlProject,
  hasMlflowExperiments,
  hasMlflowModels,
} from '@groundwork/plugin-mlops-common';

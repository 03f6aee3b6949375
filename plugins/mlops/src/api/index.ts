export { mlopsApiRef, MlopsClient } from './MlopsApi';
export type { MlopsApi, RunsQuery } from './MlopsApi';

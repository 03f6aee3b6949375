export { costApiRef } from './CostApi';
export type { CostApi, DayRange } from './CostApi';
export { CostClient } from './CostClient';

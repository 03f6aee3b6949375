import { RollupType } from './api';

/**
 * How often one rule is not satisfied among a roll-up's entities.
 *
 * @public
 */
export interface RuleFailureSummary {
  contract: string;
  ruleId: string;
  title: string;
  level: string;
  category: string;
  entityCount: number;
  pass: number;
  fail: number;
  unknown: number;
  waived: number;
}

/** `GET /rollups/:type/:ref/rules`, worst first. @public */
export interface RuleFailureListResponse {
  type: RollupType;
  ref: string;
  items: RuleFailureSummary[];
}

/** @public */
export interface HeatmapCell {
  /** Share of rule results that pass or are waived, 0–100. */
  score: number;
  satisfied: number;
  total: number;
}

/** `GET /heatmap`: owner groups × rule categories. @public */
export interface CategoryHeatmapResponse {
  categories: string[];
  rows: Array<{ ref: string; cells: Record<string, HeatmapCell> }>;
}

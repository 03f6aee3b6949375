import { createApiRef } from '@backstage/core-plugin-api';
import {
  AttributionRulesResponse,
  Budget,
  CommitmentReport,
  CostBreakdown,
  CostComparison,
  CostDimension,
  CostOverview,
  CostSeries,
  CostSummary,
  EfficiencyNotConfigured,
  EntityEfficiency,
  OpexProjection,
  OrganisationEfficiency,
  TopResources,
  UnattributedCost,
} from '@groundwork/plugin-cost-common';

/** A range of whole days, inclusive, as `YYYY-MM-DD`. @public */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * Client for the cost backend (`/api/cost`).
 *
 * @public
 */
export interface CostApi {
  getSummary(entityRef: string): Promise<CostSummary>;
  /** The configured tag rules, for advice on empty pages. */
  getAttributionRules(): Promise<AttributionRulesResponse>;
  getSeries(
    request: DayRange & {
      entityRef: string;
      granularity?: 'day' | 'month';
      groupBy?: CostDimension;
    },
  ): Promise<CostSeries>;
  getBreakdown(
    request: DayRange & { entityRef: string; by: CostDimension },
  ): Promise<CostBreakdown>;
  getTopResources(
    request: DayRange & { entityRef: string; limit?: number },
  ): Promise<TopResources>;
  getComparison(
    request: DayRange & { entityRef: string },
  ): Promise<CostComparison>;
  getOverview(): Promise<CostOverview>;
  getUnattributed(request: DayRange): Promise<UnattributedCost>;
  /** Undefined when the entity has no budget. */
  getBudget(entityRef: string): Promise<Budget | undefined>;
  setBudget(
    entityRef: string,
    budget: { amount: number; currency: string },
  ): Promise<Budget>;
  deleteBudget(entityRef: string): Promise<void>;
  /** Daily cost per service as CSV. */
  getExportCsv(request: DayRange & { entityRef: string }): Promise<string>;
  /**
   * Commitment utilisation, coverage, savings and waste over the 13 months
   * to the latest data: the organisation's (needs unconditional cost.read)
   * or, with `entityRef`, what rolls up to that entity.
   */
  getCommitments(request?: { entityRef?: string }): Promise<CommitmentReport>;
  /** Spend projected to the end of the fiscal quarter and year. */
  getProjection(entityRef: string): Promise<OpexProjection>;
  /** Kubernetes efficiency per team from OpenCost, when it is configured. */
  getOrganisationEfficiency(request?: {
    window?: string;
  }): Promise<OrganisationEfficiency | EfficiencyNotConfigured>;
  /** Kubernetes efficiency of an entity from OpenCost, when it is configured. */
  getEntityEfficiency(request: {
    entityRef: string;
    window?: string;
  }): Promise<EntityEfficiency | EfficiencyNotConfigured>;
}

/** @public */
export const costApiRef = createApiRef<CostApi>({ id: 'plugin.cost.api' });

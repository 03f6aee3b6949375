import { createApiRef } from '@backstage/core-plugin-api';
import {
  CampaignDetailsResponse,
  CampaignListResponse,
  CategoryHeatmapResponse,
  ContractDetailsResponse,
  ContractListResponse,
  CreateCampaignRequest,
  CreateWaiverRequest,
  EntityHistoryResponse,
  EntityResultsResponse,
  RollupHistoryResponse,
  RollupListResponse,
  RollupType,
  RuleFailureListResponse,
  WaiverDetailsResponse,
  WaiverListResponse,
  WaiverStatus,
} from '@groundwork/plugin-platform-contract-common';

/**
 * The platform contract backend's REST API (`/api/platform-contract`), as the
 * frontend sees it.
 *
 * @public
 */
export interface PlatformContractApi {
  listContracts(): Promise<ContractListResponse>;
  getContract(name: string): Promise<ContractDetailsResponse>;
  getEntityResults(entityRef: string): Promise<EntityResultsResponse>;
  evaluateEntity(entityRef: string): Promise<EntityResultsResponse>;
  getEntityHistory(entityRef: string): Promise<EntityHistoryResponse>;
  listRollups(type: RollupType): Promise<RollupListResponse>;
  getRollupHistory(type: RollupType, ref: string): Promise<RollupHistoryResponse>;
  /** The rules a roll-up's entities fail most, worst first. */
  getRollupRules(type: RollupType, ref: string): Promise<RuleFailureListResponse>;
  /** Owner groups × rule categories. */
  getCategoryHeatmap(): Promise<CategoryHeatmapResponse>;
  listWaivers(query?: {
    entityRef?: string;
    contract?: string;
    status?: WaiverStatus;
  }): Promise<WaiverListResponse>;
  requestWaiver(request: CreateWaiverRequest): Promise<WaiverDetailsResponse>;
  decideWaiver(
    id: string,
    decision: 'approve' | 'reject',
    comment?: string,
  ): Promise<WaiverDetailsResponse>;
  /** Every campaign with its overall progress. */
  listCampaigns(): Promise<CampaignListResponse>;
  /** One campaign with per-team progress and a page of its entities (not done first). */
  getCampaign(
    id: string,
    page?: { limit?: number; offset?: number },
  ): Promise<CampaignDetailsResponse>;
  /** Needs `platform-contract.campaign.manage`. */
  createCampaign(request: CreateCampaignRequest): Promise<CampaignDetailsResponse>;
  /** Campaigns declared in contract YAML cannot be deleted over the API. */
  deleteCampaign(id: string): Promise<void>;
}

/** @public */
export const platformContractApiRef = createApiRef<PlatformContractApi>({
  id: 'plugin.platform-contract.api',
});

import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CreateCampaignRequest,
  CreateWaiverRequest,
  RollupType,
  WaiverStatus,
  platformContractPluginId,
} from '@groundwork/plugin-platform-contract-common';
import { PlatformContractApi } from './PlatformContractApi';

type Api<K extends keyof PlatformContractApi> = ReturnType<PlatformContractApi[K]>;

/**
 * Calls the platform contract backend with the signed-in user's token.
 *
 * @public
 */
export class PlatformContractClient implements PlatformContractApi {
  constructor(
    private readonly options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  listContracts(): Api<'listContracts'> {
    return this.request('/contracts');
  }

  getContract(name: string): Api<'getContract'> {
    return this.request(`/contracts/${encodeURIComponent(name)}`);
  }

  getEntityResults(entityRef: string): Api<'getEntityResults'> {
    return this.request(`${entityPath(entityRef)}/results`);
  }

  evaluateEntity(entityRef: string): Api<'evaluateEntity'> {
    return this.request(`${entityPath(entityRef)}/evaluate`, { method: 'POST' });
  }

  getEntityHistory(entityRef: string): Api<'getEntityHistory'> {
    return this.request(`${entityPath(entityRef)}/history`);
  }

  listRollups(type: RollupType): Api<'listRollups'> {
    return this.request(`/rollups?${new URLSearchParams({ type })}`);
  }

  getRollupHistory(type: RollupType, ref: string): Api<'getRollupHistory'> {
    return this.request(
      `/rollups/${encodeURIComponent(type)}/${encodeURIComponent(ref)}/history`,
    );
  }

  getRollupRules(type: RollupType, ref: string): Api<'getRollupRules'> {
    return this.request(
      `/rollups/${encodeURIComponent(type)}/${encodeURIComponent(ref)}/rules`,
    );
  }

  getCategoryHeatmap(): Api<'getCategoryHeatmap'> {
    return this.request('/heatmap');
  }

  listWaivers(
    query: { entityRef?: string; contract?: string; status?: WaiverStatus } = {},
  ): Api<'listWaivers'> {
    const params = new URLSearchParams(
      Object.entries(query).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    return this.request(`/waivers?${params}`);
  }

  requestWaiver(request: CreateWaiverRequest): Api<'requestWaiver'> {
    return this.request('/waivers', { method: 'POST', body: request });
  }

  decideWaiver(id: string, decision: 'approve' | 'reject', comment?: string): Api<'decideWaiver'> {
    return this.request(`/waivers/${encodeURIComponent(id)}/${decision}`, {
      method: 'POST',
      body: comment ? { comment } : {},
    });
  }

  listCampaigns(): Api<'listCampaigns'> {
    return this.request('/campaigns');
  }

  getCampaign(id: string, page: { limit?: number; offset?: number } = {}): Api<'getCampaign'> {
    const params = new URLSearchParams(
      Object.entries(page).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])),
    );
    return this.request(`/campaigns/${encodeURIComponent(id)}?${params}`);
  }

  createCampaign(request: CreateCampaignRequest): Api<'createCampaign'> {
    return this.request('/campaigns', { method: 'POST', body: request });
  }

  deleteCampaign(id: string): Api<'deleteCampaign'> {
    return this.request(`/campaigns/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  private async request<T>(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      platformContractPluginId,
    );
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      ...(init.body !== undefined
        ? {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(init.body),
          }
        : {}),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

function entityPath(entityRef: string) {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/entities/${[kind, namespace, name].map(encodeURIComponent).join('/')}`;
}

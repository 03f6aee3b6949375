import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AttributionRulesResponse,
  Budget,
  CommitmentReport,
  CostBreakdown,
  CostComparison,
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
import { CostApi } from './CostApi';

/**
 * Default {@link CostApi} implementation over `fetch`.
 *
 * @public
 */
export class CostClient implements CostApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  private async url(
    path: string,
    query: Record<string, string | undefined> = {},
  ) {
    const base = await this.options.discoveryApi.getBaseUrl('cost');
    const params = new URLSearchParams(
      Object.entries(query).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    return `${base}${path}${params.size ? `?${params}` : ''}`;
  }

  private async request<T>(
    path: string,
    query?: Record<string, string | undefined>,
    init?: RequestInit,
  ): Promise<T> {
    const response = await this.options.fetchApi.fetch(
      await this.url(path, query),
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  private budgetPath(entityRef: string) {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return `/budgets/${encodeURIComponent(kind)}/${encodeURIComponent(
      namespace,
    )}/${encodeURIComponent(name)}`;
  }

  getSummary(entityRef: string) {
    return this.request<CostSummary>('/summary', { entityRef });
  }

  getSeries(request: Parameters<CostApi['getSeries']>[0]) {
    return this.request<CostSeries>('/series', { ...request });
  }

  getBreakdown(request: Parameters<CostApi['getBreakdown']>[0]) {
    return this.request<CostBreakdown>('/breakdown', { ...request });
  }

  getTopResources(request: Parameters<CostApi['getTopResources']>[0]) {
    return this.request<TopResources>('/resources', {
      ...request,
      limit: request.limit?.toString(),
    });
  }

  getComparison(request: Parameters<CostApi['getComparison']>[0]) {
    return this.request<CostComparison>('/compare', { ...request });
  }

  getOverview() {
    return this.request<CostOverview>('/overview');
  }

  getUnattributed(request: Parameters<CostApi['getUnattributed']>[0]) {
    return this.request<UnattributedCost>('/unattributed', { ...request });
  }

  getAttributionRules() {
    return this.request<AttributionRulesResponse>('/attribution/rules');
  }

  async getBudget(entityRef: string): Promise<Budget | undefined> {
    // `null` when the entity has no budget.
    return (
      (await this.request<Budget | null>(this.budgetPath(entityRef))) ??
      undefined
    );
  }

  setBudget(entityRef: string, budget: { amount: number; currency: string }) {
    return this.request<Budget>(this.budgetPath(entityRef), undefined, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(budget),
    });
  }

  async deleteBudget(entityRef: string) {
    await this.request<void>(this.budgetPath(entityRef), undefined, {
      method: 'DELETE',
    });
  }

  getCommitments(request: { entityRef?: string } = {}) {
    return this.request<CommitmentReport>('/commitments', {
      entityRef: request.entityRef,
    });
  }

  getProjection(entityRef: string) {
    return this.request<OpexProjection>('/projection', { entityRef });
  }

  getOrganisationEfficiency(request: { window?: string } = {}) {
    return this.request<OrganisationEfficiency | EfficiencyNotConfigured>(
      '/efficiency/organisation',
      { window: request.window },
    );
  }

  getEntityEfficiency(request: { entityRef: string; window?: string }) {
    return this.request<EntityEfficiency | EfficiencyNotConfigured>(
      '/efficiency',
      { ...request },
    );
  }

  async getExportCsv(request: Parameters<CostApi['getExportCsv']>[0]) {
    const response = await this.options.fetchApi.fetch(
      await this.url('/export.csv', { ...request }),
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.text();
  }
}

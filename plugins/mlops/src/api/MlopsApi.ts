import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  EntityExperimentsResponse,
  EntityModelsResponse,
  MetricHistoriesResponse,
  mlopsPluginId,
  ModelLineage,
  OverviewResponse,
  RunDetail,
  RunsPage,
} from '@groundwork/plugin-mlops-common';

/** @public */
export interface RunsQuery {
  experimentIds?: string[];
  filter?: string;
  orderBy?: string[];
  pageSize?: number;
  pageToken?: string;
  /** Param columns to return; see `defaultColumns`. */
  params?: string[];
  /** Metric columns to return; see `defaultColumns`. */
  metrics?: string[];
  /**
   * For whichever of `params` and `metrics` is not given, the server returns
   * this many of the page's keys (the first in sorted order) and says which
   * in `columns`. Neither given nor defaulted: every key.
   */
  defaultColumns?: number;
}

/**
 * The MLOps backend API.
 *
 * @public
 */
export interface MlopsApi {
  getOverview(): Promise<OverviewResponse>;
  getExperiments(entityRef: string): Promise<EntityExperimentsResponse>;
  getRuns(entityRef: string, query: RunsQuery): Promise<RunsPage>;
  getRun(entityRef: string, runId: string): Promise<RunDetail>;
  getMetricHistories(
    entityRef: string,
    request: { runIds: string[]; keys: string[]; maxPoints?: number },
  ): Promise<MetricHistoriesResponse>;
  getModels(entityRef: string): Promise<EntityModelsResponse>;
  getLineage(
    entityRef: string,
    model: string,
    version: string,
  ): Promise<ModelLineage>;
}

/** @public */
export const mlopsApiRef = createApiRef<MlopsApi>({ id: 'plugin.mlops.api' });

/**
 * {@link MlopsApi} over HTTP.
 *
 * @public
 */
export class MlopsClient implements MlopsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  getOverview() {
    return this.get<OverviewResponse>('/overview');
  }

  getExperiments(entityRef: string) {
    return this.get<EntityExperimentsResponse>(
      `${entityPath(entityRef)}/experiments`,
    );
  }

  getRuns(entityRef: string, query: RunsQuery) {
    const params = new URLSearchParams();
    const list = (key: string, values?: string[]) => {
      if (values) params.set(key, values.join(','));
    };
    list('experimentIds', query.experimentIds);
    list('params', query.params);
    list('metrics', query.metrics);
    if (query.filter) params.set('filter', query.filter);
    for (const o of query.orderBy ?? []) params.append('orderBy', o);
    if (query.defaultColumns !== undefined) {
      params.set('defaultColumns', String(query.defaultColumns));
    }
    if (query.pageSize) params.set('pageSize', String(query.pageSize));
    if (query.pageToken) params.set('pageToken', query.pageToken);
    return this.get<RunsPage>(`${entityPath(entityRef)}/runs?${params}`);
  }

  getRun(entityRef: string, runId: string) {
    return this.get<RunDetail>(
      `${entityPath(entityRef)}/runs/${encodeURIComponent(runId)}`,
    );
  }

  getMetricHistories(
    entityRef: string,
    request: { runIds: string[]; keys: string[]; maxPoints?: number },
  ) {
    const params = new URLSearchParams({
      runIds: request.runIds.join(','),
      keys: request.keys.join(','),
    });
    if (request.maxPoints) params.set('maxPoints', String(request.maxPoints));
    return this.get<MetricHistoriesResponse>(
      `${entityPath(entityRef)}/metric-histories?${params}`,
    );
  }

  getModels(entityRef: string) {
    return this.get<EntityModelsResponse>(`${entityPath(entityRef)}/models`);
  }

  getLineage(entityRef: string, model: string, version: string) {
    return this.get<ModelLineage>(
      `${entityPath(entityRef)}/models/${encodeURIComponent(
        model,
      )}/versions/${encodeURIComponent(version)}/lineage`,
    );
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl(mlopsPluginId);
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}

function entityPath(entityRef: string) {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/entities/${[kind, namespace, name]
    .map(encodeURIComponent)
    .join('/')}`;
}

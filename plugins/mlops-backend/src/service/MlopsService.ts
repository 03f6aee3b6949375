import {
  BackstageCredentials,
  CacheService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityExperimentsResponse,
  EntityModelsResponse,
  MetricHistoriesResponse,
  MetricSeries,
  MetricValue,
  MissingReference,
  ML_PROJECT_TYPE,
  mlopsReadPermission,
  ModelLineage,
  numberToMetric,
  OverviewResponse,
  ProjectOverview,
  RefusedReference,
  RegisteredModelSummary,
  RunDetail,
  RunsPage,
} from '@groundwork/plugin-mlops-common';
import { collectAll, MlflowClient } from '../mlflow/MlflowClient';
import {
  MlflowExperiment,
  MlflowRegisteredModel,
  MlflowRun,
} from '../mlflow/types';
import { MlflowAnnotations, readMlflowAnnotations } from './annotations';
import { downsample, MetricHistory, SeriesPoint } from './downsample';
import {
  datasets,
  gitSource,
  PARENT_RUN_TAG,
  quote,
  toExperimentSummary,
  toModelVersionSummary,
  toRecord,
  toRunReference,
  toRunSummary,
} from './mappers';
import { MlflowServers } from './MlflowServers';
import { NameBinding } from './NameBinding';
import { degradable } from './degradable';

/** A runs table query. */
export interface RunsQuery {
  experimentIds?: string[];
  filter?: string;
  orderBy?: string[];
  pageSize: number;
  pageToken?: string;
  params?: string[];
  metrics?: string[];
  /**
   * For whichever of `params` and `metrics` is not given: how many of the
   * page's keys to return (the first ones in sorted order). Neither given
   * nor defaulted: every key.
   */
  defaultColumns?: number;
}

export interface MlopsServiceOptions {
  servers: MlflowServers;
  catalog: CatalogService;
  permissions: PermissionsService;
  cache: CacheService;
  logger: LoggerService;
  experimentTtlMs?: number;
  finishedHistoryTtlMs?: number;
}

interface EntityContext {
  entity: Entity;
  entityRef: string;
  annotations: MlflowAnnotations;
  client: MlflowClient;
  binding: NameBinding;
}

const FINISHED = new Set(['FINISHED', 'FAILED', 'KILLED']);

/**
 * A downsampled series as stored in the cache: JSON, so non-finite values are
 * kept as MLflow's strings.
 */
interface CompactSeries {
  totalPoints: number;
  sampled: boolean;
  truncated: boolean;
  points: Array<[number, number, MetricValue]>;
}

const toCompactSeries = (
  totalPoints: number,
  points: SeriesPoint[],
  sampled: boolean,
  truncated: boolean,
): CompactSeries => ({
  totalPoints,
  sampled,
  truncated,
  points: points.map(p => [p.step, p.timestamp, numberToMetric(p.value)]),
});

const fromCompactSeries = (
  runId: string,
  key: string,
  { totalPoints, sampled, truncated, points }: CompactSeries,
): MetricSeries => ({
  runId,
  key,
  totalPoints,
  ...(sampled ? { sampled } : {}),
  ...(truncated ? { truncated } : {}),
  points: points.map(([step, timestamp, value]) => ({
    step,
    timestamp,
    value,
  })),
});

/**
 * Everything the MLOps API serves, on behalf of a caller: catalog entities are
 * loaded with the caller's credentials and `mlops.read` is checked on each.
 */
export class MlopsService {
  private readonly experimentTtlMs: number;
  private readonly finishedHistoryTtlMs: number;

  constructor(private readonly options: MlopsServiceOptions) {
    this.experimentTtlMs = options.experimentTtlMs ?? 300_000;
    this.finishedHistoryTtlMs = options.finishedHistoryTtlMs ?? 86_400_000;
  }

  // ---- entities and permissions ------------------------------------------

  private async context(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityContext> {
    let ref: string;
    try {
      ref = stringifyEntityRef(parseEntityRef(entityRef));
    } catch (e) {
      throw new InputError(`Invalid entity reference '${entityRef}'`);
    }
    const [decision] = await this.options.permissions.authorize(
      [{ permission: mlopsReadPermission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed to read MLOps data of ${ref}`);
    }
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`Entity ${ref} not found in the catalog`);
    }
    return this.contextOf(entity);
  }

  private contextOf(entity: Entity): EntityContext {
    const annotations = readMlflowAnnotations(entity);
    const client = this.options.servers.get(annotations.server);
    return {
      entity,
      entityRef: stringifyEntityRef(entity),
      annotations,
      client,
      binding: this.options.servers.bindingOf(client),
    };
  }

  // ---- experiments -------------------------------------------------------

  private async cached<T>(
    key: string,
    ttl: number,
    load: () => Promise<T>,
  ): Promise<T> {
    const hit = await this.options.cache.get(key);
    if (hit !== undefined) {
      return hit as T;
    }
    const value = await load();
    await this.options.cache.set(key, value as any, { ttl });
    return value;
  }

  /**
   * The annotated experiments: those bound to the entity's owner, those
   * MLflow does not know, and those refused (not bound to the owner).
   */
  private async resolveExperiments(ctx: EntityContext): Promise<{
    experiments: MlflowExperiment[];
    missing: MissingReference[];
    refused: RefusedReference[];
  }> {
    const { client, annotations } = ctx;
    const lookups = [
      ...annotations.experimentNames.map(value => ({
        kind: 'experiment-name' as const,
        value,
        load: () => client.getExperimentByName(value),
      })),
      ...annotations.experimentIds.map(value => ({
        kind: 'experiment-id' as const,
        value,
        load: () => client.getExperiment(value),
      })),
    ];
    const results = await Promise.all(
      lookups.map(async lookup => {
        try {
          return await this.cached(
            `experiment:${client.name}:${lookup.kind}:${lookup.value}`,
            this.experimentTtlMs,
            lookup.load,
          );
        } catch (e) {
          if ((e as Error).name === 'NotFoundError') {
            return { kind: lookup.kind, value: lookup.value };
          }
          throw e;
        }
      }),
    );
    const experiments = new Map<string, MlflowExperiment>();
    const missing: MissingReference[] = [];
    const refused: RefusedReference[] = [];
    results.forEach((r, i) => {
      if (!('experiment_id' in r)) {
        missing.push(r);
        return;
      }
      const refusal = ctx.binding.refusal(
        ctx.entity,
        client.name,
        'experiment',
        r.name,
        r.tags,
      );
      if (refusal) {
        const { kind, value } = lookups[i];
        refused.push({ kind, value, message: refusal });
      } else {
        experiments.set(r.experiment_id, r);
      }
    });
    return { experiments: [...experiments.values()], missing, refused };
  }

  async getExperiments(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityExperimentsResponse> {
    const ctx = await this.context(entityRef, credentials);
    const { experiments, missing, refused } = await this.resolveExperiments(
      ctx,
    );
    return {
      server: ctx.client.name,
      experiments: experiments.map(toExperimentSummary),
      missing,
      refused,
    };
  }

  private async experimentIds(ctx: EntityContext, requested?: string[]) {
    const { experiments } = await this.resolveExperiments(ctx);
    const allowed = experiments.map(e => e.experiment_id);
    if (!requested?.length) return allowed;
    const foreign = requested.filter(id => !allowed.includes(id));
    if (foreign.length) {
      throw new InputError(
        `Experiment(s) ${foreign.join(', ')} do not belong to ${ctx.entityRef}`,
      );
    }
    return requested;
  }

  // ---- runs --------------------------------------------------------------

  /** One page of runs: exactly one upstream search (experiment ids are cached). */
  async getRunsPage(
    entityRef: string,
    query: RunsQuery,
    credentials: BackstageCredentials,
  ): Promise<RunsPage> {
    const ctx = await this.context(entityRef, credentials);
    const experimentIds = await this.experimentIds(ctx, query.experimentIds);
    if (experimentIds.length === 0) {
      return {
        runs: [],
        availableParams: [],
        availableMetrics: [],
        columns: { params: [], metrics: [] },
      };
    }
    const page = await ctx.client.searchRuns({
      experimentIds,
      filter: query.filter,
      orderBy: query.orderBy,
      maxResults: query.pageSize,
      pageToken: query.pageToken,
    });
    const params = new Set<string>();
    const metrics = new Set<string>();
    for (const run of page.items) {
      run.data.params.forEach(p => params.add(p.key));
      run.data.metrics.forEach(m => metrics.add(m.key));
    }
    const availableParams = [...params].sort();
    const availableMetrics = [...metrics].sort();
    const chosen = (requested: string[] | undefined, available: string[]) =>
      requested ?? available.slice(0, query.defaultColumns);
    const columns = {
      params: chosen(query.params, availableParams),
      metrics: chosen(query.metrics, availableMetrics),
    };
    return {
      runs: page.items.map(run => toRunSummary(run, columns)),
      nextPageToken: page.nextPageToken,
      availableParams,
      availableMetrics,
      columns,
    };
  }

  private async entityRun(
    ctx: EntityContext,
    runId: string,
  ): Promise<MlflowRun> {
    const [run, allowed] = await Promise.all([
      ctx.client.getRun(runId),
      this.experimentIds(ctx),
    ]);
    if (!allowed.includes(run.info.experiment_id)) {
      throw new NotFoundError(
        `Run ${runId} is not part of ${ctx.entityRef}'s experiments`,
      );
    }
    return run;
  }

  async getRun(
    entityRef: string,
    runId: string,
    credentials: BackstageCredentials,
  ): Promise<RunDetail> {
    const ctx = await this.context(entityRef, credentials);
    const run = await this.entityRun(ctx, runId);
    const tags = toRecord(run.data.tags);
    const parentId = tags[PARENT_RUN_TAG];
    // The run itself is the view; these parts only add to it.
    const { optional, degraded } = degradable();
    const [children, parent, artifacts] = await Promise.all([
      optional('children', [], () =>
        collectAll(pageToken =>
          ctx.client.searchRuns({
            experimentIds: [run.info.experiment_id],
            filter: `tags.\`${PARENT_RUN_TAG}\` = ${quote(runId)}`,
            maxResults: 1000,
            pageToken,
          }),
        ),
      ),
      parentId
        ? optional('parent', undefined, () =>
            ctx.client.getRun(parentId).catch(e => {
              if (e.name === 'NotFoundError') return undefined;
              throw e;
            }),
          )
        : undefined,
      optional('artifacts', [], () =>
        collectAll(pageToken => ctx.client.listArtifacts({ runId, pageToken })),
      ),
    ]);
    return {
      run: {
        ...toRunSummary(run),
        artifactUri: run.info.artifact_uri,
        lifecycleStage: run.info.lifecycle_stage,
      },
      params: toRecord(run.data.params),
      metrics: Object.fromEntries(
        run.data.metrics.map(m => [
          m.key,
          {
            value: numberToMetric(m.value),
            step: m.step,
            timestamp: m.timestamp,
          },
        ]),
      ),
      tags,
      git: gitSource(run),
      source: {
        name: tags['mlflow.source.name'],
        type: tags['mlflow.source.type'],
      },
      datasets: datasets(run),
      parent: parent && toRunReference(parent),
      children: children.map(toRunReference),
      artifacts: artifacts.map(a => ({
        path: a.path,
        isDir: a.is_dir,
        fileSize: a.file_size,
      })),
      ...(degraded.length ? { degraded } : {}),
    };
  }

  // ---- metric histories --------------------------------------------------

  /**
   * Whole histories of several runs' metrics, downsampled to `maxPoints` each
   * (first, last, and each bucket's minimum and maximum kept). One search
   * checks the runs belong to the entity; a finished run's history never
   * changes, so its downsampled form is cached and later reads of it skip
   * MLflow. Running runs' histories are always read afresh.
   */
  async getMetricHistories(
    entityRef: string,
    request: { runIds: string[]; keys: string[]; maxPoints: number },
    credentials: BackstageCredentials,
  ): Promise<MetricHistoriesResponse> {
    const ctx = await this.context(entityRef, credentials);
    const experimentIds = await this.experimentIds(ctx);
    const runs = experimentIds.length
      ? (
          await ctx.client.searchRuns({
            experimentIds,
            filter: `attributes.run_id IN (${request.runIds
              .map(quote)
              .join(', ')})`,
            maxResults: request.runIds.length,
          })
        ).items
      : [];
    const found = new Map(runs.map(r => [r.info.run_id, r]));
    const unknown = request.runIds.filter(id => !found.has(id));
    if (unknown.length) {
      throw new NotFoundError(
        `Run(s) ${unknown.join(', ')} are not part of ${
          ctx.entityRef
        }'s experiments`,
      );
    }
    const series = await Promise.all(
      request.runIds.flatMap(runId =>
        request.keys.map(async (key): Promise<MetricSeries> => {
          const load = async () => {
            const history = new MetricHistory();
            const { truncated } = await ctx.client.readMetricHistory(
              runId,
              key,
              page => history.append(page),
            );
            history.sortByStep(); // charts go by step
            const kept = downsample(history, request.maxPoints);
            return toCompactSeries(
              history.length,
              kept,
              kept.length < history.length,
              truncated,
            );
          };
          // The downsampled series (at most maxPoints points) is cached, not
          // the raw history, which can be 100,000s of points. It is in step
          // order whatever the chart's x axis, so the axis is no part of the
          // key.
          const compact = FINISHED.has(found.get(runId)!.info.status)
            ? await this.cached(
                `history:v3:${ctx.client.name}:${runId}:${key}:${request.maxPoints}:${ctx.client.maxPointsPerSeries}`,
                this.finishedHistoryTtlMs,
                load,
              )
            : await load();
          return fromCompactSeries(runId, key, compact);
        }),
      ),
    );
    return { series };
  }

  // ---- model registry ----------------------------------------------------

  async getModels(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityModelsResponse> {
    const ctx = await this.context(entityRef, credentials);
    const missing: MissingReference[] = [];
    const refused: RefusedReference[] = [];
    const models = await Promise.all(
      ctx.annotations.registeredModels.map(async name => {
        try {
          const model = await ctx.client.getRegisteredModel(name);
          const refusal = this.modelRefusal(ctx, model);
          if (refusal) {
            refused.push({
              kind: 'registered-model',
              value: name,
              message: refusal,
            });
            return undefined;
          }
          const versions = await collectAll(pageToken =>
            ctx.client.searchModelVersions({
              filter: `name = ${quote(name)}`,
              maxResults: 1000,
              pageToken,
            }),
          );
          const summary: RegisteredModelSummary = {
            name: model.name,
            description: model.description,
            creationTimestamp: model.creation_timestamp,
            lastUpdatedTimestamp: model.last_updated_timestamp,
            aliases: Object.fromEntries(
              model.aliases.map(a => [a.alias, a.version]),
            ),
            tags: toRecord(model.tags),
            versions: versions
              .map(toModelVersionSummary)
              .sort((a, b) => Number(b.version) - Number(a.version)),
          };
          return summary;
        } catch (e) {
          if ((e as Error).name === 'NotFoundError') {
            missing.push({ kind: 'registered-model', value: name });
            return undefined;
          }
          throw e;
        }
      }),
    );
    return {
      server: ctx.client.name,
      models: models.filter((m): m is RegisteredModelSummary => Boolean(m)),
      missing,
      refused,
    };
  }

  private modelRefusal(ctx: EntityContext, model: MlflowRegisteredModel) {
    return ctx.binding.refusal(
      ctx.entity,
      ctx.client.name,
      'model',
      model.name,
      model.tags,
    );
  }

  /**
   * The annotated models bound to the entity's owner, and those refused
   * (unknown ones are left out). Models are cached like experiments: only
   * their name and tags are used.
   */
  private async boundModels(
    ctx: EntityContext,
  ): Promise<{ models: string[]; refused: RefusedReference[] }> {
    const models: string[] = [];
    const refused: RefusedReference[] = [];
    for (const name of ctx.annotations.registeredModels) {
      let model: MlflowRegisteredModel;
      try {
        model = await this.cached(
          `model:${ctx.client.name}:${name}`,
          this.experimentTtlMs,
          () => ctx.client.getRegisteredModel(name),
        );
      } catch (e) {
        if ((e as Error).name === 'NotFoundError') continue;
        throw e;
      }
      const message = this.modelRefusal(ctx, model);
      if (message) {
        refused.push({ kind: 'registered-model', value: name, message });
      } else {
        models.push(name);
      }
    }
    return { models, refused };
  }

  async getLineage(
    entityRef: string,
    model: string,
    version: string,
    credentials: BackstageCredentials,
  ): Promise<ModelLineage> {
    const ctx = await this.context(entityRef, credentials);
    if (!ctx.annotations.registeredModels.includes(model)) {
      throw new NotFoundError(
        `Model '${model}' is not registered to ${ctx.entityRef}`,
      );
    }
    const { refused } = await this.boundModels(ctx);
    const refusal = refused.find(r => r.value === model);
    if (refusal) {
      throw new NotAllowedError(refusal.message);
    }
    return this.lineage(ctx, model, version, credentials);
  }

  /** A bound model's lineage. */
  private async lineage(
    ctx: EntityContext,
    model: string,
    version: string,
    credentials: BackstageCredentials,
  ): Promise<ModelLineage> {
    const modelVersion = await ctx.client.getModelVersion(model, version);
    const gaps: string[] = [];
    if (!modelVersion.run_id) {
      return {
        modelVersion: toModelVersionSummary(modelVersion),
        datasets: [],
        traceability: 'untraceable',
        gaps: [
          `Version ${version} was not registered from an MLflow run (source ${
            modelVersion.source ?? 'unknown'
          })`,
        ],
      };
    }
    let run: MlflowRun;
    try {
      run = await ctx.client.getRun(modelVersion.run_id);
    } catch (e) {
      if ((e as Error).name !== 'NotFoundError') throw e;
      return {
        modelVersion: toModelVersionSummary(modelVersion),
        datasets: [],
        traceability: 'untraceable',
        gaps: [
          `Source run ${modelVersion.run_id} no longer exists on the tracking server`,
        ],
      };
    }
    const git = gitSource(run);
    const inputs = datasets(run);
    if (inputs.length === 0)
      gaps.push('The source run logged no input datasets');
    if (!git.commit)
      gaps.push('The source run has no git commit (mlflow.source.git.commit)');
    let codeOwner: ModelLineage['codeOwner'];
    if (!git.repoUrl) {
      gaps.push('The source run has no repository (mlflow.source.git.repoURL)');
    } else {
      codeOwner = await this.findCodeOwner(git.repoUrl, credentials);
      if (!codeOwner)
        gaps.push(`No catalog entity has ${git.repoUrl} as its source`);
    }
    return {
      modelVersion: toModelVersionSummary(modelVersion),
      run: {
        ...toRunReference(run),
        experimentId: run.info.experiment_id,
        startTime: run.info.start_time,
        endTime: run.info.end_time,
      },
      datasets: inputs,
      git,
      codeOwner,
      traceability: gaps.length ? 'partial' : 'traceable',
      gaps,
    };
  }

  /** The catalog entity whose source location or GitHub slug is this repository. */
  private async findCodeOwner(
    repoUrl: string,
    credentials: BackstageCredentials,
  ) {
    const base = repoUrl
      .trim()
      .replace(/\/+$/, '')
      .replace(/\.git$/, '');
    const filter: Record<string, string | string[]>[] = [
      {
        'metadata.annotations.backstage.io/source-location': [
          `url:${base}`,
          `url:${base}/`,
          `url:${base}.git`,
        ],
      },
    ];
    const github = /^(?:https?:\/\/|git@)github\.com[/:]([^/]+\/[^/]+)$/.exec(
      base,
    );
    if (github) {
      filter.push({
        'metadata.annotations.github.com/project-slug': github[1],
      });
    }
    const { items } = await this.options.catalog.getEntities(
      {
        filter,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
        ],
      },
      { credentials },
    );
    const owner = items.find(e => e.kind === 'Component') ?? items[0];
    return (
      owner && {
        entityRef: stringifyEntityRef(owner),
        title: owner.metadata.title,
      }
    );
  }

  // ---- overview ----------------------------------------------------------

  /** Every ML project the caller may see, each with its latest state. */
  async getOverview(
    credentials: BackstageCredentials,
  ): Promise<OverviewResponse> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: [
          { kind: 'component', 'spec.type': ML_PROJECT_TYPE },
          {
            'metadata.annotations.mlflow.org/experiment-name':
              CATALOG_FILTER_EXISTS,
          },
          {
            'metadata.annotations.mlflow.org/experiment-id':
              CATALOG_FILTER_EXISTS,
          },
          {
            'metadata.annotations.mlflow.org/registered-model':
              CATALOG_FILTER_EXISTS,
          },
        ],
      },
      { credentials },
    );
    const decisions = items.length
      ? await this.options.permissions.authorize(
          items.map(e => ({
            permission: mlopsReadPermission,
            resourceRef: stringifyEntityRef(e),
          })),
          { credentials },
        )
      : [];
    const visible = items.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
    const projects = await Promise.all(
      visible.map(entity => this.projectOverview(entity, credentials)),
    );
    return {
      projects: projects.sort((a, b) => a.entityRef.localeCompare(b.entityRef)),
    };
  }

  private async projectOverview(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<ProjectOverview> {
    const row: ProjectOverview = {
      entityRef: stringifyEntityRef(entity),
      title: entity.metadata.title,
      owner:
        typeof entity.spec?.owner === 'string'
          ? stringifyEntityRef(
              parseEntityRef(entity.spec.owner, {
                defaultKind: 'group',
                defaultNamespace: entity.metadata.namespace ?? 'default',
              }),
            )
          : undefined,
      experiments: [],
    };
    try {
      const ctx = this.contextOf(entity);
      row.server = ctx.client.name;
      const [{ experiments, refused }, bound] = await Promise.all([
        this.resolveExperiments(ctx),
        this.boundModels(ctx),
      ]);
      row.experiments = experiments.map(e => e.name);
      if (refused.length || bound.refused.length) {
        row.refused = [...refused, ...bound.refused];
      }
      const ids = experiments.map(e => e.experiment_id);
      const metric = ctx.annotations.primaryMetric;
      // Each part of the row stands alone: one failing leaves the others.
      const { optional, degraded } = degradable();
      const [last, best, champion] = await Promise.all([
        ids.length
          ? optional('lastRun', undefined, () =>
              ctx.client.searchRuns({
                experimentIds: ids,
                maxResults: 1,
                orderBy: ['attributes.start_time DESC'],
              }),
            )
          : undefined,
        ids.length && metric
          ? optional('bestMetric', undefined, () =>
              ctx.client.searchRuns({
                experimentIds: ids,
                filter: "attributes.status = 'FINISHED'",
                maxResults: 1,
                orderBy: [`metrics.\`${metric.key}\` ${metric.direction}`],
              }),
            )
          : undefined,
        optional('champion', undefined, () =>
          this.champion(ctx, bound.models, credentials),
        ),
      ]);
      if (degraded.length) row.degraded = degraded;
      const lastRun = last?.items[0];
      if (lastRun) {
        row.lastRun = {
          ...toRunReference(lastRun),
          startTime: lastRun.info.start_time,
          experimentId: lastRun.info.experiment_id,
        };
      }
      const bestRun = best?.items[0];
      const bestValue = bestRun?.data.metrics.find(m => m.key === metric?.key);
      if (bestRun && bestValue && metric) {
        row.bestMetric = {
          key: metric.key,
          direction: metric.direction,
          value: numberToMetric(bestValue.value),
          runId: bestRun.info.run_id,
          runName: bestRun.info.run_name ?? bestRun.info.run_id,
        };
      }
      row.champion = champion;
    } catch (e) {
      const error = e as Error;
      this.options.logger.warn(
        `MLOps overview of ${row.entityRef} failed: ${error.message}`,
      );
      row.error = { name: error.name, message: error.message };
    }
    return row;
  }

  /** The first of the bound `models` with a `@champion`, and its lineage. */
  private async champion(
    ctx: EntityContext,
    models: string[],
    credentials: BackstageCredentials,
  ) {
    for (const model of models) {
      let version: string;
      try {
        version = (await ctx.client.getModelVersionByAlias(model, 'champion'))
          .version;
      } catch (e) {
        // MLflow answers an unknown alias with INVALID_PARAMETER_VALUE
        if (['NotFoundError', 'InputError'].includes((e as Error).name))
          continue;
        throw e;
      }
      const lineage = await this.lineage(ctx, model, version, credentials);
      return {
        model,
        version,
        traceability: lineage.traceability,
        gaps: lineage.gaps,
      };
    }
    return undefined;
  }
}

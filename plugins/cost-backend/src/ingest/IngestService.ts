import {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IngestStatus } from '@groundwork/plugin-cost-common';
import { createWriteStream, promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { pipeline } from 'stream/promises';
import { attribute } from '../attribution/attribute';
import { CatalogModel } from '../attribution/CatalogModel';
import { attributeCommitments } from '../commitments/attributeCommitments';
import { CostConfig, CostSourceConfig } from '../config';
import { CostStore } from '../database/CostStore';
import { FocusFileError, readFocusFile } from './focusReader';

type HierarchyPairs = ReturnType<CatalogModel['closure']>;

/** A database restarting or a connection cut: PostgreSQL's admin shutdown codes or the driver's own message. */
function isConnectionLoss(error: unknown) {
  const { code, message } = error as { code?: string; message?: string };
  return (
    /^57P0[123]$/.test(code ?? '') ||
    /Connection terminated|terminating connection/.test(message ?? '')
  );
}

/**
 * Ingests every configured source: reads the catalog, reads each file with
 * DuckDB, attributes the daily groups and replaces the source's billing
 * periods. One bad source does not stop the others.
 */
export class IngestService {
  constructor(
    private readonly options: {
      config: CostConfig;
      store: CostStore;
      catalog: CatalogService;
      auth: AuthService;
      urlReader: UrlReaderService;
      logger: LoggerService;
      /** Runs after each ingest, e.g. alerts. */
      afterIngest?: (model: CatalogModel) => Promise<void>;
    },
  ) {}

  /**
   * Ingests every source. Runs as the scheduler's global task only, so once
   * across replicas. When `signal` aborts (shutdown, timeout) the ingest stops
   * before its next write and throws; data already replaced stays consistent,
   * the rest keeps its earlier data.
   */
  async ingestAll(signal?: AbortSignal): Promise<IngestStatus[]> {
    const { config, store, logger, afterIngest } = this.options;
    const { model, closure } = await this.readCatalog();
    signal?.throwIfAborted();
    await store.replaceEntityClosure(closure);
    await store.replaceAnnotationBudgets(model.annotationBudgets);
    await store.replaceAnnotationBudgets(model.annualAnnotationBudgets, 'year');
    const statuses: IngestStatus[] = [];
    for (const source of config.sources) {
      signal?.throwIfAborted();
      statuses.push(await this.ingestSource(source, model, signal));
    }
    signal?.throwIfAborted();
    try {
      await afterIngest?.(model);
    } catch (error) {
      logger.error(`Cost alerts failed: ${error}`);
    }
    return statuses;
  }

  /**
   * The catalog as attribution needs it. A failed read, or one with far
   * fewer entities in the cost hierarchy than the last ingest's (a catalog
   * restarting, a location that failed to read), ends the ingest before any
   * write, so no cost is re-attributed as unattributed: every source keeps
   * its data and its status says why.
   */
  private async readCatalog() {
    const { config, store, catalog, auth, logger } = this.options;
    let read: { model: CatalogModel; closure: HierarchyPairs } | undefined;
    let problem: string;
    try {
      const model = await CatalogModel.load({ catalog, auth, config, logger });
      read = { model, closure: model.closure() };
    } catch (error) {
      problem = `the catalog could not be read (${(error as Error).message})`;
    }
    if (read) {
      const entities = new Set(read.closure.map(p => p.entityRef)).size;
      const stored = await store.countHierarchyEntities();
      if (entities >= stored * (1 - config.maxCatalogShrink)) return read;
      problem = `the catalog returned ${entities} entities in the cost hierarchy where the last ingest read ${stored}, more than ${
        config.maxCatalogShrink * 100
      }% fewer (cost.attribution.maxCatalogShrink); if the catalog really shrank, raise that share for one ingest`;
    }
    const message = `Cost ingest refused, every source keeps its earlier data: ${problem!}`;
    logger.error(message);
    const now = new Date().toISOString();
    for (const source of config.sources) {
      await store.setIngestStatus({
        source: source.name,
        status: 'failed',
        startedAt: now,
        finishedAt: now,
        errors: [message],
      });
    }
    throw new Error(message);
  }

  private async ingestSource(
    source: CostSourceConfig,
    model: CatalogModel,
    signal: AbortSignal | undefined,
  ): Promise<IngestStatus> {
    const { store, logger } = this.options;
    const startedAt = new Date().toISOString();
    await store.setIngestStatus({
      source: source.name,
      status: 'running',
      startedAt,
    });
    const displayName = `${source.name} (${source.path ?? source.url})`;
    let status: IngestStatus;
    try {
      const { rowsRead, groups, resources, commitments } =
        await this.withLocalFile(source, signal, file =>
          readFocusFile({
            file,
            displayName,
            format: source.format,
            tagKeys: model.tagKeys,
            signal,
          }),
        );
      const attributed = {
        ...attribute(groups, resources, model),
        commitments: attributeCommitments(commitments, model),
      };
      const { rollups } = attributed;
      const billingPeriods = [
        ...new Set(rollups.map(r => r.billingPeriod)),
      ].sort();
      signal?.throwIfAborted();
      await store.replaceBillingPeriods({
        source: source.name,
        billingPeriods,
        ...attributed,
      });
      status = {
        source: source.name,
        status: 'succeeded',
        startedAt,
        finishedAt: new Date().toISOString(),
        rowsRead,
        rollupRows: rollups.length,
        billingPeriods,
      };
      logger.info(
        `Ingested ${rowsRead} billing rows from ${displayName} into ${rollups.length} daily roll-ups`,
      );
    } catch (error) {
      let errors: string[];
      if (signal?.aborted) {
        errors = [
          `${displayName}: stopped (backend shutting down or ingest timed out); earlier data kept`,
        ];
      } else if (error instanceof FocusFileError) {
        errors = error.errors;
      } else if (isConnectionLoss(error)) {
        errors = [
          `${displayName}: the database connection was lost mid-ingest (${
            (error as Error).message
          }); earlier data kept, the next ingest retries`,
        ];
      } else {
        errors = [`${displayName}: ${(error as Error).message}`];
      }
      status = {
        source: source.name,
        status: 'failed',
        startedAt,
        finishedAt: new Date().toISOString(),
        errors,
      };
      logger.warn(`Cost ingest of ${displayName} failed: ${errors.join('; ')}`);
    }
    await store.setIngestStatus(status);
    return status;
  }

  /** DuckDB reads local files; URLs are streamed to a temporary file first. */
  private async withLocalFile<T>(
    source: CostSourceConfig,
    signal: AbortSignal | undefined,
    fn: (file: string) => Promise<T>,
  ): Promise<T> {
    if (source.path) {
      await fs.access(source.path).catch(() => {
        throw new Error(`file not found at ${path.resolve(source.path!)}`);
      });
      return fn(source.path);
    }
    const response = await this.options.urlReader.readUrl(source.url!, {
      signal,
    });
    if (!response.stream) {
      // Exports run to gigabytes: never held in memory.
      throw new Error('the URL reader for this URL cannot stream');
    }
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cost-ingest-'));
    try {
      const name = path.basename(new URL(source.url!).pathname) || 'export';
      const file = path.join(dir, name);
      await pipeline(response.stream(), createWriteStream(file), { signal });
      return await fn(file);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}

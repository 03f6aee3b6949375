import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { hideInternalErrors, jsonBodyParser } from '@groundwork/backend-http';
import {
  campaignDetailsQuerySchema,
  checkEntityRequestSchema,
  CheckEntityResponse,
  CategoryHeatmapResponse,
  ContractDetailsResponse,
  ContractListResponse,
  createCampaignRequestSchema,
  createWaiverRequestSchema,
  decideWaiverRequestSchema,
  EntityHistoryResponse,
  listWaiversQuerySchema,
  platformContractAdminPermission,
  platformContractEntityEvaluatePermission,
  pushFactsRequestSchema,
  PushFactsResponse,
  RollupHistoryResponse,
  RollupListResponse,
  rollupTypes,
  ruleCategories,
  RuleFailureListResponse,
} from '@groundwork/plugin-platform-contract-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v4';
import { ContractEntry, ContractRegistry } from '../contracts/ContractRegistry';
import { PlatformContractStore } from '../database/PlatformContractStore';
import { CampaignService } from './CampaignService';
import { CheckService } from './CheckService';
import { EvaluationService } from './EvaluationService';
import { normalizeEntityRef, parseInput, requirePermission } from './helpers';
import { WaiverService } from './WaiverService';
import { CallerAccess } from './callerAccess';
import { FactPushPolicy } from './factPushPolicy';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  access: CallerAccess;
  factPushPolicy: FactPushPolicy;
  permissions: PermissionsService;
  store: PlatformContractStore;
  registry: ContractRegistry;
  evaluation: EvaluationService;
  waivers: WaiverService;
  campaigns: CampaignService;
  check: CheckService;
  /**
   * Triggers the scheduled full evaluation, which runs on one replica at a
   * time; a ConflictError while it is running.
   */
  triggerEvaluation(): Promise<void>;
  /** Re-evaluates one entity with the next batch of changes; resolves when done. */
  requestEvaluation(entityRef: string): Promise<void>;
  /** Asks for the entity to be re-evaluated soon, e.g. after facts were pushed for it. */
  entityChanged(entityRef: string): void;
}

const rollupTypeSchema = z.enum(rollupTypes);

/**
 * Largest `POST /check` body: a repository's text files, far below what
 * `CHECK_MAX_FILES` × `CHECK_MAX_FILE_CHARS` would allow in theory.
 */
const CHECK_MAX_BODY_BYTES = 32 * 1024 * 1024;

function summary(entry: ContractEntry) {
  const doc = entry.contract?.document;
  return {
    name: entry.name ?? entry.file,
    file: entry.file,
    valid: Boolean(entry.contract),
    ...(doc?.metadata.title ? { title: doc.metadata.title } : {}),
    ...(doc?.metadata.description
      ? { description: doc.metadata.description }
      : {}),
    ...(doc ? { owner: doc.spec.owner, version: doc.spec.version } : {}),
    levels: doc?.spec.levels.map(l => l.name) ?? [],
    ruleCount: doc?.spec.rules.length ?? 0,
    errors: entry.errors,
  };
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    store,
    registry,
    evaluation,
    waivers,
    campaigns,
    access,
  } = options;
  const router = Router();
  // Before the general parser, which skips a body already parsed.
  router.use(
    '/check',
    jsonBodyParser(
      "send the repository's text files only (no build output, dependencies or binaries)",
      CHECK_MAX_BODY_BYTES,
    ),
  );
  router.use(
    jsonBodyParser(
      'send fewer items at once, e.g. push facts in several requests',
    ),
  );

  const readCredentials = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const userCredentials = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });
  const entityRefOf = (req: express.Request) =>
    stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    }).toLocaleLowerCase('en-US');

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/contracts', async (req, res) => {
    await readCredentials(req);
    const body: ContractListResponse = { items: registry.entries.map(summary) };
    res.json(body);
  });

  router.get('/contracts/:name', async (req, res) => {
    await readCredentials(req);
    const entry = registry.get(req.params.name);
    if (!entry) throw new NotFoundError(`No contract '${req.params.name}'`);
    const body: ContractDetailsResponse = {
      ...summary(entry),
      ...(entry.contract ? { document: entry.contract.document } : {}),
    };
    res.json(body);
  });

  /** The entity's results as the caller may see them. */
  const presentResults = async (
    entityRef: string,
    credentials: BackstageCredentials,
  ) =>
    access.hideSensitiveValues(
      await evaluation.present(
        entityRef,
        await store.readEntityResults(entityRef),
      ),
      credentials,
    );

  router.get('/entities/:kind/:namespace/:name/results', async (req, res) => {
    const credentials = await readCredentials(req);
    const entityRef = entityRefOf(req);
    await access.requireEntity(entityRef, credentials);
    res.json(await presentResults(entityRef, credentials));
  });

  router.post('/entities/:kind/:namespace/:name/evaluate', async (req, res) => {
    const credentials = await readCredentials(req);
    const entityRef = entityRefOf(req);
    const [decision] = await permissions.authorize(
      [
        {
          permission: platformContractEntityEvaluatePermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Only the owners of ${entityRef} and platform admins may re-evaluate it now; it is re-evaluated by itself when it or its facts change.`,
      );
    }
    await access.requireEntity(entityRef, credentials);
    await options.requestEvaluation(entityRef);
    res.json(await presentResults(entityRef, credentials));
  });

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const credentials = await readCredentials(req);
    const entityRef = entityRefOf(req);
    await access.requireEntity(entityRef, credentials);
    const series = new Map<string, EntityHistoryResponse['series'][number]>();
    for (const { contract, ...point } of await store.readEntityHistory(
      entityRef,
    )) {
      if (!series.has(contract)) series.set(contract, { contract, points: [] });
      series.get(contract)!.points.push(point);
    }
    const body: EntityHistoryResponse = {
      entityRef,
      series: [...series.values()],
    };
    res.json(body);
  });

  router.post('/check', async (req, res) => {
    const credentials = await readCredentials(req);
    const input = parseInput(checkEntityRequestSchema, req.body);
    const body: CheckEntityResponse = await options.check.check(
      input,
      credentials,
    );
    res.json(body);
  });

  router.post('/evaluate', async (req, res) => {
    await requirePermission(
      permissions,
      await readCredentials(req),
      platformContractAdminPermission,
    );
    await options.triggerEvaluation();
    res.status(202).end();
  });

  router.get('/rollups', async (req, res) => {
    await readCredentials(req);
    const { type } = parseInput(
      z.object({ type: rollupTypeSchema }),
      req.query,
    );
    const body: RollupListResponse = {
      items: (await store.listRollups(type)).map(r => r.rollup),
    };
    res.json(body);
  });

  router.get('/rollups/:type/:ref/rules', async (req, res) => {
    await readCredentials(req);
    const type = parseInput(rollupTypeSchema, req.params.type);
    const ref = req.params.ref;
    const body: RuleFailureListResponse = {
      type,
      ref,
      items: (await store.getRollup(type, ref))?.rules ?? [],
    };
    res.json(body);
  });

  router.get('/heatmap', async (req, res) => {
    await readCredentials(req);
    const groups = await store.listRollups('group');
    const body: CategoryHeatmapResponse = {
      categories: ruleCategories.filter(c => groups.some(g => g.categories[c])),
      rows: groups.map(g => ({ ref: g.rollup.ref, cells: g.categories })),
    };
    res.json(body);
  });

  router.get('/rollups/:type/:ref/history', async (req, res) => {
    await readCredentials(req);
    const type = parseInput(rollupTypeSchema, req.params.type);
    const ref = req.params.ref;
    const points = (await store.readRollupHistory(type, ref)).map(
      ({ day, score, entityCount, groundRulesMetCount }) => ({
        day,
        score,
        entityCount,
        groundRulesMetCount,
      }),
    );
    const body: RollupHistoryResponse = { type, ref, points };
    res.json(body);
  });

  router.get('/waivers', async (req, res) => {
    await readCredentials(req);
    res.json(await waivers.list(parseInput(listWaiversQuerySchema, req.query)));
  });

  router.post('/waivers', async (req, res) => {
    const credentials = await userCredentials(req);
    const input = parseInput(createWaiverRequestSchema, req.body);
    res.status(201).json(await waivers.request(input, credentials));
  });

  router.get('/waivers/:id', async (req, res) => {
    await readCredentials(req);
    res.json(await waivers.get(req.params.id));
  });

  router.delete('/waivers/:id', async (req, res) => {
    res.json(await waivers.withdraw(req.params.id, await userCredentials(req)));
  });

  for (const [action, decision] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    router.post(`/waivers/:id/${action}`, async (req, res) => {
      const credentials = await userCredentials(req);
      const { comment } = parseInput(decideWaiverRequestSchema, req.body ?? {});
      res.json(
        await waivers.decide(req.params.id, decision, comment, credentials),
      );
    });
  }

  router.get('/campaigns', async (req, res) => {
    await readCredentials(req);
    res.json(await campaigns.list());
  });

  router.post('/campaigns', async (req, res) => {
    const credentials = await userCredentials(req);
    const input = parseInput(createCampaignRequestSchema, req.body);
    res.status(201).json(await campaigns.create(input, credentials));
  });

  router.get('/campaigns/:id', async (req, res) => {
    await readCredentials(req);
    const page = parseInput(campaignDetailsQuerySchema, req.query);
    res.json(await campaigns.get(req.params.id, page));
  });

  router.delete('/campaigns/:id', async (req, res) => {
    await campaigns.delete(req.params.id, await userCredentials(req));
    res.status(204).end();
  });

  router.post('/facts', async (req, res) => {
    // Only CI and other backends push facts, never users.
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const { facts } = parseInput(pushFactsRequestSchema, req.body);
    const receivedAt = new Date();
    const now = receivedAt.toISOString();
    const subject = credentials.principal.subject;
    const pushed = facts.map((f, i) => ({
      entityRef: normalizeEntityRef(f.entityRef, `facts.${i}.entityRef`),
      name: f.name,
      fact: {
        value: f.value,
        observedAt: f.observedAt ? new Date(f.observedAt).toISOString() : now,
        source: `push:${subject}`,
      },
    }));
    options.factPushPolicy.check(
      subject,
      pushed.map(({ entityRef, name }, i) => ({
        entityRef,
        name,
        observedAt: facts[i].observedAt,
      })),
      receivedAt,
    );
    await store.pushFacts(pushed, now);
    for (const entityRef of new Set(pushed.map(f => f.entityRef))) {
      options.entityChanged(entityRef);
    }
    const body: PushFactsResponse = { accepted: facts.length };
    res.json(body);
  });

  router.use(
    hideInternalErrors(options.logger, 'The platform contract backend'),
  );
  return router;
}

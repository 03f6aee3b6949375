import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createPermissionIntegrationRouter } from '@backstage/plugin-permission-node';
import { hideInternalErrors, jsonBodyParser } from '@groundwork/backend-http';
import {
  AttributionAuditResponse,
  AttributionRulesResponse,
  costBudgetWritePermission,
  costIngestAdminPermission,
  costPermissions,
  costReadPermission,
} from '@groundwork/plugin-cost-common';
import express from 'express';
import Router from 'express-promise-router';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { AttributionAudit } from '../attribution/AttributionAudit';
import { normalizeRef } from '../config';
import { addCommitmentRoutes } from '../commitments/router';
import { CommitmentService } from '../commitments/CommitmentService';
import { CostStore } from '../database/CostStore';
import { OPENCOST_NOT_CONFIGURED } from '../opencost/config';
import { OpenCostEfficiencyService } from '../opencost/EfficiencyService';
import { CostService } from './CostService';
import { TagClaimsService } from './TagClaimsService';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: CostStore;
  costs: CostService;
  /** Commitment reports, opex projections and annual budgets. */
  commitments: CommitmentService;
  /**
   * Starts an ingest now (the scheduled task, on whichever replica claims
   * it); throws a ConflictError while one runs.
   */
  triggerIngest: () => Promise<void>;
  /** Absent when `cost.opencost` is not configured. */
  efficiency?: OpenCostEfficiencyService;
  tagClaims: TagClaimsService;
  /** `cost.attribution.tagRules`: not secret, pages show them as advice. */
  tagRules: AttributionRulesResponse['tagRules'];
  audit: AttributionAudit;
}

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-24')
  .refine(value => DateTime.fromISO(value).isValid, 'must be a valid date');
/** Entity names and namespaces have at most 63 characters, kinds fewer. */
const REF_MAX = 300;
const entityRef = z
  .string()
  .max(REF_MAX)
  .transform((value, ctx) => {
    try {
      return normalizeRef(value);
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must be an entity ref like component:default/name',
      });
      return z.NEVER;
    }
  });
const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'must be a three letter currency code')
  .transform(value => value.toUpperCase());
const dimension = z.enum([
  'serviceCategory',
  'serviceName',
  'provider',
  'chargeCategory',
]);
const range = z
  .object({ from: isoDay, to: isoDay, currency: currency.optional() })
  .refine(value => value.from <= value.to, 'from must not be after to')
  .refine(
    value =>
      DateTime.fromISO(value.to).diff(DateTime.fromISO(value.from), 'days')
        .days <= 800,
    'the range may span at most 800 days',
  );
const entityRange = z.intersection(range, z.object({ entityRef }));
/** OpenCost windows the efficiency endpoints pass on: a safe subset. */
const efficiencyWindow = z
  .string()
  .regex(
    /^(?:[1-9][0-9]{0,2}[dh]|today|yesterday|week|lastweek|month|lastmonth)$/,
    'must be like 30d, 24h, today, yesterday, week, lastweek, month or lastmonth',
  )
  .refine(
    value => !/^\d+d$/.test(value) || Number.parseInt(value, 10) <= 400,
    'may span at most 400 days',
  )
  .default('30d');

function parse<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(issue => `${issue.path.join('.') || 'request'}: ${issue.message}`)
        .join('; '),
    );
  }
  return result.data;
}

/** Thin HTTP layer: validation and permissions; the services do the work. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, store, costs, triggerIngest } = options;
  const router = Router();
  router.use(jsonBodyParser('cost requests are small: check what is sent'));
  router.use(
    createPermissionIntegrationRouter({ permissions: costPermissions }),
  );

  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /** The subset of entity refs the caller may read the cost of. */
  const readable =
    (credentials: BackstageCredentials) => async (refs: string[]) => {
      if (!refs.length) return new Set<string>();
      const decisions = await permissions.authorize(
        refs.map(resourceRef => ({
          permission: costReadPermission,
          resourceRef,
        })),
        { credentials },
      );
      return new Set(
        refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
      );
    };

  const requireRead = async (req: express.Request, ref: string) => {
    const credentials = await credentialsOf(req);
    if (!(await readable(credentials)([ref])).has(ref)) {
      throw new NotAllowedError(`You may not see the cost of ${ref}`);
    }
    return credentials;
  };

  /** Organisation-wide figures need cost.read without conditions. */
  const seesEverything = async (credentials: BackstageCredentials) => {
    const [decision] = await permissions.authorizeConditional(
      [{ permission: costReadPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  };

  const requireAdmin = async (req: express.Request) => {
    const credentials = await credentialsOf(req);
    const [decision] = await permissions.authorize(
      [{ permission: costIngestAdminPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Only cost administrators may do this');
    }
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/efficiency', async (req, res) => {
    const query = parse(
      z.object({ entityRef, window: efficiencyWindow }),
      req.query,
    );
    await requireRead(req, query.entityRef);
    if (!options.efficiency) {
      res.json({ configured: false, message: OPENCOST_NOT_CONFIGURED });
      return;
    }
    res.json(await options.efficiency.entity(query.entityRef, query.window));
  });

  router.get('/efficiency/organisation', async (req, res) => {
    const query = parse(z.object({ window: efficiencyWindow }), req.query);
    const credentials = await credentialsOf(req);
    if (!options.efficiency) {
      res.json({ configured: false, message: OPENCOST_NOT_CONFIGURED });
      return;
    }
    res.json(
      await options.efficiency.organisation({
        window: query.window,
        seesEverything: await seesEverything(credentials),
        visible: readable(credentials),
      }),
    );
  });

  router.get('/series', async (req, res) => {
    const query = parse(
      z.intersection(
        entityRange,
        z.object({
          granularity: z.enum(['day', 'month']).default('day'),
          groupBy: dimension.optional(),
        }),
      ),
      req.query,
    );
    await requireRead(req, query.entityRef);
    res.json(await costs.series(query));
  });

  router.get('/breakdown', async (req, res) => {
    const query = parse(
      z.intersection(
        entityRange,
        z.object({ by: dimension.default('serviceCategory') }),
      ),
      req.query,
    );
    await requireRead(req, query.entityRef);
    res.json(await costs.breakdown(query));
  });

  router.get('/resources', async (req, res) => {
    const query = parse(
      z.intersection(
        entityRange,
        z.object({
          limit: z.coerce.number().int().min(1).max(100).default(10),
        }),
      ),
      req.query,
    );
    await requireRead(req, query.entityRef);
    res.json(await costs.topResources(query));
  });

  router.get('/compare', async (req, res) => {
    const query = parse(entityRange, req.query);
    await requireRead(req, query.entityRef);
    res.json(await costs.compare(query));
  });

  router.get('/summary', async (req, res) => {
    const query = parse(
      z.object({ entityRef, currency: currency.optional() }),
      req.query,
    );
    await requireRead(req, query.entityRef);
    res.json(await costs.summary(query));
  });

  router.get('/forecast', async (req, res) => {
    const query = parse(
      z.object({ entityRef, currency: currency.optional() }),
      req.query,
    );
    await requireRead(req, query.entityRef);
    res.json(await costs.forecast(query));
  });

  router.get('/top-movers', async (req, res) => {
    const query = parse(
      z.intersection(
        range,
        z.object({
          kind: z
            .enum(['component', 'system', 'domain', 'group', 'resource'])
            .default('group'),
          limit: z.coerce.number().int().min(1).max(100).default(10),
        }),
      ),
      req.query,
    );
    const credentials = await credentialsOf(req);
    res.json(
      await costs.movers({
        ...query,
        seesEverything: await seesEverything(credentials),
        visible: readable(credentials),
      }),
    );
  });

  router.get('/overview', async (req, res) => {
    const query = parse(z.object({ currency: currency.optional() }), req.query);
    const credentials = await credentialsOf(req);
    res.json(
      await costs.overview({
        currency: query.currency,
        seesEverything: await seesEverything(credentials),
        visible: readable(credentials),
      }),
    );
  });

  /** Batch facts for the platform contract; unreadable entities are left out. */
  router.post('/facts', async (req, res) => {
    const body = parse(
      z.object({ entityRefs: z.array(entityRef).min(1).max(1000) }),
      req.body,
    );
    const credentials = await credentialsOf(req);
    const refs = [...new Set(body.entityRefs)];
    const visible = await readable(credentials)(refs);
    res.json(
      await costs.facts({
        entityRefs: refs.filter(r => visible.has(r)),
        seesEverything: await seesEverything(credentials),
      }),
    );
  });

  /**
   * Who claims tag pairs (`?tag=a&value=x&tag=b&value=y`, paired in order):
   * any caller learns whether a pair is claimed; the claimant is named only
   * when the caller may read it in the catalog.
   */
  router.get('/attribution/claims', async (req, res) => {
    const repeated = (max: number) =>
      z
        .union([z.string(), z.array(z.string())])
        .transform(v => (Array.isArray(v) ? v : [v]))
        .pipe(z.array(z.string().trim().min(1).max(max)).min(1).max(20));
    const query = parse(
      z
        .object({ tag: repeated(128), value: repeated(256) })
        .refine(
          q => q.tag.length === q.value.length,
          'give one value for each tag',
        ),
      req.query,
    );
    res.json(
      await options.tagClaims.claims(
        query.tag.map((tag, i) => ({ tag, value: query.value[i] })),
        await credentialsOf(req),
      ),
    );
  });

  router.get('/attribution/rules', async (req, res) => {
    await credentialsOf(req);
    const body: AttributionRulesResponse = { tagRules: options.tagRules };
    res.json(body);
  });

  /** Trusted locations, conflicting and ignored claims: for cost administrators. */
  router.get('/attribution/audit', async (req, res) => {
    await requireAdmin(req);
    const body: AttributionAuditResponse = await options.audit.audit();
    res.json(body);
  });

  router.get('/unattributed', async (req, res) => {
    const query = parse(
      z.intersection(
        range,
        z.object({
          limit: z.coerce.number().int().min(1).max(100).default(10),
        }),
      ),
      req.query,
    );
    if (!(await seesEverything(await credentialsOf(req)))) {
      throw new NotAllowedError(
        'Only those who may see all costs may see unattributed cost',
      );
    }
    res.json(await costs.unattributed(query));
  });

  router.get('/export.csv', async (req, res) => {
    const query = parse(entityRange, req.query);
    await requireRead(req, query.entityRef);
    res
      .type('text/csv')
      .attachment(
        `cost-${query.entityRef.replace(/[:/]/g, '_')}-${query.from}-${
          query.to
        }.csv`,
      )
      .send(await costs.exportCsv(query));
  });

  router.get('/budgets', async (req, res) => {
    const credentials = await credentialsOf(req);
    const budgets = await store.listBudgets();
    const visible = await readable(credentials)(budgets.map(b => b.entityRef));
    res.json({ items: budgets.filter(b => visible.has(b.entityRef)) });
  });

  const budgetRef = (req: express.Request) =>
    parse(
      z.object({
        kind: z.string().min(1).max(100),
        namespace: z.string().min(1).max(100),
        name: z.string().min(1).max(100),
      }),
      req.params,
    );
  const refOf = (p: { kind: string; namespace: string; name: string }) =>
    normalizeRef(`${p.kind}:${p.namespace}/${p.name}`);

  router.get('/budgets/:kind/:namespace/:name', async (req, res) => {
    const ref = refOf(budgetRef(req));
    await requireRead(req, ref);
    // No budget is an answer, not an error (the entity pages ask for every entity).
    res.json((await store.getBudget(ref)) ?? null);
  });

  const requireBudgetWrite = async (req: express.Request, ref: string) => {
    const credentials = await credentialsOf(req);
    const [decision] = await permissions.authorize(
      [{ permission: costBudgetWritePermission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You may not change the budget of ${ref}`);
    }
    return credentials;
  };

  router.put('/budgets/:kind/:namespace/:name', async (req, res) => {
    const ref = refOf(budgetRef(req));
    const body = parse(
      z.object({ amount: z.number().positive().finite(), currency }).strict(),
      req.body,
    );
    const credentials = await requireBudgetWrite(req, ref);
    const updatedBy =
      credentials.principal && 'userEntityRef' in credentials.principal
        ? (credentials.principal.userEntityRef as string)
        : undefined;
    res.json(await store.setBudget({ entityRef: ref, ...body, updatedBy }));
  });

  router.delete('/budgets/:kind/:namespace/:name', async (req, res) => {
    const ref = refOf(budgetRef(req));
    await requireBudgetWrite(req, ref);
    if (!(await store.deleteBudget(ref))) {
      throw new NotFoundError(`No budget for ${ref}`);
    }
    res.status(204).end();
  });

  addCommitmentRoutes(router, {
    commitments: options.commitments,
    store,
    credentialsOf,
    requireRead,
    seesEverything,
    readable,
    requireBudgetWrite,
    budgetRefOf: req => refOf(budgetRef(req)),
    parse,
    schemas: { entityRef, currency },
  });

  router.get('/ingest/status', async (req, res) => {
    await requireAdmin(req);
    res.json({ items: await store.listIngestStatus() });
  });

  router.post('/ingest', async (req, res) => {
    await requireAdmin(req);
    await triggerIngest();
    // Accepted: the statuses show the run once it has finished.
    res.status(202).json({ items: await store.listIngestStatus() });
  });

  // Errors the routes mean (bad input, permissions, not found, OpenCost
  // answers) keep their message; others are logged, answered without text.
  router.use(hideInternalErrors(options.logger, 'The cost backend'));

  return router;
}

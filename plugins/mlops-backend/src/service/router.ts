import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { jsonBodyParser } from '@groundwork/backend-http';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ExperimentProvisioner } from './ExperimentProvisioner';
import { MlopsService } from './MlopsService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  service: MlopsService;
  provisioner: ExperimentProvisioner;
}

/** The most points a metric series may be downsampled to. */
export const MAX_POINTS_LIMIT = 2000;

const list = (max: number, item = z.string().min(1).max(500)) =>
  z
    .string()
    .transform(s =>
      s
        .split(',')
        .map(v => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(max));

const repeated = z
  .union([z.string(), z.array(z.string())])
  .transform(v => (Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().min(1).max(500)).max(10));

const runsQuery = z.object({
  experimentIds: list(50).optional(),
  filter: z.string().max(4000).optional(),
  orderBy: repeated.optional(),
  pageSize: z.coerce.number().int().min(1).max(1000).default(25),
  pageToken: z.string().max(4000).optional(),
  params: list(200).optional(),
  metrics: list(200).optional(),
  defaultColumns: z.coerce.number().int().min(0).max(200).optional(),
});

const historiesQuery = z.object({
  runIds: list(20),
  keys: list(10),
  maxPoints: z.coerce.number().int().min(10).max(MAX_POINTS_LIMIT).default(500),
});

/** Names are checked in full by the provisioner; this only bounds the input. */
const experimentRequest = z
  .object({
    server: z.string().min(1).max(200).optional(),
    name: z.string().max(1000),
    /** The owner group of the entity the experiment is for (tagged on creation). */
    owner: z.string().min(1).max(300).optional(),
  })
  .strict();

const runIdParam = z.string().regex(/^[\w-]{1,64}$/, 'invalid run id');

function parse<T extends z.ZodTypeAny>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(i => `${i.path.join('.') || 'request'}: ${i.message}`)
        .join('; '),
    );
  }
  return result.data;
}

const entityRefOf = (req: Request) =>
  `${req.params.kind}:${req.params.namespace}/${req.params.name}`;

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, service } = options;
  const router = Router();
  router.use(jsonBodyParser('MLOps requests are small: check what is sent'));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/whoami', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json({ principal: credentials.principal });
  });

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/overview', async (req, res) => {
    res.json(await service.getOverview(await credentialsOf(req)));
  });

  router.post('/experiments', async (req, res) => {
    const body = parse(experimentRequest, req.body);
    const auditEvent = await options.auditor.createEvent({
      eventId: 'experiment-get-or-create',
      severityLevel: 'medium',
      request: req,
      meta: { server: body.server ?? null, name: body.name },
    });
    try {
      const result = await options.provisioner.getOrCreate(
        body,
        await credentialsOf(req),
      );
      await auditEvent.success({
        meta: { experimentId: result.experimentId, created: result.created },
      });
      res.status(result.created ? 201 : 200).json(result);
    } catch (error) {
      await auditEvent.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/experiments/by-name', async (req, res) => {
    const query = parse(experimentRequest, req.query);
    res.json(await options.provisioner.lookup(query, await credentialsOf(req)));
  });

  const entity = '/entities/:kind/:namespace/:name';

  router.get(`${entity}/experiments`, async (req, res) => {
    res.json(
      await service.getExperiments(entityRefOf(req), await credentialsOf(req)),
    );
  });

  router.get(`${entity}/runs`, async (req, res) => {
    const query = parse(runsQuery, req.query);
    res.json(
      await service.getRunsPage(
        entityRefOf(req),
        query,
        await credentialsOf(req),
      ),
    );
  });

  router.get(`${entity}/runs/:runId`, async (req, res) => {
    const runId = parse(runIdParam, req.params.runId);
    res.json(
      await service.getRun(entityRefOf(req), runId, await credentialsOf(req)),
    );
  });

  router.get(`${entity}/metric-histories`, async (req, res) => {
    const query = parse(historiesQuery, req.query);
    for (const id of query.runIds) parse(runIdParam, id);
    res.json(
      await service.getMetricHistories(
        entityRefOf(req),
        query,
        await credentialsOf(req),
      ),
    );
  });

  router.get(`${entity}/models`, async (req, res) => {
    res.json(
      await service.getModels(entityRefOf(req), await credentialsOf(req)),
    );
  });

  router.get(
    `${entity}/models/:model/versions/:version/lineage`,
    async (req, res) => {
      const version = parse(
        z.string().regex(/^\d+$/, 'version must be a number'),
        req.params.version,
      );
      res.json(
        await service.getLineage(
          entityRefOf(req),
          req.params.model,
          version,
          await credentialsOf(req),
        ),
      );
    },
  );

  // Tell clients when to retry an unavailable tracking server; the
  // backend's error handler renders the error itself.
  router.use(
    (error: unknown, _req: Request, res: Response, next: NextFunction) => {
      const retryAfter = (error as { retryAfterSeconds?: unknown })
        ?.retryAfterSeconds;
      if (typeof retryAfter === 'number' && !res.headersSent) {
        res.setHeader('Retry-After', String(retryAfter));
      }
      next(error);
    },
  );

  return router;
}

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import express from 'express';
import { z } from 'zod';
import { CostStore } from '../database/CostStore';
import { CommitmentService } from './CommitmentService';

/** Reports may span at most this many months (three fiscal years). */
const MAX_MONTHS = 36;

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-03');

const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
  Number(to.slice(5, 7)) -
  Number(from.slice(5, 7)) +
  1;

/** What the cost router shares with the commitment routes. */
export interface CommitmentRouteHelpers {
  commitments: CommitmentService;
  store: CostStore;
  credentialsOf: (req: express.Request) => Promise<BackstageCredentials>;
  requireRead: (
    req: express.Request,
    ref: string,
  ) => Promise<BackstageCredentials>;
  seesEverything: (credentials: BackstageCredentials) => Promise<boolean>;
  /** The subset of entity refs the caller may read the cost of. */
  readable: (
    credentials: BackstageCredentials,
  ) => (refs: string[]) => Promise<Set<string>>;
  requireBudgetWrite: (
    req: express.Request,
    ref: string,
  ) => Promise<BackstageCredentials>;
  /** The entity ref of `/budgets/:kind/:namespace/:name`. */
  budgetRefOf: (req: express.Request) => string;
  /** The cost router's validation: InputError naming each bad field. */
  parse: <T extends z.ZodTypeAny>(schema: T, input: unknown) => z.infer<T>;
  schemas: {
    /** Normalised entity ref. */
    entityRef: z.ZodType<string, z.ZodTypeDef, string>;
    /** Upper-cased three-letter code. */
    currency: z.ZodType<string, z.ZodTypeDef, string>;
  };
}

/**
 * Commitment reports, opex projections and annual budgets. The
 * organisation's report needs unconditional `cost.read`; an entity's,
 * `cost.read` on it.
 */
export function addCommitmentRoutes(
  router: express.Router,
  helpers: CommitmentRouteHelpers,
) {
  const { commitments, store, parse } = helpers;
  const { entityRef, currency } = helpers.schemas;

  router.get('/commitments', async (req, res) => {
    const query = parse(
      z
        .object({
          entityRef: entityRef.optional(),
          from: month.optional(),
          to: month.optional(),
          currency: currency.optional(),
        })
        .refine(
          q => !q.from === !q.to,
          'give both from and to, or neither (the 13 months to the latest data)',
        )
        .refine(
          q => !q.from || !q.to || q.from <= q.to,
          'from must not be after to',
        )
        .refine(
          q => !q.from || !q.to || monthsBetween(q.from, q.to) <= MAX_MONTHS,
          `the range may span at most ${MAX_MONTHS} months`,
        ),
      req.query,
    );
    if (query.entityRef) {
      await helpers.requireRead(req, query.entityRef);
    } else if (
      !(await helpers.seesEverything(await helpers.credentialsOf(req)))
    ) {
      throw new NotAllowedError(
        "Only those who may see all costs may see the organisation's commitments; give an entityRef you may read",
      );
    }
    res.json(await commitments.report(query));
  });

  /** Coverage facts for the platform contract; unreadable entities are left out. */
  router.post('/commitments/facts', async (req, res) => {
    const body = parse(
      z.object({ entityRefs: z.array(entityRef).min(1).max(1000) }),
      req.body,
    );
    const refs = [...new Set(body.entityRefs)];
    const visible = await helpers.readable(await helpers.credentialsOf(req))(
      refs,
    );
    res.json(await commitments.coverage(refs.filter(r => visible.has(r))));
  });

  router.get('/projection', async (req, res) => {
    const query = parse(
      z.object({ entityRef, currency: currency.optional() }),
      req.query,
    );
    await helpers.requireRead(req, query.entityRef);
    res.json(await commitments.projection(query));
  });

  const annual = '/budgets/:kind/:namespace/:name/annual';
  router.get(annual, async (req, res) => {
    const ref = helpers.budgetRefOf(req);
    await helpers.requireRead(req, ref);
    res.json((await store.getBudget(ref, 'year')) ?? null);
  });

  router.put(annual, async (req, res) => {
    const ref = helpers.budgetRefOf(req);
    const body = parse(
      z.object({ amount: z.number().positive().finite(), currency }).strict(),
      req.body,
    );
    const credentials = await helpers.requireBudgetWrite(req, ref);
    // Users are named; services leave it unset.
    const { userEntityRef: updatedBy } = (credentials.principal ?? {}) as {
      userEntityRef?: string;
    };
    res.json(
      await store.setBudget({ entityRef: ref, ...body, updatedBy }, 'year'),
    );
  });

  router.delete(annual, async (req, res) => {
    const ref = helpers.budgetRefOf(req);
    await helpers.requireBudgetWrite(req, ref);
    if (!(await store.deleteBudget(ref, 'year'))) {
      throw new NotFoundError(`No annual budget for ${ref}`);
    }
    res.status(204).end();
  });
}

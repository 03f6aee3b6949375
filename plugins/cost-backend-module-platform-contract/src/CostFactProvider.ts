import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  COST_BUDGET_ANNOTATION,
  CostFactsResponse,
  costReadPermission,
  parseBudgetAnnotation,
} from '@groundwork/plugin-cost-common';
import {
  CollectedFacts,
  FactProvider,
} from '@groundwork/plugin-platform-contract-node';

/** Options for {@link createCostFactProvider}. */
export interface CostFactProviderOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  fetch?: typeof fetch;
}

/** Entity refs per `POST /api/cost/facts` call (the endpoint accepts 1000). */
const CHUNK = 500;

const round = (value: number | null, digits = 4) =>
  value === null ? null : Number(value.toFixed(digits));

/**
 * Current-month cost facts (`cost.*`), read in batches from the cost backend
 * (`POST /api/cost/facts`) with the platform contract plugin's service
 * credentials. Any failing call throws, so the contract marks the batch's
 * cost facts stale instead of recording wrong values.
 */
export function createCostFactProvider(
  options: CostFactProviderOptions,
): FactProvider {
  const { discovery, auth, logger } = options;
  const fetchFn = options.fetch ?? fetch;
  return {
    id: 'cost',
    // Collected with the platform contract's own credentials: shown only to
    // callers who may read the entity's cost in the cost plugin.
    sensitive: { facts: ['cost.*'], readPermission: costReadPermission },
    facts: [
      {
        name: 'cost.monthlyBudget',
        type: 'number',
        description:
          'Monthly budget in its currency: set in the cost API, else the groundwork.dev/cost-budget annotation; null without one',
      },
      {
        name: 'cost.monthToDate',
        type: 'number',
        description:
          'Cost of the current UTC month so far, in the reporting currency (cost.currency.reporting; other currencies converted with cost.currency.rates)',
      },
      {
        name: 'cost.monthToDateVsBudget',
        type: 'number',
        description:
          'Month to date / monthly budget converted into the reporting currency (1 = budget used up); null without a budget or without a rate for its currency',
      },
      {
        name: 'cost.forecastVsBudget',
        type: 'number',
        description:
          'Month-end forecast / monthly budget converted into the reporting currency (> 1 = forecast over budget); null without a budget or without a rate for its currency',
      },
      {
        name: 'cost.untaggedShare',
        type: 'number',
        description:
          "Organisation-wide share (0..1) of this month's cost, in the reporting currency, that is not attributed to any catalog entity (the same value for every entity); null without cost this month",
      },
      {
        name: 'cost.commitmentCoverage',
        type: 'number',
        description:
          'Share (0..1) of the eligible usage of what rolls up to the entity (list cost of usage priced Standard or Committed) that commitment discounts covered, in the latest month with billing data; null without eligible usage or without commitment columns in the billing exports',
      },
    ],
    async collect(entities: Entity[]) {
      const result = new Map<string, CollectedFacts>();
      if (entities.length === 0) return result;
      const baseUrl = await discovery.getBaseUrl('cost');
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'cost',
      });
      const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
      const refs = [...byRef.keys()];
      const post = async <T>(path: string, entityRefs: string[]) => {
        const res = await fetchFn(`${baseUrl}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ entityRefs }),
        });
        if (!res.ok) {
          let message = `${res.status} ${res.statusText}`;
          try {
            const body = await res.json();
            message = body?.error?.message ?? message;
          } catch {
            // not JSON
          }
          throw new Error(`POST ${baseUrl}${path}: ${message}`);
        }
        return (await res.json()) as T;
      };
      for (let i = 0; i < refs.length; i += CHUNK) {
        const chunk = refs.slice(i, i + CHUNK);
        const body = await post<CostFactsResponse>('/facts', chunk);
        const coverage = new Map(
          (
            await post<{
              items: { entityRef: string; commitmentCoverage: number | null }[];
            }>('/commitments/facts', chunk)
          ).items.map(item => [item.entityRef, item.commitmentCoverage]),
        );
        for (const item of body.items) {
          const entity = byRef.get(item.entityRef);
          if (!entity) continue;
          let budget = item.monthlyBudget;
          let mtdVs = item.monthToDateVsBudget;
          let forecastVs = item.forecastVsBudget;
          if (budget === null) {
            // Not yet synced by an ingest: fall back to the annotation.
            const annotated = parseBudgetAnnotation(
              entity.metadata.annotations?.[COST_BUDGET_ANNOTATION],
            );
            if (annotated) {
              budget = annotated.amount;
              if (annotated.currency === item.currency) {
                mtdVs = item.monthToDate / budget;
                forecastVs = item.forecast / budget;
              }
            }
          }
          result.set(item.entityRef, {
            'cost.monthlyBudget': budget,
            'cost.monthToDate': round(item.monthToDate, 2),
            'cost.monthToDateVsBudget': round(mtdVs),
            'cost.forecastVsBudget': round(forecastVs),
            'cost.untaggedShare': round(body.unattributedShare),
            'cost.commitmentCoverage': round(
              coverage.get(item.entityRef) ?? null,
            ),
          });
        }
      }
      logger.debug(`Collected cost facts of ${result.size} entities`);
      return result;
    },
  };
}

/*
 * Stand-ins for the MLOps and cost backends, answering only the look-ups the
 * golden-path actions make in a dry run. The real plugins need an MLflow
 * server and billing data; their own tests cover these endpoints. Each
 * stand-in still authenticates the caller as a user, so the actions must call
 * on behalf of the task's initiator.
 */
import {
  coreServices,
  createBackendPlugin,
  HttpRouterService,
} from '@backstage/backend-plugin-api';
import type { TagClaimsResponse } from '@groundwork/plugin-cost-common';
import type { ExperimentLookupResponse } from '@groundwork/plugin-mlops-common';

type Handler = Parameters<HttpRouterService['use']>[0];

function standInPlugin(
  pluginId: string,
  route: string,
  answer: (query: URLSearchParams) => unknown,
) {
  return createBackendPlugin({
    pluginId,
    register(reg) {
      reg.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const handler: Handler = async (req, res, next) => {
            if (req.method !== 'GET' || req.path !== route) {
              next();
              return;
            }
            try {
              await httpAuth.credentials(req, { allow: ['user'] });
              const query = new URLSearchParams(req.url.split('?')[1] ?? '');
              res.json(answer(query));
            } catch (error) {
              next(error);
            }
          };
          httpRouter.use(handler);
        },
      });
    },
  });
}

/** MLflow has no experiment of the asked name: the run would create it. */
export const mlopsStandIn = standInPlugin(
  'mlops',
  '/experiments/by-name',
  (query): ExperimentLookupResponse => ({
    server: query.get('server') ?? 'demo',
    name: query.get('name') ?? '',
  }),
);

/** No entity claims the asked tags yet. */
export const costStandIn = standInPlugin(
  'cost',
  '/attribution/claims',
  (query): TagClaimsResponse => {
    const values = query.getAll('value');
    return {
      claims: query.getAll('tag').map((tag, i) => ({
        tag,
        value: values[i] ?? '',
        claimed: false,
        claimedBy: [],
        hiddenClaimants: 0,
        billedUnattributed: false,
      })),
    };
  },
);

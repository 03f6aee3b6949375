import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { costApiRef, CostClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The Cost plugin for the legacy frontend system.
 *
 * @public
 */
export const costPlugin = createPlugin({
  id: 'cost',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: costApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CostClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The organisation's cost page. Mount it on a route, e.g. `<Route path="/cost" element={<CostPage />} />`.
 *
 * @public
 */
export const CostPage = costPlugin.provide(
  createRoutableExtension({
    name: 'CostPage',
    component: () => import('./components/CostPage').then(m => m.CostPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Entity overview card: this month's cost, forecast against budget, last 30 days.
 *
 * @public
 */
export const EntityCostCard = costPlugin.provide(
  createComponentExtension({
    name: 'EntityCostCard',
    component: {
      lazy: () =>
        import('./components/EntityCostCard').then(m => m.EntityCostCard),
    },
  }),
);

/**
 * Entity "Cost" tab: daily cost by service category, period comparison, top services, budget.
 * Works for components, systems, domains, resources and groups.
 *
 * @public
 */
export const EntityCostContent = costPlugin.provide(
  createComponentExtension({
    name: 'EntityCostContent',
    component: {
      lazy: () =>
        import('./components/EntityCostContent').then(m => m.EntityCostContent),
    },
  }),
);

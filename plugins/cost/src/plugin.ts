import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { rootRouteRef } from './routes';

/**
 * The Cost plugin for the legacy frontend system.
 *
 * @public
 */
export const costPlugin = createPlugin({
  id: 'cost',
  routes: { root: rootRouteRef },
});

/**
 * The Cost page. Mount it on a route, e.g. `<Route path="/cost" element={<CostPage />} />`.
 *
 * @public
 */
export const CostPage = costPlugin.provide(
  createRoutableExtension({
    name: 'CostPage',
    component: () =>
      import('./components/CostPage').then(m => m.CostPage),
    mountPoint: rootRouteRef,
  }),
);

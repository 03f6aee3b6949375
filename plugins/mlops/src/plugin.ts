import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { rootRouteRef } from './routes';

/**
 * The MLOps plugin for the legacy frontend system.
 *
 * @public
 */
export const mlopsPlugin = createPlugin({
  id: 'mlops',
  routes: { root: rootRouteRef },
});

/**
 * The MLOps page. Mount it on a route, e.g. `<Route path="/mlops" element={<MlopsPage />} />`.
 *
 * @public
 */
export const MlopsPage = mlopsPlugin.provide(
  createRoutableExtension({
    name: 'MlopsPage',
    component: () =>
      import('./components/MlopsPage').then(m => m.MlopsPage),
    mountPoint: rootRouteRef,
  }),
);

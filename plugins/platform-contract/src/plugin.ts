import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { rootRouteRef } from './routes';

/**
 * The Platform contract plugin for the legacy frontend system.
 *
 * @public
 */
export const platformContractPlugin = createPlugin({
  id: 'platform-contract',
  routes: { root: rootRouteRef },
});

/**
 * The Platform contract page. Mount it on a route, e.g. `<Route path="/platform-contract" element={<PlatformContractPage />} />`.
 *
 * @public
 */
export const PlatformContractPage = platformContractPlugin.provide(
  createRoutableExtension({
    name: 'PlatformContractPage',
    component: () =>
      import('./components/PlatformContractPage').then(m => m.PlatformContractPage),
    mountPoint: rootRouteRef,
  }),
);

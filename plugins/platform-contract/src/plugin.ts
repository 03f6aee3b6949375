import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { PlatformContractClient, platformContractApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The platform contract plugin for the legacy frontend system.
 *
 * @public
 */
export const platformContractPlugin = createPlugin({
  id: 'platform-contract',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: platformContractApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PlatformContractClient(deps),
    }),
  ],
});

/**
 * Organisation compliance for leadership and the contracts, e.g.
 * `<Route path="/platform-contract" element={<PlatformContractPage />} />`.
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

/**
 * Entity overview card: score, level and failing ground rules.
 *
 * @public
 */
export const EntityScorecardCard = platformContractPlugin.provide(
  createComponentExtension({
    name: 'EntityScorecardCard',
    component: {
      lazy: () =>
        import('./components/EntityScorecardCard').then(m => m.EntityScorecardCard),
    },
  }),
);

/**
 * Entity tab: every rule, deciding facts, how to fix, waivers, re-evaluate.
 *
 * @public
 */
export const EntityScorecardContent = platformContractPlugin.provide(
  createComponentExtension({
    name: 'EntityScorecardContent',
    component: {
      lazy: () =>
        import('./components/EntityScorecardContent').then(m => m.EntityScorecardContent),
    },
  }),
);

/**
 * Group tab: the team's roll-up, trend and worst rules.
 *
 * @public
 */
export const GroupScorecardContent = platformContractPlugin.provide(
  createComponentExtension({
    name: 'GroupScorecardContent',
    component: {
      lazy: () =>
        import('./components/GroupScorecardContent').then(m => m.GroupScorecardContent),
    },
  }),
);

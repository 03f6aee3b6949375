import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { mlopsApiRef, MlopsClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The MLOps plugin for the legacy frontend system.
 *
 * @public
 */
export const mlopsPlugin = createPlugin({
  id: 'mlops',
  apis: [
    createApiFactory({
      api: mlopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MlopsClient(deps),
    }),
  ],
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
    component: () => import('./components/MlopsPage').then(m => m.MlopsPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The "ML experiments" entity tab: runs, metric charts, run comparison.
 * Show it for entities where `isMlProject` holds.
 *
 * @public
 */
export const EntityMlExperimentsContent = mlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityMlExperimentsContent',
    component: {
      lazy: () =>
        import('./components/ExperimentsContent/MlExperimentsContent').then(
          m => m.MlExperimentsContent,
        ),
    },
  }),
);

/**
 * Registered models of an entity with versions, aliases and lineage.
 *
 * @public
 */
export const EntityMlModelsCard = mlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityMlModelsCard',
    component: {
      lazy: () =>
        import('./components/Models/MlModelsCard').then(m => m.MlModelsCard),
    },
  }),
);

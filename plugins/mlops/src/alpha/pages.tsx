import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

export const mlopsPage = PageBlueprint.make({
  params: {
    path: '/mlops',
    // The page renders its own header
    noHeader: true,
    routeRef: rootRouteRef,
    loader: () => import('../components/MlopsPage').then(m => <m.MlopsPage />),
  },
});

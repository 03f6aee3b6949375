import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

export const mlopsPage = PageBlueprint.make({
  params: {
    path: '/mlops',
    routeRef: rootRouteRef,
    loader: () => import('../components/MlopsPage').then(m => <m.MlopsPage />),
  },
});

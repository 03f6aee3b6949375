import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

export const costPage = PageBlueprint.make({
  params: {
    path: '/cost',
    routeRef: rootRouteRef,
    loader: () => import('../components/CostPage').then(m => <m.CostPage />),
  },
});

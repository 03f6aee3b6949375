import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

export const costPage = PageBlueprint.make({
  params: {
    path: '/cost',
    // The page renders its own header
    noHeader: true,
    routeRef: rootRouteRef,
    loader: () => import('../components/CostPage').then(m => <m.CostPage />),
  },
});

import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

export const platformContractPage = PageBlueprint.make({
  params: {
    path: '/platform-contract',
    routeRef: rootRouteRef,
    noHeader: true,
    loader: () =>
      import('../components/PlatformContractPage').then(m => <m.PlatformContractPage />),
  },
});

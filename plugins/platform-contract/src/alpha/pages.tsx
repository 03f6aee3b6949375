import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

export const platformContractPage = PageBlueprint.make({
  params: {
    path: '/platform-contract',
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/PlatformContractPage').then(m => <m.PlatformContractPage />),
  },
});

import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({ id: 'platform-contract' });

export const contractRouteRef = createSubRouteRef({
  id: 'platform-contract/contract',
  parent: rootRouteRef,
  path: '/contracts/:name',
});

export const campaignRouteRef = createSubRouteRef({
  id: 'platform-contract/campaign',
  parent: rootRouteRef,
  path: '/campaigns/:id',
});

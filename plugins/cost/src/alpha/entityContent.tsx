import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** "Cost" tab of components, systems, domains and resources. */
export const entityCostContent = EntityContentBlueprint.make({
  name: 'cost',
  params: {
    path: '/cost',
    title: 'Cost',
    filter: 'kind:component,system,domain,resource',
    loader: () =>
      import('../components/EntityCostContent').then(m => (
        <m.EntityCostContent />
      )),
  },
});

/** "Cost" tab of groups: what the team and its child teams own, rolled up. */
export const groupCostContent = EntityContentBlueprint.make({
  name: 'group-cost',
  params: {
    path: '/cost',
    title: 'Cost',
    filter: 'kind:group',
    loader: () =>
      import('../components/EntityCostContent').then(m => (
        <m.EntityCostContent />
      )),
  },
});

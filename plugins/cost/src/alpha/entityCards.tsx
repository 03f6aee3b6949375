import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** Cost card on the overview of entities that carry or roll up cost. */
export const entityCostCard = EntityCardBlueprint.make({
  name: 'cost',
  params: {
    filter: 'kind:component,system,domain,resource,group',
    loader: () =>
      import('../components/EntityCostCard').then(m => <m.EntityCostCard />),
  },
});

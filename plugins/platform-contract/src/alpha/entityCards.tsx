import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

export const entityScorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: { kind: { $in: ['component', 'api', 'resource', 'system'] } },
    loader: () =>
      import('../components/EntityScorecardCard').then(m => <m.EntityScorecardCard />),
  },
});

import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

export const entityScorecardContent = EntityContentBlueprint.make({
  name: 'scorecard',
  params: {
    path: '/scorecard',
    title: 'Scorecard',
    filter: { kind: { $in: ['component', 'api', 'resource', 'system'] } },
    loader: () =>
      import('../components/EntityScorecardContent').then(m => <m.EntityScorecardContent />),
  },
});

export const groupScorecardContent = EntityContentBlueprint.make({
  name: 'group-scorecard',
  params: {
    path: '/scorecard',
    title: 'Scorecard',
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupScorecardContent').then(m => <m.GroupScorecardContent />),
  },
});

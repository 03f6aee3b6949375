import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { hasMlflowModels, isMlProject } from '@groundwork/plugin-mlops-common';

export const mlExperimentsEntityContent = EntityContentBlueprint.make({
  name: 'experiments',
  params: {
    path: '/ml-experiments',
    title: 'ML experiments',
    filter: isMlProject,
    loader: () =>
      import('../components/ExperimentsContent/MlExperimentsContent').then(
        m => <m.MlExperimentsContent />,
      ),
  },
});

export const mlModelsEntityContent = EntityContentBlueprint.make({
  name: 'models',
  params: {
    path: '/ml-models',
    title: 'Models',
    filter: hasMlflowModels,
    loader: () =>
      import('../components/Models/MlModelsCard').then(m => <m.MlModelsCard />),
  },
});

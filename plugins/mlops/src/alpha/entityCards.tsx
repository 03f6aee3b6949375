import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { hasMlflowModels } from '@groundwork/plugin-mlops-common';

export const mlModelsEntityCard = EntityCardBlueprint.make({
  name: 'models',
  params: {
    filter: hasMlflowModels,
    loader: () =>
      import('../components/Models/MlModelsCard').then(m => <m.MlModelsCard />),
  },
});

import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import { mlModelsEntityCard } from './entityCards';
import {
  mlExperimentsEntityContent,
  mlModelsEntityContent,
} from './entityContent';
import plugin from './plugin';

const entity = (
  annotations: Record<string, string>,
  type = 'service',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
  spec: { type },
});

describe('new frontend system extensions', () => {
  it('shows the ML experiments tab on ML projects and annotated entities only', () => {
    const tester = createExtensionTester(mlExperimentsEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'ML experiments',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity({}, 'ml-project'))).toBe(true);
    expect(filter(entity({ 'mlflow.org/experiment-name': 'a' }))).toBe(true);
    expect(filter(entity({}))).toBe(false);
  });

  it('shows the models tab and card where a registered model is annotated', () => {
    const annotated = entity({ 'mlflow.org/registered-model': 'm' });
    const tab = createExtensionTester(mlModelsEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    const card = createExtensionTester(mlModelsEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(tab(annotated)).toBe(true);
    expect(card(annotated)).toBe(true);
    expect(card(entity({}, 'ml-project'))).toBe(false);
  });

  it('is the mlops plugin', () => {
    expect(plugin.id).toBe('mlops');
  });
});

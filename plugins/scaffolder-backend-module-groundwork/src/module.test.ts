import { startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import scaffolderModuleGroundwork from '.';

describe('scaffolderModuleGroundwork', () => {
  it('registers every Groundwork action with the scaffolder', async () => {
    const registered: TemplateAction<any, any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...actions) => registered.push(...actions) },
        ],
      ],
      features: [scaffolderModuleGroundwork],
    });

    expect(registered.map(action => action.id).sort()).toEqual([
      'groundwork:catalog:annotate',
      'groundwork:catalog:await-entity',
      'groundwork:contract:check',
      'groundwork:cost:tags',
      'groundwork:golden-path:keep-base',
      'groundwork:golden-path:record',
      'groundwork:golden-path:upgrade',
      'groundwork:mlflow:experiment',
    ]);
    for (const action of registered) {
      expect(action).toMatchObject({
        // Pushing the golden-path base writes to the git host; a dry run
        // registers nothing to wait for.
        supportsDryRun: ![
          'groundwork:golden-path:keep-base',
          'groundwork:catalog:await-entity',
        ].includes(action.id),
        description: expect.any(String),
        examples: expect.arrayContaining([expect.anything()]),
        schema: { input: expect.any(Object), output: expect.any(Object) },
      });
    }
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import { EntityChangeReevaluator } from './EntityChangeReevaluator';

describe('EntityChangeReevaluator', () => {
  const setup = (maxBatch = 10) => {
    const evaluated: string[] = [];
    const evaluateAll = jest.fn(async () => {});
    const reevaluator = new EntityChangeReevaluator({
      evaluateEntity: async ref => {
        if (ref === 'component:default/gone') throw new Error('not found');
        evaluated.push(ref);
      },
      evaluateAll,
      logger: mockServices.logger.mock(),
      delayMs: 5,
      maxBatch,
    });
    return { evaluated, evaluateAll, reevaluator };
  };

  it('evaluates each changed entity once after the delay, and goes on past failures', async () => {
    const { evaluated, evaluateAll, reevaluator } = setup();
    reevaluator.entityChanged('component:default/a');
    reevaluator.entityChanged('component:default/gone');
    reevaluator.entityChanged('component:default/b');
    reevaluator.entityChanged('component:default/a');
    expect(evaluated).toEqual([]);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(evaluated).toEqual(['component:default/a', 'component:default/b']);
    expect(evaluateAll).not.toHaveBeenCalled();

    // Nothing pending: nothing evaluated again.
    await reevaluator.flush();
    expect(evaluated).toHaveLength(2);
  });

  it('asks for a full evaluation when more entities changed than a batch holds', async () => {
    const { evaluated, evaluateAll, reevaluator } = setup(2);
    for (const name of ['a', 'b', 'c']) {
      reevaluator.entityChanged(`component:default/${name}`);
    }
    reevaluator.stop();
    await reevaluator.flush();
    expect(evaluateAll).toHaveBeenCalledTimes(1);
    expect(evaluated).toEqual([]);
  });
});

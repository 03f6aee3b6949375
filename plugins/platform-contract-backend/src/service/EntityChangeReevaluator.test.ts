import { mockServices } from '@backstage/backend-test-utils';
import { EntityChangeReevaluator } from './EntityChangeReevaluator';

describe('EntityChangeReevaluator', () => {
  const setup = (maxBatch = 10) => {
    const evaluated: string[] = [];
    const evaluateAll = jest.fn(async () => {});
    /** The fingerprint of the version the catalog serves, per entity. */
    const served = new Map<string, string>();
    const state = { fullEvaluationDone: true };
    const reevaluator = new EntityChangeReevaluator({
      evaluateEntity: async ref => {
        if (ref === 'component:default/gone') throw new Error('not found');
        evaluated.push(ref);
      },
      evaluateAll,
      servedFingerprint: async ref => served.get(ref),
      fullEvaluationDone: async () => state.fullEvaluationDone,
      logger: mockServices.logger.mock(),
      delayMs: 5,
      maxBatch,
    });
    return { evaluated, evaluateAll, reevaluator, served, state };
  };

  it('waits until the catalog serves the announced version, then evaluates', async () => {
    const { evaluated, reevaluator, served } = setup();
    const ref = 'component:default/a';
    served.set(ref, 'v1');
    reevaluator.entityChanged(ref, { fingerprint: 'v2' });
    await reevaluator.flush();
    expect(evaluated).toEqual([]);
    served.set(ref, 'v2');
    await new Promise(resolve => setTimeout(resolve, 1200));
    expect(evaluated).toEqual([ref]);
    reevaluator.stop();
  });

  it('evaluates anyway after waiting a few times for a version that never shows', async () => {
    const { evaluated, reevaluator, served } = setup();
    const ref = 'component:default/a';
    served.set(ref, 'v1');
    reevaluator.entityChanged(ref, { fingerprint: 'v2' });
    for (let flush = 1; flush <= 5; flush++) {
      await reevaluator.flush();
      expect([flush, evaluated]).toEqual([flush, []]);
    }
    await reevaluator.flush();
    expect(evaluated).toEqual([ref]);
    reevaluator.stop();
  });

  it('evaluates a new entity once the catalog serves it', async () => {
    const { evaluated, reevaluator, served } = setup();
    const ref = 'component:default/new';
    reevaluator.entityChanged(ref, { fingerprint: 'v1', firstSeen: true });
    // Processed but not stitched yet: the catalog does not serve it.
    await reevaluator.flush();
    expect(evaluated).toEqual([]);
    // A push for it meanwhile does not make it less new.
    reevaluator.entityChanged(ref);
    await reevaluator.flush();
    expect(evaluated).toEqual([]);
    served.set(ref, 'v1');
    await reevaluator.flush();
    expect(evaluated).toEqual([ref]);
    reevaluator.stop();
  });

  it('leaves new entities to the first full evaluation, even more than a batch of them, but not changed ones', async () => {
    const { evaluated, evaluateAll, reevaluator, served, state } = setup(2);
    state.fullEvaluationDone = false;
    for (const name of ['a', 'b', 'c']) {
      served.set(`component:default/${name}`, 'v1');
      reevaluator.entityChanged(`component:default/${name}`, {
        fingerprint: 'v1',
        firstSeen: true,
      });
    }
    served.set('component:default/known', 'v2');
    reevaluator.entityChanged('component:default/known', { fingerprint: 'v2' });
    reevaluator.stop();
    await reevaluator.flush();
    expect(evaluateAll).not.toHaveBeenCalled();
    expect(evaluated).toEqual(['component:default/known']);

    // Once a full evaluation has run, entities new after it are evaluated.
    state.fullEvaluationDone = true;
    served.set('component:default/d', 'v1');
    reevaluator.entityChanged('component:default/d', {
      fingerprint: 'v1',
      firstSeen: true,
    });
    reevaluator.stop();
    await reevaluator.flush();
    expect(evaluated).toEqual([
      'component:default/known',
      'component:default/d',
    ]);
  });

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

  it('coalesces requested evaluations of one entity and answers every caller once it is evaluated', async () => {
    const { evaluated, reevaluator, state } = setup();
    // Even before a first full evaluation: someone asked for it.
    state.fullEvaluationDone = false;
    const ref = 'component:default/a';
    const answered: number[] = [];
    const requests = Array.from({ length: 10 }, (_, i) =>
      reevaluator.evaluationRequested(ref).then(() => answered.push(i)),
    );
    await Promise.all(requests);
    expect(evaluated).toEqual([ref]);
    expect(answered).toHaveLength(10);
    reevaluator.stop();
  });

  it('answers a waiting caller when the plugin stops', async () => {
    const { reevaluator } = setup();
    const request = reevaluator.evaluationRequested('component:default/a');
    reevaluator.stop();
    await expect(request).resolves.toBeUndefined();
  });
});

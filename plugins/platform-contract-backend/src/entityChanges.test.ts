import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import { ENTITY_CHANGED_TOPIC, EntityChangeProcessor } from './entityChanges';

/** Like the catalog's processor cache: what a run does not set again is gone in the next run. */
class RunCache {
  private previous = new Map<string, unknown>();
  private current = new Map<string, unknown>();
  forRun(): CatalogProcessorCache {
    this.previous = this.current;
    this.current = new Map();
    return {
      get: async <T>(key: string) => this.previous.get(key) as T | undefined,
      set: async (key: string, value: unknown) => {
        this.current.set(key, value);
      },
    } as CatalogProcessorCache;
  }
}

const entity = (owner: string, etag = 'a'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', namespace: 'default', etag, uid: etag },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

describe('EntityChangeProcessor', () => {
  it('announces an entity when its definition changes, not when first seen or only bookkeeping changes', async () => {
    const publish = jest.fn();
    const processor = new EntityChangeProcessor({
      publish,
      subscribe: jest.fn(),
    });
    const cache = new RunCache();
    const run = (e: Entity) =>
      processor.postProcessEntity(
        e,
        { type: 'url', target: 'x' },
        jest.fn(),
        cache.forRun(),
      );

    await expect(run(entity('team-a'))).resolves.toEqual(entity('team-a'));
    await run(entity('team-a', 'b'));
    expect(publish).not.toHaveBeenCalled();

    await run(entity('team-b', 'b'));
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledWith({
      topic: ENTITY_CHANGED_TOPIC,
      eventPayload: {
        entityRef: 'component:default/svc',
        fingerprint: expect.any(String),
      },
    });

    // The new fingerprint was kept: processing it again announces nothing.
    await run(entity('team-b', 'c'));
    expect(publish).toHaveBeenCalledTimes(1);
  });
});

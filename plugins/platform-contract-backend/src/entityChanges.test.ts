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
  const setup = () => {
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
    return { publish, run };
  };

  it('announces an entity when its definition changes, not when only bookkeeping changes', async () => {
    const { publish, run } = setup();
    await expect(run(entity('team-a'))).resolves.toEqual(entity('team-a'));
    publish.mockClear();
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

  it('announces an entity seen for the first time as new, with the fingerprint of the version to wait for', async () => {
    const { publish, run } = setup();
    await run(entity('team-a'));
    expect(publish).toHaveBeenCalledTimes(1);
    const { eventPayload } = publish.mock.calls[0][0];
    expect(eventPayload).toEqual({
      entityRef: 'component:default/svc',
      fingerprint: expect.any(String),
      firstSeen: true,
    });
    // The same version again is neither new nor changed.
    await run(entity('team-a'));
    expect(publish).toHaveBeenCalledTimes(1);
    await run(entity('team-b'));
    expect(publish.mock.calls[1][0].eventPayload).not.toHaveProperty(
      'firstSeen',
    );
    expect(publish.mock.calls[1][0].eventPayload.fingerprint).not.toBe(
      eventPayload.fingerprint,
    );
  });
});

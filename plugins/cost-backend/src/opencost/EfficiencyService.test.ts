import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { OpenCostEmulator, startEmulator } from '@groundwork/opencost-emulator';
import { TEST_CATALOG_ORIGIN } from '../__fixtures__/catalog';
import { catalogTrust } from '../attribution/CatalogTrust';
import { annotatedEntities } from './__fixtures__/entities';
import {
  allocationTargets,
  OpenCostEfficiencyService,
} from './EfficiencyService';
import { OpenCostClient } from './OpenCostClient';

describe('allocationTargets', () => {
  it('prefers namespaces, falls back to one label selector, refuses URLs', () => {
    expect(
      allocationTargets({
        'groundwork.dev/kubernetes-namespace': 'a, b',
        'groundwork.dev/kubernetes-label-selector': 'app=x',
      }),
    ).toEqual([
      { kind: 'namespace', namespace: 'a' },
      { kind: 'namespace', namespace: 'b' },
    ]);
    expect(
      allocationTargets({
        'groundwork.dev/kubernetes-label-selector': 'app=x',
      }),
    ).toEqual([{ kind: 'label', key: 'app', value: 'x' }]);
    expect(
      allocationTargets({
        'groundwork.dev/kubernetes-namespace': 'https://evil.example',
        'groundwork.dev/kubernetes-label-selector': 'http://evil.example=x',
      }),
    ).toEqual([]);
    expect(allocationTargets(undefined)).toEqual([]);
  });
});

describe('OpenCostEfficiencyService', () => {
  let emulator: OpenCostEmulator;
  let service: OpenCostEfficiencyService;
  let clock = 0;
  const now = new Date('2026-11-24T10:30:00Z');

  beforeAll(async () => {
    emulator = await startEmulator({ now: () => now });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    clock = 0;
    emulator.resetRequests();
    service = new OpenCostEfficiencyService({
      client: new OpenCostClient({ baseUrl: emulator.url, timeoutMs: 5_000 }),
      catalog: catalogServiceMock({ entities: annotatedEntities }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      trust: catalogTrust({ origins: [TEST_CATALOG_ORIGIN] }),
      currency: 'USD',
      cacheTtlMs: 60_000,
      now: () => clock,
    });
  });

  const namespaces = async () =>
    (
      await (
        await fetch(
          `${emulator.url}/allocation?window=30d&aggregate=namespace&accumulate=true`,
        )
      ).json()
    ).data[0];

  it('computes an entity efficiency from its namespace', async () => {
    const expected = (await namespaces()).brightpath;
    const result = await service.entity(
      'component:default/BrightPathMatrix',
      '30d',
    );
    expect(result).toMatchObject({
      configured: true,
      entityRef: 'component:default/brightpathmatrix',
      window: '30d',
      currency: 'USD',
      sources: ['brightpath'],
      missing: [],
      start: expected.start,
      end: expected.end,
    });
    expect(result.cpuEfficiency).toBeCloseTo(expected.cpuEfficiency, 3);
    expect(result.ramEfficiency).toBeCloseTo(expected.ramEfficiency, 3);
    expect(result.totalEfficiency).toBeCloseTo(expected.totalEfficiency, 3);
    expect(result.totalCost).toBeCloseTo(expected.totalCost, 2);
    // Unused requests: (request - usage) / request of the CPU and RAM cost.
    expect(result.idleCost).toBeCloseTo(
      expected.cpuCost * (1 - expected.cpuEfficiency) +
        expected.ramCost * (1 - expected.ramEfficiency),
      1,
    );
  });

  it('resolves label selectors and reports what OpenCost does not know', async () => {
    const ns = await namespaces();
    const zoommap = await service.entity('component:default/ZoomMapMax', '30d');
    expect(zoommap.sources).toEqual(['app.kubernetes.io/part-of=zoommap']);
    expect(zoommap.totalCost).toBeCloseTo(
      ns['zoommap-serving'].totalCost + ns['zoommap-training'].totalCost,
      1,
    );
    const sync = await service.entity(
      'component:default/SyncBuilderInsight',
      '30d',
    );
    expect(sync).toMatchObject({
      missing: ['not-in-the-cluster'],
      totalCost: 0,
      cpuEfficiency: 0,
      start: null,
    });
    await expect(
      service.entity('component:default/nothing-annotated', '30d'),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('rolls entities up to their owner teams through the catalog hierarchy', async () => {
    const ns = await namespaces();
    const result = await service.organisation({
      window: '30d',
      seesEverything: true,
      visible: async refs => new Set(refs),
    });
    const team = (ref: string) => result.teams.find(t => t.entityRef === ref)!;
    expect(result.teams.map(t => t.entityRef).sort()).toEqual([
      'group:default/lexingtonfinance',
      'group:default/lipadata',
      'group:default/peoriadata',
      'group:default/tempeai',
    ]);
    const peoria = team('group:default/peoriadata');
    expect(peoria).toMatchObject({
      title: 'PeoriaData team',
      entityCount: 2,
    });
    expect(peoria.totalCost).toBeCloseTo(
      ns.brightpath.totalCost + ns.brightlens.totalCost,
      1,
    );
    const minutes = ns.brightpath.minutes;
    expect(peoria.cpuEfficiency).toBeCloseTo(
      ((ns.brightpath.cpuCoreUsageAverage + ns.brightlens.cpuCoreUsageAverage) *
        minutes) /
        ((ns.brightpath.cpuCoreRequestAverage +
          ns.brightlens.cpuCoreRequestAverage) *
          minutes),
      3,
    );
    // Only the valid namespace of the annotation counts.
    expect(team('group:default/lipadata').totalCost).toBeCloseTo(
      ns['prime-manager'].totalCost,
      1,
    );
    expect(team('group:default/lipadata').cpuEfficiency).toBeLessThan(0.2);
    // Sorted by cost.
    const costs = result.teams.map(t => t.totalCost);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    expect(result.complete).toBe(true);
    expect(result.clusterIdleCost).toBeGreaterThan(0);
  });

  it('filters teams and hides cluster idle from those who may not see everything', async () => {
    const result = await service.organisation({
      window: '30d',
      seesEverything: false,
      visible: async refs =>
        new Set(refs.filter(r => r === 'group:default/tempeai')),
    });
    expect(result.teams.map(t => t.entityRef)).toEqual([
      'group:default/tempeai',
    ]);
    expect(result.complete).toBe(false);
    expect(result.clusterIdleCost).toBeUndefined();
  });

  it('caches OpenCost answers for the TTL', async () => {
    const ask = () =>
      service.organisation({
        window: '30d',
        seesEverything: true,
        visible: async refs => new Set(refs),
      });
    await Promise.all([ask(), ask(), ask()]);
    // namespace + one label key
    expect(emulator.requests).toHaveLength(2);
    await service.entity('component:default/BrightPathMatrix', '30d');
    expect(emulator.requests).toHaveLength(2);
    clock += 61_000;
    await ask();
    expect(emulator.requests).toHaveLength(4);
  });

  it('does not cache failures', async () => {
    emulator.setFault({ status: 503, times: 1 });
    await expect(
      service.entity('component:default/BrightPathMatrix', '7d'),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    await expect(
      service.entity('component:default/BrightPathMatrix', '7d'),
    ).resolves.toMatchObject({ sources: ['brightpath'] });
  });
});

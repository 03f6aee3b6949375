import { OpenCostEmulator, startEmulator } from './emulator';

const now = new Date('2026-11-24T10:30:00Z');

describe('OpenCost emulator', () => {
  let emulator: OpenCostEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ now: () => now });
  });
  afterAll(() => emulator.stop());
  afterEach(() => emulator.setFault(undefined));

  const get = async (path: string) => {
    const res = await fetch(`${emulator.url}${path}`);
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      text,
      body: res.headers.get('content-type')?.includes('json')
        ? JSON.parse(text)
        : undefined,
    };
  };
  const total = (set: Record<string, { totalCost: number }>) =>
    Object.values(set).reduce((t, a) => t + a.totalCost, 0);

  it('answers /allocation by namespace in the OpenCost envelope', async () => {
    const res = await get('/allocation?window=7d&aggregate=namespace');
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(200);
    expect(res.body.data).toHaveLength(1);
    const set = res.body.data[0];
    expect(Object.keys(set)).toContain('brightpath');
    expect(set.__idle__).toBeUndefined();
    const brightpath = set.brightpath;
    expect(brightpath).toMatchObject({
      name: 'brightpath',
      properties: { cluster: 'k8s-prod-eu', namespace: 'brightpath' },
      window: { start: '2026-11-18T00:00:00Z', end: '2026-11-25T00:00:00Z' },
      start: '2026-11-18T00:00:00Z',
      // No data from the future: allocations end now.
      end: '2026-11-24T10:30:00Z',
      cpuCoreRequestAverage: 12,
    });
    for (const field of [
      'cpuCores',
      'cpuCoreUsageAverage',
      'cpuCost',
      'ramBytes',
      'ramByteRequestAverage',
      'ramByteUsageAverage',
      'ramCost',
      'gpuCost',
      'pvCost',
      'networkCost',
      'loadBalancerCost',
      'sharedCost',
      'externalCost',
      'totalCost',
      'cpuEfficiency',
      'ramEfficiency',
      'totalEfficiency',
      'minutes',
    ]) {
      expect(typeof brightpath[field]).toBe('number');
    }
    // Efficiency is usage over request, as OpenCost computes it.
    expect(brightpath.cpuEfficiency).toBeCloseTo(
      brightpath.cpuCoreUsageAverage / brightpath.cpuCoreRequestAverage,
      4,
    );
    expect(brightpath.cpuEfficiency).toBeGreaterThan(0.6);
    expect(set['prime-manager'].cpuEfficiency).toBeLessThan(0.2);
    expect(brightpath.totalCost).toBeCloseTo(
      brightpath.cpuCost +
        brightpath.ramCost +
        brightpath.pvCost +
        brightpath.networkCost,
      3,
    );
  });

  it('serves /allocation/compute as an alias', async () => {
    const a = await get('/allocation?window=yesterday&aggregate=namespace');
    const b = await get(
      '/allocation/compute?window=yesterday&aggregate=namespace',
    );
    expect(b.body).toEqual(a.body);
  });

  it('aggregates by label with sanitised label names', async () => {
    const byLabel = await get(
      '/allocation?window=7d&aggregate=label:app.kubernetes.io/part-of',
    );
    const set = byLabel.body.data[0];
    expect(Object.keys(set).sort()).toEqual([
      '__unallocated__',
      'app_kubernetes_io_part_of=brightpath',
      'app_kubernetes_io_part_of=churn',
      'app_kubernetes_io_part_of=ingress-nginx',
      'app_kubernetes_io_part_of=prime-manager',
      'app_kubernetes_io_part_of=zoommap',
    ]);
    const byNamespace = (await get('/allocation?window=7d&aggregate=namespace'))
      .body.data[0];
    expect(set['app_kubernetes_io_part_of=zoommap'].totalCost).toBeCloseTo(
      byNamespace['zoommap-serving'].totalCost +
        byNamespace['zoommap-training'].totalCost,
      3,
    );
    expect(
      set['app_kubernetes_io_part_of=zoommap'].properties.labels,
    ).toMatchObject({ app_kubernetes_io_part_of: 'zoommap' });
    expect(total(set)).toBeCloseTo(total(byNamespace), 2);
  });

  it('adds __idle__ with includeIdle (or idle) and shares it with shareIdle', async () => {
    const plain = (await get('/allocation?window=7d&aggregate=namespace')).body
      .data[0];
    const withIdle = (
      await get('/allocation?window=7d&aggregate=namespace&includeIdle=true')
    ).body.data[0];
    expect(withIdle.__idle__).toMatchObject({
      name: '__idle__',
      properties: { cluster: 'k8s-prod-eu' },
      cpuEfficiency: 0,
    });
    expect(withIdle.__idle__.totalCost).toBeGreaterThan(0);
    const alias = (
      await get('/allocation?window=7d&aggregate=namespace&idle=true')
    ).body.data[0];
    expect(alias.__idle__.totalCost).toBe(withIdle.__idle__.totalCost);
    const shared = (
      await get('/allocation?window=7d&aggregate=namespace&shareIdle=true')
    ).body.data[0];
    expect(shared.__idle__).toBeUndefined();
    expect(shared.brightpath.cpuCostIdle).toBeGreaterThan(0);
    expect(total(shared)).toBeCloseTo(
      total(plain) + withIdle.__idle__.totalCost,
      2,
    );
  });

  it('returns one set per step, or one when accumulating', async () => {
    const steps = await get(
      '/allocation?window=7d&aggregate=namespace&step=1d&accumulate=false',
    );
    expect(steps.body.data).toHaveLength(7);
    expect(steps.body.data[0].brightpath.window).toEqual({
      start: '2026-11-18T00:00:00Z',
      end: '2026-11-19T00:00:00Z',
    });
    // Today is under way: its set covers the hours so far.
    expect(steps.body.data[6].brightpath.minutes).toBe(630);
    const accumulated = await get(
      '/allocation?window=7d&aggregate=namespace&step=1d&accumulate=true',
    );
    expect(accumulated.body.data).toHaveLength(1);
    const sumOfSteps = steps.body.data.reduce(
      (t: number, s: any) => t + s.brightpath.totalCost,
      0,
    );
    expect(accumulated.body.data[0].brightpath.totalCost).toBeCloseTo(
      sumOfSteps,
      3,
    );
    // Weekday usage differs from day to day.
    const daily = steps.body.data.map((s: any) => s.brightpath.cpuEfficiency);
    expect(new Set(daily).size).toBeGreaterThan(3);
  });

  it('answers empty sets outside retention', async () => {
    const res = await get(
      '/allocation?window=2020-01-01T00:00:00Z,2020-01-02T00:00:00Z&aggregate=namespace',
    );
    expect(res.body).toEqual({ code: 200, data: [{}] });
  });

  it('answers errors in OpenCost shapes', async () => {
    const badWindow = await get(
      '/allocation?window=fortnight&aggregate=namespace',
    );
    expect(badWindow.status).toBe(400);
    expect(badWindow.type).toMatch(/^text\/plain/);
    expect(badWindow.text).toBe(
      "Invalid 'window' parameter: illegal window: fortnight\n",
    );
    const noWindow = await get('/allocation?aggregate=namespace');
    expect(noWindow.status).toBe(400);
    const badStep = await get(
      '/allocation?window=7d&aggregate=namespace&step=soon',
    );
    expect(badStep.status).toBe(400);
    expect(badStep.body).toEqual({
      code: 400,
      message: expect.stringMatching(/^Invalid step parameter: invalid step/),
    });
    const unknown = await get('/assets?window=7d');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe('404 page not found\n');
  });

  it('injects faults and demands a token when asked', async () => {
    emulator.setFault({ status: 503, times: 1 });
    const failed = await get('/allocation?window=7d&aggregate=namespace');
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({
      code: 503,
      message: 'Injected fault (HTTP 503)',
    });
    expect(
      (await get('/allocation?window=7d&aggregate=namespace')).status,
    ).toBe(200);

    emulator.setFault({ status: 200, body: '{"code":200,"data":[{', times: 1 });
    const truncated = await fetch(
      `${emulator.url}/allocation?window=7d&aggregate=namespace`,
    );
    expect(truncated.status).toBe(200);
    expect(truncated.headers.get('content-type')).toContain('application/json');
    expect(await truncated.text()).toBe('{"code":200,"data":[{');

    const guarded = await startEmulator({ token: 's3cret', now: () => now });
    try {
      const anonymous = await fetch(
        `${guarded.url}/allocation?window=7d&aggregate=namespace`,
      );
      expect(anonymous.status).toBe(401);
      const ok = await fetch(
        `${guarded.url}/allocation?window=7d&aggregate=namespace`,
        { headers: { authorization: 'Bearer s3cret' } },
      );
      expect(ok.status).toBe(200);
      expect(guarded.requests.map(r => r.path)).toEqual([
        '/allocation',
        '/allocation',
      ]);
    } finally {
      await guarded.stop();
    }
  });
});

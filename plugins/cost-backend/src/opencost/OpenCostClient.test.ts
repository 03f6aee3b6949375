import { OpenCostEmulator, startEmulator } from '@groundwork/opencost-emulator';
import { OpenCostClient } from './OpenCostClient';

describe('OpenCostClient against the OpenCost emulator', () => {
  let emulator: OpenCostEmulator;
  let client: OpenCostClient;
  beforeAll(async () => {
    emulator = await startEmulator({ token: 'opencost-token' });
    client = new OpenCostClient({
      baseUrl: `${emulator.url}/`,
      token: 'opencost-token',
      timeoutMs: 2_000,
    });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.resetRequests();
    emulator.setFault(undefined);
  });

  it('queries /allocation over real HTTP with the configured token', async () => {
    const sets = await client.allocation({
      window: '7d',
      aggregate: 'namespace',
      accumulate: true,
      includeIdle: true,
    });
    expect(sets).toHaveLength(1);
    expect(sets[0].brightpath).toMatchObject({
      name: 'brightpath',
      properties: { namespace: 'brightpath', cluster: 'k8s-prod-eu' },
      cpuCoreRequestAverage: 12,
    });
    expect(sets[0].brightpath.cpuEfficiency).toBeGreaterThan(0.5);
    expect(sets[0].__idle__.totalCost).toBeGreaterThan(0);
    expect(emulator.requests).toEqual([
      {
        method: 'GET',
        path: '/allocation',
        query: {
          window: '7d',
          aggregate: 'namespace',
          accumulate: 'true',
          includeIdle: 'true',
        },
        authorization: 'Bearer opencost-token',
      },
    ]);
  });

  it('passes label aggregation and steps through', async () => {
    const sets = await client.allocation({
      window: '3d',
      aggregate: 'label:app.kubernetes.io/part-of',
      step: '1d',
    });
    expect(sets).toHaveLength(3);
    expect(Object.keys(sets[0])).toContain('app_kubernetes_io_part_of=zoommap');
  });

  it('maps a 400 to an InputError with OpenCost message', async () => {
    await expect(
      client.allocation({ window: 'fortnight', aggregate: 'namespace' }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        "(HTTP 400): Invalid 'window' parameter: illegal window: fortnight",
      ),
    });
  });

  it('maps 5xx, bad credentials and timeouts to ServiceUnavailableError', async () => {
    emulator.setFault({ status: 500, times: 1 });
    await expect(
      client.allocation({ window: '7d', aggregate: 'namespace' }),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: `the OpenCost server at ${emulator.url} failed (HTTP 500): Injected fault (HTTP 500)`,
    });

    const wrongToken = new OpenCostClient({
      baseUrl: emulator.url,
      token: 'wrong',
      timeoutMs: 2_000,
    });
    await expect(
      wrongToken.allocation({ window: '7d', aggregate: 'namespace' }),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('check cost.opencost.token'),
    });

    emulator.setFault({ delayMs: 1_000, times: 1 });
    const impatient = new OpenCostClient({
      baseUrl: emulator.url,
      token: 'opencost-token',
      timeoutMs: 100,
    });
    await expect(
      impatient.allocation({ window: '7d', aggregate: 'namespace' }),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: `the OpenCost server at ${emulator.url} did not answer within 100 ms`,
    });
  });

  it('maps an unreachable server to ServiceUnavailableError naming it', async () => {
    const stopped = await startEmulator();
    const url = stopped.url;
    await stopped.stop();
    const orphan = new OpenCostClient({ baseUrl: url, timeoutMs: 2_000 });
    await expect(
      orphan.allocation({ window: '7d', aggregate: 'namespace' }),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: `the OpenCost server at ${url} is unreachable (ECONNREFUSED)`,
    });
  });

  it('refuses answers that are not allocation responses', async () => {
    const notOpenCost = new OpenCostClient({
      baseUrl: 'http://opencost.test',
      timeoutMs: 1_000,
      fetch: async () => new Response('{"hello":"world"}', { status: 200 }),
    });
    await expect(
      notOpenCost.allocation({ window: '7d', aggregate: 'namespace' }),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
  });
});

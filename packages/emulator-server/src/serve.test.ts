import { RequestControl, serveEmulator, takeFault } from './serve';

type Fault = { status: number; times?: number } | { delayMs: number };

describe('serveEmulator', () => {
  it('serves the app on a free port and hands its control to the test', async () => {
    const control: RequestControl<string, Fault> = { requests: [] };
    const emulator = await serveEmulator((req, res) => {
      control.requests.push(req.url!);
      res.end('ok');
    }, control);
    try {
      expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
      const res = await fetch(`${emulator.url}/a`);
      expect(await res.text()).toBe('ok');
      expect(emulator.requests).toEqual(['/a']);
      emulator.resetRequests();
      expect(emulator.requests).toEqual([]);

      const fault = { status: 503, times: 1 };
      emulator.setFault(fault);
      expect(control.fault).toEqual(fault);
      expect(control.fault).not.toBe(fault);
      emulator.setFault(undefined);
      expect(control.fault).toBeUndefined();
    } finally {
      await emulator.stop();
    }
    await expect(fetch(`${emulator.url}/a`)).rejects.toThrow();
  });
});

describe('takeFault', () => {
  it('gives a status fault until its times are spent', async () => {
    const control: RequestControl<string, Fault> = {
      requests: [],
      fault: { status: 503, times: 2 },
    };
    await expect(takeFault(control)).resolves.toMatchObject({ status: 503 });
    await expect(takeFault(control)).resolves.toMatchObject({ status: 503 });
    await expect(takeFault(control)).resolves.toBeUndefined();
    expect(control.fault).toBeUndefined();
  });

  it('waits out a delay fault, which stays until cleared', async () => {
    const control: RequestControl<string, Fault> = {
      requests: [],
      fault: { delayMs: 20 },
    };
    const started = Date.now();
    await expect(takeFault(control)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(control.fault).toEqual({ delayMs: 20 });
  });
});

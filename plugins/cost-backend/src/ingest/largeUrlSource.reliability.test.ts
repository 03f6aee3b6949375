import { once } from 'events';
import http from 'http';
import { AddressInfo } from 'net';
import request from 'supertest';
import { parseCsv, FOCUS_SAMPLE } from '../__fixtures__/csv';
import { repeatedSample } from '../__fixtures__/repeatedSample';
import { startChildBackend } from './__testUtils__/startChildBackend';

const TIMEOUT_MS = 180_000;
jest.setTimeout(TIMEOUT_MS);

/**
 * About 1 GB of CSV (the sample is 755 kB): well above the backend's peak
 * RSS, which stays near 350 MB whatever the size (measured from 100 MB to
 * 1 GB), and ingested in under 30 s on two cores.
 */
const COPIES = 1400;
const MB = 1024 * 1024;

/**
 * Serves the FOCUS sample repeated {@link COPIES} times, generated while it
 * is sent, so this process never holds the file; counts the bytes sent.
 */
async function serveLargeExport() {
  let bytesSent = 0;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    const body = repeatedSample(COPIES);
    body.on('data', (chunk: Buffer | string) => {
      bytesSent += Buffer.byteLength(chunk);
    });
    body.pipe(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/exports/focus.csv`,
    bytesSent: () => bytesSent,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('a remote billing export larger than the backend may hold', () => {
  it('is ingested with a peak RSS well under its size', async () => {
    const served = await serveLargeExport();
    try {
      // A backend of its own process: its peak RSS is then the backend's
      // alone (this Jest worker holds far more than the ingest).
      const backend = await startChildBackend({
        source: { name: 'remote', url: served.url },
        timeoutMs: TIMEOUT_MS - 10_000,
      });
      // The test scheduler runs the triggered ingest within the request.
      const ingest = await request(backend.baseUrl).post('/api/cost/ingest');
      const report = await backend.report();
      const fileSize = served.bytesSent();
      // eslint-disable-next-line no-console
      console.log(
        `Ingested ${(fileSize / MB).toFixed(0)} MB from a URL: peak RSS ${(
          report.maxRss / MB
        ).toFixed(0)} MB (${(report.startedMaxRss / MB).toFixed(
          0,
        )} MB once the backend had started)`,
      );
      expect(ingest.body.items[0]).toMatchObject({
        source: 'remote',
        status: 'succeeded',
        rowsRead: COPIES * parseCsv(FOCUS_SAMPLE).length,
      });
      expect(fileSize).toBeGreaterThan(1000 * MB);
      // Holding the response alone would take the whole file.
      expect(report.maxRss).toBeLessThan(fileSize / 2);
      expect(report.maxRss - report.startedMaxRss).toBeLessThan(fileSize / 4);
    } finally {
      await served.close();
    }
  });
});

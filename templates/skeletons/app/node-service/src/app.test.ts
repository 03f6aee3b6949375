import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressInfo } from 'node:net';
import { createApp } from './app';

test('answers the health probes', async () => {
  const server = createApp().listen(0);
  const { port } = server.address() as AddressInfo;
  try {
    for (const path of ['/healthz', '/readyz']) {
      const res = await fetch(`http://localhost:${port}${path}`);
      assert.equal(res.status, 200);
    }
  } finally {
    server.close();
  }
});

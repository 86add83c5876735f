/**
 * Replays against the local API: the nonce memory forgets in time order and stays bounded, and a
 * signed request captured before a restart of the API is refused after it (the memory of used
 * nonces does not survive the process).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FnfApiServer } from '../../../engine/api/fnf-api-server';
import { rpcSignature } from '../../../engine/api/fnf-rpc-signature';
import { flowDirectory } from '../../../engine/api/flow-directory';
import { loadOrCreateLocalAccessKey } from '../../../engine/api/local-api-key';
import { NONCE_MEMORY_MS, NonceMemory } from '../../../engine/api/nonce-memory';
import { LocalBackend } from '../../../engine/local-backend';
import { tempDir } from '../helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FnF = require('@alicloud/fnf-2019-03-15');

test('a nonce is refused again within the window, accepted once it has expired; the memory holds only the window', () => {
  let now = 1_000_000;
  const memory = new NonceMemory(NONCE_MEMORY_MS, () => now);
  assert.equal(memory.use('a'), true);
  now += NONCE_MEMORY_MS - 1;
  assert.equal(memory.use('a'), false, 'a replay within the window is refused');
  now += 2;
  assert.equal(memory.use('a'), true, 'an expired nonce is accepted again');
  // 40,000 requests, one a second: never more remembered than the window's worth.
  const perWindow = NONCE_MEMORY_MS / 1000 + 1;
  let most = 0;
  for (let i = 0; i < 40_000; i++) {
    now += 1000;
    assert.equal(memory.use(`n${i}`), true);
    most = Math.max(most, memory.size);
  }
  assert.ok(most <= perWindow, `at most ${perWindow} remembered, saw ${most}`);
  assert.equal(memory.use('n39999'), false);
  assert.equal(memory.use(`n${40_000 - perWindow - 1}`), true, 'the oldest have been forgotten');
});

test('a wall clock stepping back does not make the memory forget a recent nonce', () => {
  let now = 5_000_000;
  const memory = new NonceMemory(1000, () => now);
  memory.use('a');
  now -= 10_000;
  memory.use('b');
  now += 10_500;
  assert.equal(memory.use('b'), false, "b was seen 500 ms ago by the memory's clock");
});

test('a request timestamped up to 15 minutes ahead cannot be replayed while its Timestamp is still accepted', { timeout: 10_000 }, async (t) => {
  const store = join(tempDir(t), 'store');
  const key = loadOrCreateLocalAccessKey(store);
  const backend = new LocalBackend({ storeDir: store, invokers: [] });
  t.after(() => backend.close());
  let now = Date.now();
  const api = await new FnfApiServer({ backend, key, flows: flowDirectory([join(__dirname, 'fixtures', 'flows')]), now: () => now }).start();
  t.after(() => api.stop());
  const params: Record<string, string> = {
    Action: 'ListFlows',
    Version: '2019-03-15',
    Format: 'JSON',
    AccessKeyId: key.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: 'ahead-1',
    Timestamp: new Date(now + 14 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  params.Signature = rpcSignature('GET', params, key.accessKeySecret);
  const captured: Captured = { method: 'GET', url: `/?${new URLSearchParams(params)}`, headers: {}, body: Buffer.alloc(0) };
  assert.equal((await send(api.endpoint, captured)).status, 200);
  // 20 minutes on, its Timestamp is 6 minutes old: still within ±15 minutes, so the nonce must still be known.
  now += 20 * 60_000;
  const replay = await send(api.endpoint, captured);
  assert.deepEqual([replay.status, replay.body.Code], [400, 'SignatureNonceUsed']);
});

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function send(endpoint: string, r: Captured): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint}${r.url}`, { method: r.method, headers: r.headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

test('a signed request captured before the API restarted is refused when replayed after it (SignatureNonceUsed, 400); fresh ones are served', { timeout: 30_000 }, async (t) => {
  const store = join(tempDir(t), 'store');
  const key = loadOrCreateLocalAccessKey(store);
  const flows = flowDirectory([join(__dirname, 'fixtures', 'flows')]);
  const backend = new LocalBackend({ storeDir: store, invokers: [] });
  t.after(async () => {
    for (const r of backend.running()) await backend.stopExecution(r.flowName, r.executionName).catch(() => undefined);
    backend.close();
  });
  let api = await new FnfApiServer({ backend, key, flows }).start();

  // A recording proxy in front of the API: the exact HTTP request the SDK sent.
  const captured: Captured[] = [];
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      captured.push(r);
      void send(api.endpoint, r).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  t.after(() => proxy.close());
  const viaProxy = new FnF({
    endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    opts: { timeout: 5000 },
  });
  const started = await viaProxy.startExecution({ FlowName: 'approval', Input: '{"request":"leave","mode":"approve"}' });
  assert.equal(captured.length, 1);
  const [startRequest] = captured;
  assert.equal(startRequest.method, 'POST');

  // Replayed to the same server: refused (the nonce is remembered).
  const sameProcess = await send(api.endpoint, startRequest);
  assert.deepEqual([sameProcess.status, sameProcess.body.Code], [400, 'SignatureNonceUsed']);

  // The API restarts (a new process would start with no memory of nonces), well within 15 minutes.
  await new Promise((r) => setTimeout(r, 3000));
  await api.stop();
  api = await new FnfApiServer({ backend, key, flows }).start();
  t.after(() => api.stop());
  const replay = await send(api.endpoint, startRequest);
  assert.deepEqual([replay.status, replay.body.Code], [400, 'SignatureNonceUsed'], JSON.stringify(replay.body));
  const client = new FnF({ endpoint: api.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, opts: { timeout: 5000 } });
  const listed = await client.listExecutions({ FlowName: 'approval' });
  assert.deepEqual(
    listed.Executions.map((e: any) => e.Name),
    [started.Name],
    'the replay started nothing',
  );
});

/**
 * The language server keeps V8's compiled code of its bundles between starts (server/main.ts,
 * startup/compile-cache.ts): once its first diagnostics are out it writes a cache to
 * FLOW_STUDIO_COMPILE_CACHE, the next start reads it (and does not write it again), and a damaged
 * cache or another build's changes nothing the user sees: it is replaced.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildOnce, LspClient } from './lsp-client';

const URI = 'file:///cache.flow.yaml';
const TEXT = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n  - type: nope\n    name: b\n';
let dir: string;

before(() => {
  buildOnce();
  dir = mkdtempSync(join(tmpdir(), 'fdl-server-cache-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Starts a server on `cache`, returns its first diagnostics after `lingerMs` more of its life. */
async function firstDiagnostics(cache: string, lingerMs: number, until?: () => boolean): Promise<unknown> {
  const client = new LspClient({ env: { ...process.env, FLOW_STUDIO_COMPILE_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '' } });
  try {
    await client.initialize();
    await client.open(URI, TEXT);
    const diagnostics = await client.diagnosticsOf(URI);
    const deadline = Date.now() + lingerMs;
    while (Date.now() < deadline && !(until?.() ?? false)) await new Promise((r) => setTimeout(r, 50));
    return diagnostics.map((d) => ({ message: d.message, range: d.range, severity: d.severity }));
  } finally {
    await client.stop();
  }
}

const cacheFiles = (cache: string) => (existsSync(cache) ? readdirSync(cache).filter((f) => f.endsWith('.cache')) : []).sort();
const bothWritten = (cache: string) => () => cacheFiles(cache).length === 2;

test('a first start writes the cache after its first diagnostics; the next start reads it and leaves it alone', async () => {
  const cache = join(dir, 'fresh');
  const first = await firstDiagnostics(cache, 10_000, bothWritten(cache));
  assert.ok((first as unknown[]).length > 0, 'the flow has a problem to report');
  const files = cacheFiles(cache);
  assert.equal(files.length, 2, `written: ${readdirSync(cache)}`);
  assert.match(files[0], /^fdl\.js-server-v\d+\.\d+\.\d+-/);
  assert.match(files[1], /^server-main\.js-server-v\d+\.\d+\.\d+-/);
  const before = files.map((f) => statSync(join(cache, f)).mtimeMs);
  // Long enough for a rejected cache to have been written again (the server writes 200 ms after its first diagnostics).
  assert.deepEqual(await firstDiagnostics(cache, 1500), first);
  assert.deepEqual(cacheFiles(cache), files);
  assert.deepEqual(
    files.map((f) => statSync(join(cache, f)).mtimeMs),
    before,
    'an accepted cache is not written again',
  );
});

test('a damaged cache is rejected: the diagnostics are the same and the cache is written again', async () => {
  const cache = join(dir, 'damaged');
  const clean = await firstDiagnostics(cache, 10_000, bothWritten(cache));
  const files = cacheFiles(cache);
  for (const f of files) writeFileSync(join(cache, f), 'not a code cache');
  const rewritten = () => files.every((f) => statSync(join(cache, f)).size > 1000);
  assert.deepEqual(await firstDiagnostics(cache, 10_000, rewritten), clean);
  assert.ok(rewritten(), 'written again with V8 code');
  assert.deepEqual(cacheFiles(cache), files);
});

test("another build's cache is ignored and removed when this build's is written", async () => {
  const cache = join(dir, 'stale');
  mkdirSync(cache, { recursive: true });
  const stale = ['fdl.js-server-v20.0.0-x64-1-1.cache', 'server-main.js-server-v20.0.0-x64-1-1.cache'];
  for (const f of stale) writeFileSync(join(cache, f), 'code of another build');
  const diagnostics = await firstDiagnostics(cache, 10_000, () => cacheFiles(cache).every((f) => !stale.includes(f)) && cacheFiles(cache).length === 2);
  assert.ok((diagnostics as unknown[]).length > 0);
  const files = cacheFiles(cache);
  assert.equal(files.length, 2);
  for (const f of stale) assert.ok(!files.includes(f), `${f} removed`);
});

test('NODE_DISABLE_COMPILE_CACHE writes nothing', async () => {
  const cache = join(dir, 'off');
  const client = new LspClient({ env: { ...process.env, FLOW_STUDIO_COMPILE_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '1' } });
  try {
    await client.initialize();
    await client.open(URI, TEXT);
    assert.ok((await client.diagnosticsOf(URI)).length > 0);
    await new Promise((r) => setTimeout(r, 1000));
  } finally {
    await client.stop();
  }
  assert.ok(!existsSync(cache));
});

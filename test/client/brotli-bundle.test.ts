/**
 * A bundle shipped Brotli-compressed (`<name>.br`) loads as the CommonJS module it is: its exports,
 * its own `__dirname` and relative `require`, evaluated once per process and seen in
 * `require.cache` (the activation test looks there for SDKs loaded too early); without the `.br`
 * the plain file is required.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { requireBundle } from '../../client/brotli-bundle';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'flow-studio-brotli-'));
  writeFileSync(join(dir, 'sibling.js'), 'module.exports = { greeting: "hello" };\n');
  const packed = [
    'globalThis.__packedRuns = (globalThis.__packedRuns ?? 0) + 1;',
    'const { greeting } = require("./sibling.js");',
    'exports.greeting = greeting;',
    'exports.dir = __dirname;',
    'exports.file = __filename;',
    'exports.fail = () => { throw new Error("from the packed bundle"); };',
  ].join('\n');
  writeFileSync(join(dir, 'packed.js.br'), brotliCompressSync(Buffer.from(packed)));
  writeFileSync(join(dir, 'plain.js'), 'exports.plain = true;\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a .br bundle runs as its module: exports, its own directory and require, its name in stacks', () => {
  const m = requireBundle('packed.js', dir) as { greeting: string; dir: string; file: string; fail(): void };
  assert.equal(m.greeting, 'hello');
  assert.equal(m.dir, dir);
  assert.equal(m.file, join(dir, 'packed.js'));
  assert.throws(m.fail, (e: Error) => e.stack!.includes(join(dir, 'packed.js')));
});

test('it is evaluated once per process, and kept in require.cache under its plain name', () => {
  const first = requireBundle('packed.js', dir);
  const second = requireBundle('packed.js', dir);
  assert.equal(first, second);
  assert.equal((globalThis as { __packedRuns?: number }).__packedRuns, 1);
  assert.equal(require.cache[join(dir, 'packed.js')]?.exports, first);
});

test('without a .br the plain file is required', () => {
  assert.deepEqual({ ...(requireBundle('plain.js', dir) as object) }, { plain: true });
});

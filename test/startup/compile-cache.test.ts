/**
 * startup/compile-cache.ts, on a bundle of its own: a cache is used only for the text it was made
 * from (V8 alone would take a cache of another text of the same length and run the old code), and
 * the cache a build primed beside the bundle is used only when the user's holds none and it was made
 * under this runtime; a foreign or damaged one changes nothing a user sees.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const COMPILE_CACHE = join(ROOT, 'startup', 'compile-cache.ts');
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fdl-startup-cache-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Loads `bundle` through the cache in `cacheDir` in a fresh process: what it exports, and which cache it used. */
function load(bundle: string, cacheDir: string): { exported: string; used: string } {
  const code = `const { requireWithCompileCache } = require(${JSON.stringify(COMPILE_CACHE)});
process.stdout.write(String(requireWithCompileCache(process.argv[1], 'cmd', process.argv[2])));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code, bundle, cacheDir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_DEBUG: 'fdl-compile-cache', NODE_DISABLE_COMPILE_CACHE: '' },
  });
  assert.equal(r.status, 0, r.stderr);
  const used = /: (no cache|accepted|rejected)/.exec(r.stderr)?.[1];
  assert.ok(used, r.stderr);
  return { exported: r.stdout, used };
}

/** A bundle in a folder of its own: `text` is what it exports. */
function bundle(name: string, text: string): string {
  mkdirSync(join(dir, name), { recursive: true });
  const file = join(dir, name, 'bundle.js');
  writeFileSync(file, `module.exports = ${JSON.stringify(text)};\n`);
  return file;
}

const caches = (d: string) => readdirSync(d).filter((f) => f.endsWith('.cache'));

test('a bundle changed to another text of the same length, size and time kept, is not run from the old cache', () => {
  const file = bundle('same-length', 'first');
  const cache = join(dir, 'same-length-cache');
  assert.deepEqual(load(file, cache), { exported: 'first', used: 'no cache' });
  assert.deepEqual(load(file, cache), { exported: 'first', used: 'accepted' });
  const { atime, mtime } = statSync(file);
  writeFileSync(file, `module.exports = ${JSON.stringify('again')};\n`);
  utimesSync(file, atime, mtime);
  assert.deepEqual(load(file, cache), { exported: 'again', used: 'no cache' });
  assert.equal(caches(cache).length, 1, "the old text's cache is replaced");
});

test("a build's cache beside the bundle is used when the user's has none, and the user's is written", () => {
  const file = bundle('built', 'built');
  const built = join(dir, 'built', 'compile-cache');
  load(file, built); // what the build does: its run writes beside the bundle
  const user = join(dir, 'built-user-cache');
  assert.deepEqual(load(file, user), { exported: 'built', used: 'accepted' });
  assert.deepEqual(caches(user), caches(built), "the user's own cache, named as the build's");
  assert.deepEqual(load(file, user), { exported: 'built', used: 'accepted' });
});

test("a build's cache made under another runtime or damaged is not trusted: the user's is compiled and written", () => {
  const file = bundle('foreign', 'foreign');
  const built = join(dir, 'foreign', 'compile-cache');
  load(file, built);
  const [name] = caches(built);
  // The same cache as if made by another Node (its name says so): never read.
  const otherNode = name.replace(/-v\d+\.\d+\.\d+-/, '-v0.0.1-');
  copyFileSync(join(built, name), join(built, otherNode));
  rmSync(join(built, name));
  const user = join(dir, 'foreign-user-cache');
  assert.deepEqual(load(file, user), { exported: 'foreign', used: 'no cache' });
  // A cache under this runtime's name that V8 does not take (damaged, or made under other V8 flags).
  writeFileSync(join(built, name), 'not a code cache');
  const user2 = join(dir, 'foreign-user-cache-2');
  assert.deepEqual(load(file, user2), { exported: 'foreign', used: 'rejected' });
  assert.deepEqual(caches(user2), [name]);
  assert.ok(statSync(join(user2, name)).size > 100, "the user's written with V8 code");
  assert.deepEqual(load(file, user2), { exported: 'foreign', used: 'accepted' });
});

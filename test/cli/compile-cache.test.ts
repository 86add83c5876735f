/**
 * The built `fdl` (dist/cli.js) keeps V8's compiled code of its bundle between runs
 * (startup/compile-cache.ts): one cache per command, in NODE_COMPILE_CACHE when set, none with
 * NODE_DISABLE_COMPILE_CACHE; a damaged cache changes nothing the user sees and is written again.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildOnce, ROOT } from '../server/lsp-client';

const FLOW = join(__dirname, 'fixtures', 'valid.flow.yaml');
let dir: string;

function validate(env: NodeJS.ProcessEnv) {
  return fdl(['validate', FLOW, '--format', 'json'], env);
}

function fdl(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FDL_LOCALE: 'en', NODE_DISABLE_COMPILE_CACHE: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  buildOnce();
  dir = mkdtempSync(join(tmpdir(), 'fdl-compile-cache-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the first run stores a cache for its command; the next reads it and answers the same', () => {
  const cache = join(dir, 'one');
  const first = validate({ NODE_COMPILE_CACHE: cache });
  assert.equal(first.code, 0, first.stderr);
  const files = readdirSync(cache);
  assert.equal(files.length, 1);
  assert.match(files[0], /^cli-main\.js-validate-v\d+\.\d+\.\d+-/);
  const second = validate({ NODE_COMPILE_CACHE: cache });
  assert.deepEqual(second, first);
  assert.deepEqual(readdirSync(cache), files, 'an accepted cache is not written again');
});

test('a damaged cache is rejected by V8: the run answers the same and the cache is written again', () => {
  const cache = join(dir, 'damaged');
  const clean = validate({ NODE_COMPILE_CACHE: cache });
  const [file] = readdirSync(cache);
  writeFileSync(join(cache, file), 'not a code cache');
  assert.deepEqual(validate({ NODE_COMPILE_CACHE: cache }), clean);
  assert.deepEqual(readdirSync(cache), [file]);
  assert.ok(statSync(join(cache, file)).size > 1000, 'written again with V8 code');
  assert.deepEqual(validate({ NODE_COMPILE_CACHE: cache }), clean);
});

test('NODE_DISABLE_COMPILE_CACHE writes nothing', () => {
  const cache = join(dir, 'off');
  const r = validate({ NODE_COMPILE_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!existsSync(cache));
});

test("a run replaces its own command's cache of another build and keeps the other commands'", () => {
  const cache = join(dir, 'stale');
  mkdirSync(cache);
  const staleValidate = 'cli-main.js-validate-v0.0.0-x64-1-1.cache';
  const otherCommand = 'cli-main.js-validate-step-v0.0.0-x64-1-1.cache';
  for (const f of [staleValidate, otherCommand]) writeFileSync(join(cache, f), 'old');
  assert.equal(validate({ NODE_COMPILE_CACHE: cache }).code, 0);
  const files = readdirSync(cache);
  assert.ok(!files.includes(staleValidate), 'the stale cache of validate is gone');
  assert.ok(files.includes(otherCommand), 'a command whose name begins with validate keeps its cache');
  assert.equal(files.filter((f) => f.startsWith('cli-main.js-validate-v')).length, 1);
  // Every command, a refused one too, keeps its own.
  assert.equal(fdl(['test-step'], { NODE_COMPILE_CACHE: cache }).code, 2);
  assert.ok(readdirSync(cache).some((f) => /^cli-main\.js-test-step-v\d/.test(f)));
});

test('the first run after a build starts from the cache the build primed for this Node, and writes the user its own', () => {
  const cache = join(dir, 'after-build');
  const first = fdl(['validate', FLOW, '--format', 'json'], { NODE_COMPILE_CACHE: cache, NODE_DEBUG: 'fdl-compile-cache' });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /cli-main\.js: accepted .*[/\\]dist[/\\]compile-cache[/\\]cli-main\.js-validate-v/);
  assert.equal(readdirSync(cache).length, 1);
  const second = fdl(['validate', FLOW, '--format', 'json'], { NODE_COMPILE_CACHE: cache, NODE_DEBUG: 'fdl-compile-cache' });
  assert.match(second.stderr, new RegExp(`cli-main\\.js: accepted .*${readdirSync(cache)[0].replace(/\./g, '\\.')}`));
  assert.ok(!second.stderr.includes(`${join('dist', 'compile-cache')}`), "the user's own, not the build's");
});

test('a run reads a block YAML mocks file without yaml; one the block reader declines with yaml (dist/yaml.js, required on first use), cached as the bundle is', () => {
  const flow = join(dir, 'mocked.flow.yaml');
  writeFileSync(flow, 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: hello\n    resourceArn: acs:fc:::services/demo/functions/hello\n');
  const run = (mocksText: string, cache: string, n: number) => {
    const mocks = join(dir, `mocked-${n}.mocks.yaml`);
    writeFileSync(mocks, mocksText);
    return fdl(['run', flow, '--mocks', mocks, '--store', join(dir, `mocked-store-${n}`), '--json'], { NODE_COMPILE_CACHE: cache, NODE_DEBUG: 'fdl-compile-cache' });
  };
  const cachesIn = (cache: string) =>
    readdirSync(cache)
      .map((f) => f.split('-v')[0])
      .sort();
  const block = run('tasks:\n  hello:\n    - output: {greeting: hi}\n', join(dir, 'block-cache'), 1);
  assert.equal(block.code, 0, block.stderr);
  assert.deepEqual(JSON.parse(block.stdout), { status: 'Succeeded', output: { greeting: 'hi' }, error: null, cause: null });
  assert.deepEqual(cachesIn(join(dir, 'block-cache')), ['cli-main.js-run']);

  // A nested flow collection is yaml's to read.
  const cache = join(dir, 'mocked-cache');
  const nested = 'tasks:\n  hello:\n    - output: {greeting: [hi]}\n';
  const first = run(nested, cache, 2);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(JSON.parse(first.stdout), { status: 'Succeeded', output: { greeting: ['hi'] }, error: null, cause: null });
  assert.deepEqual(cachesIn(cache), ['cli-main.js-run', 'yaml.js-run']);
  const second = run(nested, cache, 3);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
  assert.match(second.stderr, /yaml\.js: accepted /);
  assert.match(second.stderr, /cli-main\.js: accepted /);
});

test('the built CLI evaluates the hash built-in (@noble/hashes, dist/noble-hashes.js, is loaded on first use)', () => {
  const flow = join(dir, 'hash.flow.yaml');
  writeFileSync(
    flow,
    `Type: StateMachine
Name: hash
SpecVersion: v1
StartAt: Digest
States:
  - Type: Pass
    Name: Digest
    OutputConstructor:
      sha256.$: 'hash("abc", "SHA-256")'
      md5.$: 'hash("abc", "MD5")'
    End: true
`,
  );
  const r = fdl(['run', flow, '--store', join(dir, 'hash-store'), '--json'], { NODE_COMPILE_CACHE: join(dir, 'hash-cache') });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).output, { sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', md5: '900150983cd24fb0d6963f7d28e17f72' });
});

test('the built CLI evaluates a regular expression built-in (its engine, re2js, is loaded on first use)', () => {
  const flow = join(dir, 'regex.flow.yaml');
  writeFileSync(
    flow,
    `Type: StateMachine
Name: regex
SpecVersion: v1
StartAt: Check
States:
  - Type: Pass
    Name: Check
    OutputConstructor:
      matches.$: 'regexMatchString("^ab+c$", "abbbc")'
      differs.$: 'regexMatchString("^ab+c$", "ac")'
    End: true
`,
  );
  const r = fdl(['run', flow, '--store', join(dir, 'regex-store'), '--json'], { NODE_COMPILE_CACHE: join(dir, 'regex-cache') });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { status: 'Succeeded', output: { matches: true, differs: false }, error: null, cause: null });
});

/**
 * `fdl` where its surroundings are not what it expects: a `--store` that is a file (or lies under
 * one) is a usage error naming the option, for every command that reads the store; a reader that
 * goes away before the output is written (`fdl run … | head -1`) leaves the run to end and be
 * recorded as it would, with no EPIPE stack trace.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../engine/helpers';
import { cleanEnv, fdl, MAIN, oneJsonObject, ROOT } from './fdl-process';

const WAIT_THEN_PASS = join(ROOT, 'test', 'cli', 'fixtures', 'wait-then-pass.flow.yaml');

test('--store naming a file, or a folder under a file: exit 2, "--store <path> is not a folder", for run, list, history and delete', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'not-a-folder');
  writeFileSync(file, 'x');
  for (const store of [file, join(file, 'executions')]) {
    const run = await fdl(['run', WAIT_THEN_PASS, '--time-scale', '0', '--store', store, '--json']);
    assert.equal(run.code, 2, run.stderr);
    const out = oneJsonObject(run.stdout);
    assert.deepEqual([out.status, out.error], ['Invalid', 'InvalidArgument']);
    assert.equal(out.cause, `--store ${store} is not a folder: the store of executions is a folder (made if missing).`);
    for (const args of [['list'], ['history', 'flow', 'exec'], ['delete', 'flow', 'exec']]) {
      const r = await fdl([...args, '--store', store]);
      assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
      assert.equal(r.stderr, `fdl: --store ${store} is not a folder: the store of executions is a folder (made if missing).\n`, args[0]);
    }
  }
});

test('stdout closed before the result is printed (| head -1): the run ends Succeeded and is recorded, exit 0, no EPIPE stack trace', { timeout: 60_000 }, async (t) => {
  const store = join(tempDir(t), 'store');
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'run', WAIT_THEN_PASS, '--time-scale', '0', '--store', store], {
    cwd: ROOT,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The reader is gone before the command writes anything.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|\n\s+at /);
  const list = await fdl(['list', '--store', store]);
  assert.match(list.stdout, /Succeeded/);
});

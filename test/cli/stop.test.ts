/**
 * `fdl stop` and `fdl report-failure --cause` as a user meets them: against a running `fdl run`
 * (through the store's inbox; the run's one --json object says Stopped or Failed, exit 1), and
 * against a store nobody runs (the stopping process takes the store's lock for the append, as any
 * owner would, and leaves it free).
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lockPath } from '../../engine/store/store-lock';
import { CALLBACK_FLOW, tempDir, waitingToken } from '../engine/helpers';
import { fdl, oneJsonObject, startFdl } from './fdl-process';

/** A flow waiting for a callback that, left alone, comes only after ten minutes. */
function waitingRun(t: Parameters<typeof tempDir>[0]) {
  const dir = tempDir(t);
  const store = join(dir, 's');
  writeFileSync(join(dir, 'approval.flow.yaml'), CALLBACK_FLOW);
  writeFileSync(join(dir, 'hold.yaml'), 'tasks:\n  approve:\n    - output: {}\n      delayMs: 600000\n');
  const running = startFdl(['run', join(dir, 'approval.flow.yaml'), '--name', 'e1', '--mocks', join(dir, 'hold.yaml'), '--store', store, '--json']);
  t.after(() => running.kill('SIGKILL'));
  return { store, running, token: () => waitingToken(store, 'approval', 'e1') };
}

test('fdl stop ends a running fdl run: Stopped with the given error and cause, exit 1', { timeout: 60_000 }, async (t) => {
  const { store, running, token } = waitingRun(t);
  await token();
  const stop = await fdl(['stop', 'approval', 'e1', '--error', 'Halted', '--cause', 'by hand', '--store', store]);
  assert.equal(stop.code, 0, stop.stderr);
  const r = await running.result;
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(oneJsonObject(r.stdout), { status: 'Stopped', output: null, error: 'Halted', cause: 'by hand' });
});

test('report-failure --cause reaches a running fdl run: Failed with that error and cause, exit 1', { timeout: 60_000 }, async (t) => {
  const { store, running, token } = waitingRun(t);
  const failed = await fdl(['report-failure', await token(), '--error', 'Rejected', '--cause', 'over budget', '--store', store]);
  assert.equal(failed.code, 0, failed.stderr);
  assert.equal(failed.stdout, 'reported\n');
  const r = await running.result;
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(oneJsonObject(r.stdout), { status: 'Failed', output: null, error: 'Rejected', cause: 'over budget' });
});

test('fdl stop on a store nobody runs takes the store for the append, records ExecutionStopped and frees the store', { timeout: 60_000 }, async (t) => {
  const { store, running, token } = waitingRun(t);
  await token();
  // Killed while it waits: its engine.lock stays behind, naming a process that is gone.
  running.kill('SIGKILL');
  await running.result;
  assert.ok(existsSync(lockPath(store)));
  const stop = await fdl(['stop', 'approval', 'e1', '--error', 'Halted', '--cause', 'by hand', '--store', store]);
  assert.equal(stop.code, 0, stop.stderr);
  const described = JSON.parse(stop.stdout) as { status: string; error?: string; cause?: string };
  assert.deepEqual([described.status, described.error, described.cause], ['Stopped', 'Halted', 'by hand']);
  // The stale lock was taken over and released: the store is free for the next run.
  assert.ok(!existsSync(lockPath(store)), 'engine.lock is released');
  const history = JSON.parse((await fdl(['history', 'approval', 'e1', '--store', store])).stdout) as { type: string }[];
  assert.equal(history.at(-1)!.type, 'ExecutionStopped');
  assert.equal(history.filter((e) => e.type === 'ExecutionStopped').length, 1);
  // A second stop, or a stop of an execution that does not exist: the service's codes, exit 1.
  const again = await fdl(['stop', 'approval', 'e1', '--store', store]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /ExecutionAlreadyCompleted/);
  const missing = await fdl(['stop', 'approval', 'nope', '--store', store]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /ExecutionNotExists/);
  assert.ok(!existsSync(lockPath(store)), 'a refused stop frees the store too');
});

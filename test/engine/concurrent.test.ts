/**
 * runConcurrently (engine/run/steps/concurrent.ts), what parallel and foreach run their branches and
 * iterations with: synchronous jobs answer at once, asynchronous ones never exceed the limit, and
 * the first failure (an execution end before a step failure) aborts the rest.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExecutionEnd, StepFailure } from '../../engine/errors';
import { runConcurrently } from '../../engine/run/steps/concurrent';

const never = new AbortController().signal;
const tick = () => new Promise<void>((r) => setImmediate(r));

test('jobs that answer synchronously give their results at once, in order, without a promise', () => {
  const results = runConcurrently(5, 2, never, (i) => i * 10);
  assert.deepEqual(results, [0, 10, 20, 30, 40]);
});

test('mixed synchronous and asynchronous jobs: results in job order, never more than the limit running', async () => {
  let running = 0;
  let most = 0;
  const results = runConcurrently(12, 3, never, (i) => {
    if (i % 3 === 0) return `sync ${i}`;
    running++;
    most = Math.max(most, running);
    return tick().then(() => {
      running--;
      return `async ${i}`;
    });
  });
  assert.ok(results instanceof Promise);
  assert.deepEqual(
    await results,
    Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? `sync ${i}` : `async ${i}`)),
  );
  assert.ok(most <= 3, `at most 3 at once, saw ${most}`);
  assert.ok(most >= 2, `jobs overlapped, saw ${most}`);
});

test('a job throwing synchronously aborts the rest: no later job starts, the error is what the caller sees', () => {
  const started: number[] = [];
  assert.throws(
    () =>
      runConcurrently(5, 5, never, (i) => {
        started.push(i);
        if (i === 1) throw new StepFailure('E.Boom', 'boom');
        return i;
      }),
    (e: unknown) => e instanceof StepFailure && e.error === 'E.Boom',
  );
  assert.deepEqual(started, [0, 1]);
});

test('an execution end wins over a step failure, and running jobs see the abort', async () => {
  let sawAbort = false;
  const run = runConcurrently(3, 3, never, (i, signal) => {
    if (i === 0)
      return tick().then(async () => {
        await tick();
        sawAbort = signal.aborted;
        throw new StepFailure('E.Step', 'step');
      });
    if (i === 1) return tick().then(() => Promise.reject(new ExecutionEnd('fail', 'E.End', 'end')));
    return 2;
  });
  await assert.rejects(run as Promise<unknown>, (e: unknown) => e instanceof ExecutionEnd && e.error === 'E.End');
  assert.equal(sawAbort, true);
});

test('an aborted parent: synchronous jobs done, the caller gets the abort', () => {
  const parent = new AbortController();
  parent.abort(new ExecutionEnd('stop', 'E.Stop', 'stopped'));
  assert.throws(
    () => runConcurrently(2, 2, parent.signal, (i) => i),
    (e: unknown) => e instanceof ExecutionEnd,
  );
});

/**
 * Task tokens: 128 random bits, reachable only through $context.task.token mappings; reports for
 * an unknown token, a second report, and a report for a finished task are refused with the
 * service's codes and change nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FnfApiError } from '../../engine/errors';
import { LocalBackend } from '../../engine/local-backend';
import { newTaskToken } from '../../engine/task-tokens';
import { CALLBACK_FLOW, scriptedInvoker, tempDir, until } from './helpers';

async function waitingExecution(t: Parameters<typeof tempDir>[0], timeoutSeconds?: number) {
  const inv = scriptedInvoker(() => ({ kind: 'accepted' }));
  const backend = new LocalBackend({ storeDir: tempDir(t), invokers: [inv], timeScale: 1 });
  t.after(() => backend.close());
  const flow = timeoutSeconds ? CALLBACK_FLOW.replace('pattern: waitForCallback', `pattern: waitForCallback\n    timeoutSeconds: ${timeoutSeconds}`) : CALLBACK_FLOW;
  const started = await backend.startExecution({ flowName: 'approval', definition: flow, executionName: 'e1' });
  await until(() => inv.calls.length === 1);
  const token = inv.calls[0].input.token as string;
  await until(() => backend.tokens.isWaiting(token));
  return { backend, inv, token, started };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof FnfApiError);
    return e.code;
  }
  return 'accepted';
}

test('a token carries at least 128 random bits and never repeats', () => {
  const tokens = new Set(Array.from({ length: 1000 }, newTaskToken));
  assert.equal(tokens.size, 1000);
  for (const t of tokens) assert.ok(Buffer.from(t, 'base64url').length >= 16);
});

test('the function receives the token only through a $context.task.token mapping', async (t) => {
  const { inv, token } = await waitingExecution(t);
  assert.deepEqual(Object.keys(inv.calls[0].input), ['token']);
  assert.equal(inv.calls[0].taskToken, token);
});

test('ReportTaskSucceeded resumes the step with the reported output as $local', async (t) => {
  const { backend, token } = await waitingExecution(t);
  await backend.reportTaskSucceeded(token, '{"approved":true}');
  const done = await backend.waitForExecution('approval', 'e1');
  assert.equal(done.status, 'Succeeded');
  assert.deepEqual(done.output, { approved: true });
});

test('an unknown token is refused with InvalidArgument and changes nothing', async (t) => {
  const { backend } = await waitingExecution(t);
  const before = backend.readStoredHistory('approval', 'e1').length;
  assert.equal(await refusal(backend.reportTaskSucceeded('not-a-token', '{}')), 'InvalidArgument');
  assert.equal(await refusal(backend.reportTaskFailed(newTaskToken(), 'E', 'c')), 'InvalidArgument');
  assert.equal(backend.readStoredHistory('approval', 'e1').length, before);
  assert.equal((await backend.describeExecution('approval', 'e1')).status, 'Running');
});

test('a second report for the same token gets TaskAlreadyCompleted and changes nothing', async (t) => {
  const { backend, token } = await waitingExecution(t);
  await backend.reportTaskFailed(token, 'Rejected', 'no');
  await backend.waitForExecution('approval', 'e1');
  const before = backend.readStoredHistory('approval', 'e1');
  assert.equal(await refusal(backend.reportTaskSucceeded(token, '{}')), 'TaskAlreadyCompleted');
  assert.equal(await refusal(backend.reportTaskFailed(token, 'Again', '')), 'TaskAlreadyCompleted');
  assert.deepEqual(backend.readStoredHistory('approval', 'e1'), before);
  const d = await backend.describeExecution('approval', 'e1');
  assert.deepEqual([d.status, d.error, d.cause], ['Failed', 'Rejected', 'no']);
});

test('a token of a stopped execution is finished: TaskAlreadyCompleted', async (t) => {
  const { backend, token } = await waitingExecution(t);
  const stopped = await backend.stopExecution('approval', 'e1', 'Manual', 'user stopped it');
  assert.deepEqual([stopped.status, stopped.error, stopped.cause], ['Stopped', 'Manual', 'user stopped it']);
  assert.equal(await refusal(backend.reportTaskSucceeded(token, '{}')), 'TaskAlreadyCompleted');
});

test('a token whose task timed out is finished: TaskAlreadyCompleted', async (t) => {
  const { backend, token } = await waitingExecution(t, 0.05);
  const done = await backend.waitForExecution('approval', 'e1');
  assert.deepEqual([done.status, done.error], ['Failed', 'FnF.TaskTimeout']);
  assert.equal(await refusal(backend.reportTaskSucceeded(token, '{}')), 'TaskAlreadyCompleted');
  assert.ok(backend.readStoredHistory('approval', 'e1').some((e) => e.type === 'TaskTimedOut'));
});

test('Output that is not a JSON object is refused with InvalidArgument and the task keeps waiting', async (t) => {
  const { backend, token } = await waitingExecution(t);
  assert.equal(await refusal(backend.reportTaskSucceeded(token, '[1,2]')), 'InvalidArgument');
  assert.ok(backend.tokens.isWaiting(token));
});

test('a report accepted while its execution is not yet waiting again (replaying, or not resumed) is durable before it is acknowledged', async (t) => {
  const dir = tempDir(t);
  const invoker = scriptedInvoker(() => ({ kind: 'accepted' }));
  const first = new LocalBackend({ storeDir: dir, invokers: [invoker], timeScale: 0 });
  await first.open();
  await first.startExecution({ flowName: 'approval', definition: CALLBACK_FLOW, executionName: 'e1' });
  await until(() => first.readStoredHistory('approval', 'e1').some((e) => e.type === 'TaskSubmitted'));
  const token = invoker.calls[0].taskToken!;
  first.close();

  // This process knows the token from the store but is not running the execution.
  const second = new LocalBackend({ storeDir: dir, invokers: [invoker], timeScale: 0 });
  await second.open({ resume: () => false });
  await second.reportTaskSucceeded(token, '{"approved":true}');
  // …and dies right after acknowledging (no close(): nothing more is written).

  const third = new LocalBackend({ storeDir: dir, invokers: [invoker], timeScale: 0 });
  t.after(() => third.close());
  await third.open();
  const done = await third.waitForExecution('approval', 'e1');
  assert.deepEqual([done.status, done.output], ['Succeeded', { approved: true }]);
  assert.equal(invoker.calls.length, 1, 'the function was not invoked again: TaskSubmitted was on disk');
  await assert.rejects(third.reportTaskSucceeded(token, '{}'), (e: unknown) => (e as FnfApiError).code === 'TaskAlreadyCompleted');
});

test('a token never starts with "-" (it would read as a flag on the command line): such a draw is drawn again', () => {
  // 0xf8 = 111110xx: the first base64url character is '-'.
  const draws = [Buffer.alloc(17, 0xf8), Buffer.alloc(17, 0x42)];
  const sizes: number[] = [];
  const token = newTaskToken((size) => (sizes.push(size), draws.shift()!));
  assert.equal(Buffer.alloc(17, 0xf8).toString('base64url')[0], '-');
  assert.deepEqual(sizes, [17, 17]);
  assert.equal(token, Buffer.alloc(17, 0x42).toString('base64url'));
  for (let i = 0; i < 2000; i++) assert.doesNotMatch(newTaskToken(), /^-/);
});

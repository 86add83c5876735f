/**
 * The longest a task may wait for a callback is the longest an execution may run: one year in
 * standard mode (docs "Standard mode and express mode"; no page gives callbacks a limit of their
 * own). Reaching it ends the execution TimedOut with FnF.Timeout, uncatchable, and a late report
 * is refused. Tested with a fake clock and with time scaling, never real waits.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock, systemClock, type Clock } from '../../engine/clock';
import { LocalBackend } from '../../engine/local-backend';
import { MAX_EXECUTION_SECONDS } from '../../engine/run/patterns/execution-limit';
import { scriptedInvoker, tempDir, until } from './helpers';

const DAY = 24 * 3600 * 1000;
const settle = () => new Promise((r) => setTimeout(r, 20));

function callbackFlow(extra = ''): string {
  return `version: v1
type: flow
steps:
  - type: task
    name: approve
    resourceArn: acs:fc:::services/s/functions/approve
    pattern: waitForCallback${extra}
    inputMappings:
      - target: token
        source: $context.task.token
`;
}

function setup<C extends Clock = FakeClock>(t: Parameters<typeof tempDir>[0], timeScale = 1, clock: C = new FakeClock() as unknown as C) {
  const accept = scriptedInvoker(() => ({ kind: 'accepted' }));
  const backend = new LocalBackend({ storeDir: tempDir(t), invokers: [accept], timeScale, clock });
  t.after(() => backend.close());
  return { clock, backend, accept };
}

function tokenOf(backend: LocalBackend, flow: string, exec: string): string {
  const scheduled = backend.readStoredHistory(flow, exec).find((e) => e.type === 'TaskScheduled');
  return (scheduled?.detail as { taskToken?: string }).taskToken ?? '';
}

test('the documented limit is one year', () => {
  assert.equal(MAX_EXECUTION_SECONDS, 365 * 24 * 3600);
});

test('a callback with no timeoutSeconds is waited for until the execution has run one year, then the execution times out (FnF.Timeout)', async (t) => {
  const { clock, backend, accept } = setup(t);
  await backend.startExecution({ flowName: 'approval', definition: callbackFlow(), executionName: 'e' });
  await until(() => accept.calls.length === 1 && backend.readStoredHistory('approval', 'e').some((e) => e.type === 'TaskSubmitted'));
  await clock.advance(365 * DAY - 1);
  await settle();
  assert.equal((await backend.describeExecution('approval', 'e')).status, 'Running', 'still waiting one millisecond before the year is up');
  await clock.advance(1);
  const done = await backend.waitForExecution('approval', 'e');
  assert.equal(done.status, 'TimedOut');
  assert.equal(done.error, 'FnF.Timeout');
  assert.match(done.cause ?? '', /1 year/);
  const types = backend.readStoredHistory('approval', 'e').map((e) => e.type);
  assert.ok(!types.includes('TaskTimedOut'), 'the execution ran out of time, not the task');
  assert.equal(types.at(-1), 'ExecutionTimedOut');
  assert.throws(
    () => backend.report(tokenOf(backend, 'approval', 'e'), { kind: 'succeeded', output: {} }),
    (e: { code?: string }) => e.code === 'TaskAlreadyCompleted',
  );
});

test('a step timeoutSeconds longer than the year is cut to it, and catch cannot keep the execution alive', async (t) => {
  const { clock, backend, accept } = setup(t);
  const flow = callbackFlow('\n    timeoutSeconds: 40000000\n    catch:\n      - errors: [FnF.ALL]\n        goto: rescue') + '  - type: pass\n    name: rescue\n';
  await backend.startExecution({ flowName: 'approval', definition: flow, executionName: 'e' });
  await until(() => accept.calls.length === 1);
  await clock.advance(365 * DAY);
  const done = await backend.waitForExecution('approval', 'e');
  assert.deepEqual([done.status, done.error], ['TimedOut', 'FnF.Timeout']);
  assert.ok(!backend.readStoredHistory('approval', 'e').some((e) => e.stepName === 'rescue'));
});

test('a step timeout beyond what one Node timer can hold (30 days) fires at 30 days, not earlier', async (t) => {
  const { clock, backend, accept } = setup(t);
  await backend.startExecution({ flowName: 'approval', definition: callbackFlow(`\n    timeoutSeconds: ${30 * 24 * 3600}`), executionName: 'e' });
  await until(() => accept.calls.length === 1);
  await clock.advance(25 * DAY);
  await settle();
  assert.equal((await backend.describeExecution('approval', 'e')).status, 'Running');
  await clock.advance(5 * DAY);
  const done = await backend.waitForExecution('approval', 'e');
  assert.deepEqual([done.status, done.error], ['Failed', 'FnF.TaskTimeout']);
});

test('time scaling applies to the limit: at a scale of 1e-9 the year passes in about 32 ms of real time', { timeout: 10_000 }, async (t) => {
  const { backend } = setup(t, 1e-9, systemClock);
  const started = Date.now();
  await backend.startExecution({ flowName: 'approval', definition: callbackFlow(), executionName: 'e' });
  const done = await backend.waitForExecution('approval', 'e');
  assert.deepEqual([done.status, done.error], ['TimedOut', 'FnF.Timeout']);
  assert.ok(Date.now() - started < 5_000);
});

test('a report before the limit wins as usual', async (t) => {
  const { clock, backend, accept } = setup(t);
  await backend.startExecution({ flowName: 'approval', definition: callbackFlow(), executionName: 'e' });
  await until(() => accept.calls.length === 1 && backend.readStoredHistory('approval', 'e').some((e) => e.type === 'TaskSubmitted'));
  await clock.advance(364 * DAY);
  backend.report(tokenOf(backend, 'approval', 'e'), { kind: 'succeeded', output: { ok: true } });
  const done = await backend.waitForExecution('approval', 'e');
  assert.equal(done.status, 'Succeeded');
});

function waitFlow(days: number, flowTimeoutSeconds?: number): string {
  return `version: v1
type: flow
${flowTimeoutSeconds !== undefined ? `timeoutSeconds: ${flowTimeoutSeconds}\n` : ''}steps:
  - type: wait
    name: nap
    duration: ${days * 24 * 3600}
  - type: pass
    name: after
`;
}

test('the limit ends any execution at one year, not only callback waits: a 400-day wait step times out at 365 days', async (t) => {
  const { clock, backend } = setup(t);
  await backend.startExecution({ flowName: 'sleepy', definition: waitFlow(400), executionName: 'e' });
  await until(() => clock.pending >= 2); // the execution's deadline and the wait
  await clock.advance(365 * DAY - 1);
  await settle();
  assert.equal((await backend.describeExecution('sleepy', 'e')).status, 'Running');
  await clock.advance(1);
  const done = await backend.waitForExecution('sleepy', 'e');
  assert.deepEqual([done.status, done.error], ['TimedOut', 'FnF.Timeout']);
  assert.match(done.cause ?? '', /1 year/);
  assert.ok(!backend.readStoredHistory('sleepy', 'e').some((e) => e.stepName === 'after'));
});

test('a flow timeoutSeconds longer than a year is cut to the year; a shorter one still applies with its own cause', async (t) => {
  const { clock, backend } = setup(t);
  await backend.startExecution({ flowName: 'sleepy', definition: waitFlow(400, 500 * 24 * 3600), executionName: 'long' });
  await backend.startExecution({ flowName: 'sleepy', definition: waitFlow(400, 30 * 24 * 3600), executionName: 'short' });
  await until(() => clock.pending >= 4);
  await clock.advance(30 * DAY);
  const short = await backend.waitForExecution('sleepy', 'short');
  assert.deepEqual([short.status, short.error], ['TimedOut', 'FnF.Timeout']);
  assert.match(short.cause ?? '', /timeoutSeconds/);
  assert.equal((await backend.describeExecution('sleepy', 'long')).status, 'Running', 'a 30-day flow timeout fires at 30 days, past the Node timer limit');
  await clock.advance(335 * DAY);
  const long = await backend.waitForExecution('sleepy', 'long');
  assert.deepEqual([long.status, long.error], ['TimedOut', 'FnF.Timeout']);
  assert.match(long.cause ?? '', /1 year/);
});

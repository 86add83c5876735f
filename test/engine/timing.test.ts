/**
 * Time, with a fake clock at real scale: retry back-off (intervalSeconds × multiplier^n, capped by
 * maxIntervalSeconds; defaults 1 s, ×2, 3 retries), wait durations and timestamps, task
 * timeoutSeconds (FnF.TaskTimeout, catchable) and flow timeoutSeconds (TimedOut, FnF.Timeout).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../engine/clock';
import { retryDelaySeconds } from '../../engine/run/error-handling';
import type { TaskInvoker } from '../../engine/invoker';
import { LocalBackend } from '../../engine/local-backend';
import { scriptedInvoker, tempDir, until } from './helpers';

function setup(t: Parameters<typeof tempDir>[0], invoker: TaskInvoker) {
  const clock = new FakeClock();
  const backend = new LocalBackend({ storeDir: tempDir(t), invokers: [invoker], timeScale: 1, clock });
  t.after(() => backend.close());
  return { clock, backend };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
// Every execution at real scale arms its deadline (flow timeoutSeconds or the one-year limit): one sleeper more on the fake clock.

test('retry waits 10, 20 then the 25 s cap, then the error fails the execution', async (t) => {
  const inv = scriptedInvoker(() => ({ kind: 'failed', error: 'FC.ResourceThrottled', cause: 'busy' }));
  const { clock, backend } = setup(t, inv);
  const flow = `version: v1
type: flow
steps:
  - type: task
    name: call
    resourceArn: acs:fc:::services/s/functions/f
    retry:
      - errors: [FC.ResourceThrottled]
        intervalSeconds: 10
        maxIntervalSeconds: 25
        maxAttempts: 3
`;
  await backend.startExecution({ flowName: 'r', definition: flow, executionName: 'e' });
  for (const [n, wait] of [
    [1, 10_000],
    [2, 20_000],
    [3, 25_000],
  ] as const) {
    await until(() => inv.calls.length === n && clock.pending === 2);
    await clock.advance(wait - 1);
    await settle();
    assert.equal(inv.calls.length, n, `no retry before ${wait} ms`);
    await clock.advance(1);
    await until(() => inv.calls.length === n + 1);
  }
  const done = await backend.waitForExecution('r', 'e');
  assert.deepEqual([done.status, done.error, done.cause], ['Failed', 'FC.ResourceThrottled', 'busy']);
  assert.deepEqual(
    inv.calls.map((c) => c.attempt),
    [1, 2, 3, 4],
  );
});

test('retry defaults: 1 s, ×2, three retries', () => {
  assert.deepEqual(
    [0, 1, 2].map((n) => retryDelaySeconds({}, n)),
    [1, 2, 4],
  );
  assert.deepEqual(
    [0, 1, 2].map((n) => retryDelaySeconds({ intervalSeconds: 10, multiplier: 1.5 }, n)),
    [10, 15, 22.5],
  );
});

test('the recorded back-off timers follow the defaults', async (t) => {
  const inv = scriptedInvoker(() => ({ kind: 'failed', error: 'Oops', cause: '' }));
  const backend = new LocalBackend({ storeDir: tempDir(t), invokers: [inv], timeScale: 0 });
  t.after(() => backend.close());
  const flow = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: call\n    resourceArn: acs:fc:::services/s/functions/f\n    retry:\n      - errors: [FnF.ALL]\n';
  await backend.startExecution({ flowName: 'r', definition: flow, executionName: 'e' });
  await backend.waitForExecution('r', 'e');
  const timers = backend.readStoredHistory('r', 'e').filter((e) => e.type === 'TimerStarted');
  assert.deepEqual(
    timers.map((e) => (e.detail as { seconds: number }).seconds),
    [1, 2, 4],
  );
  assert.equal(inv.calls.length, 4);
});

test('a wait step sleeps its duration from the input; a past timestamp ends at once', async (t) => {
  const { clock, backend } = setup(
    t,
    scriptedInvoker(() => ({ kind: 'succeeded', output: {} })),
  );
  const flow = `version: v1
type: flow
steps:
  - type: wait
    name: past
    timestamp: 2019-05-02T15:04:05Z
  - type: wait
    name: pause
    duration: $.wait
`;
  await backend.startExecution({ flowName: 'w', definition: flow, executionName: 'e', input: '{"wait":20}' });
  await until(() => clock.pending === 2);
  await clock.advance(19_999);
  await settle();
  assert.equal((await backend.describeExecution('w', 'e')).status, 'Running');
  await clock.advance(1);
  assert.equal((await backend.waitForExecution('w', 'e')).status, 'Succeeded');
});

test('task timeoutSeconds fails the attempt with FnF.TaskTimeout, which catch can handle', async (t) => {
  const hanging: TaskInvoker = {
    name: 'hang',
    canInvoke: () => true,
    invoke: (inv) => new Promise((_r, reject) => inv.signal.addEventListener('abort', () => reject(inv.signal.reason))),
  };
  const { clock, backend } = setup(t, hanging);
  const flow = `version: v1
type: flow
steps:
  - type: task
    name: slow
    resourceArn: acs:fc:::services/s/functions/slow
    timeoutSeconds: 5
    catch:
      - errors: [FnF.TaskTimeout]
        goto: handled
    errorMappings:
      - target: why
        source: $local.error
  - type: fail
    name: notHandled
  - type: pass
    name: handled
`;
  await backend.startExecution({ flowName: 't', definition: flow, executionName: 'e' });
  await until(() => clock.pending === 2);
  await clock.advance(5000);
  const done = await backend.waitForExecution('t', 'e');
  assert.deepEqual([done.status, done.output], ['Succeeded', { why: 'FnF.TaskTimeout' }]);
  assert.ok(backend.readStoredHistory('t', 'e').some((e) => e.type === 'TaskTimedOut'));
});

test('flow timeoutSeconds ends the execution as TimedOut with FnF.Timeout', async (t) => {
  const { clock, backend } = setup(
    t,
    scriptedInvoker(() => ({ kind: 'succeeded', output: {} })),
  );
  const flow = 'version: v1\ntype: flow\ntimeoutSeconds: 30\nsteps:\n  - type: wait\n    name: long\n    duration: 100\n';
  await backend.startExecution({ flowName: 'ft', definition: flow, executionName: 'e' });
  await until(() => clock.pending === 2);
  await clock.advance(30_000);
  const done = await backend.waitForExecution('ft', 'e');
  assert.deepEqual([done.status, done.error], ['TimedOut', 'FnF.Timeout']);
});

/**
 * Time scale 0 is virtual time: it skips ahead to the next due timer when nothing else can run,
 * so a long flow ends at once and its history still shows the waits; while a real invocation or a
 * report from outside is awaited, real time passes instead (SEMANTICS.md "Time").
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnyStoredEvent } from '../../engine/history/events';
import type { TaskInvoker } from '../../engine/invoker';
import { LocalBackend } from '../../engine/local-backend';
import { MockInvoker } from '../../engine/invokers/mock-invoker';
import { runFlowFile } from '../../engine/run-flow';
import { scriptedInvoker, tempDir, until } from './helpers';

const seconds = (history: readonly AnyStoredEvent[], from: AnyStoredEvent | undefined, to: AnyStoredEvent | undefined) => (Date.parse(to!.time) - Date.parse(from!.time)) / 1000;

test('a flow with an hour-long wait and a 2 s mocked function runs at scale 0 in well under a second, its history showing both', async (t) => {
  const dir = tempDir(t);
  const flowPath = join(dir, 'nap.flow.yaml');
  writeFileSync(
    flowPath,
    'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: nap\n    duration: 3600\n  - type: task\n    name: call\n    resourceArn: acs:fc:::services/s/functions/f\n',
  );
  const mocks = { tasks: { call: [{ output: { ok: true }, delayMs: 2000 }] } };
  await runFlowFile({ flowPath, timeScale: 0, mocks }); // loads and compiles what a first run needs: not what is measured
  const started = performance.now();
  const r = await runFlowFile({ flowPath, timeScale: 0, mocks });
  const elapsed = performance.now() - started;
  assert.equal(r.status, 'Succeeded');
  assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms of real time`);
  const h = r.history;
  const napped = seconds(
    h,
    h.find((e) => e.type === 'StepEntered' && e.stepName === 'nap'),
    h.find((e) => e.type === 'StepSucceeded' && e.stepName === 'nap'),
  );
  const called = seconds(
    h,
    h.find((e) => e.type === 'TaskScheduled'),
    h.find((e) => e.type === 'TaskSucceeded'),
  );
  assert.ok(napped >= 3600 && napped < 3601, `the wait lasted ${napped} s of flow time`);
  assert.ok(called >= 2 && called < 3, `the call lasted ${called} s of flow time`);
});

test('at scale 0 a real invocation in flight holds time: its step timeout fires after real time, not at once', { timeout: 10_000 }, async (t) => {
  const hanging: TaskInvoker = {
    name: 'local',
    canInvoke: () => true,
    invoke: (inv) => new Promise((_r, reject) => inv.signal.addEventListener('abort', () => reject(inv.signal.reason))),
  };
  const backend = new LocalBackend({ storeDir: tempDir(t), invokers: [hanging], timeScale: 0 });
  t.after(() => backend.close());
  const flow = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: slow\n    resourceArn: acs:fc:::services/s/functions/f\n    timeoutSeconds: 1\n';
  const started = performance.now();
  await backend.startExecution({ flowName: 'h', definition: flow, executionName: 'e' });
  const done = await backend.waitForExecution('h', 'e');
  const elapsed = performance.now() - started;
  assert.deepEqual([done.status, done.error], ['Failed', 'FnF.TaskTimeout']);
  assert.ok(elapsed >= 900, `timed out after ${elapsed.toFixed(0)} ms of real time: time skipped past a running invocation`);
});

test('at scale 0 a wait in a parallel branch skips once the real invocation beside it has answered', { timeout: 10_000 }, async (t) => {
  const slowReal = scriptedInvoker(() => new Promise((r) => setTimeout(() => r({ kind: 'succeeded', output: { ok: true } }), 300)));
  const backend = new LocalBackend({ storeDir: tempDir(t), invokers: [slowReal], timeScale: 0 });
  t.after(() => backend.close());
  const flow = `version: v1
type: flow
steps:
  - type: parallel
    name: both
    branches:
      - steps:
          - type: task
            name: call
            resourceArn: acs:fc:::services/s/functions/f
            timeoutSeconds: 60
      - steps:
          - type: wait
            name: nap
            duration: 3600
`;
  const started = performance.now();
  await backend.startExecution({ flowName: 'p', definition: flow, executionName: 'e' });
  const done = await backend.waitForExecution('p', 'e');
  assert.equal(done.status, 'Succeeded', 'the 60 s timeout did not fire while the call ran');
  assert.ok(performance.now() - started < 3000);
  const h = backend.readStoredHistory('p', 'e');
  const napped = seconds(
    h,
    h.find((e) => e.type === 'StepEntered' && e.stepName === 'nap'),
    h.find((e) => e.type === 'StepSucceeded' && e.stepName === 'nap'),
  );
  assert.ok(napped >= 3600, `the wait lasted ${napped} s of flow time`);
});

test('at scale 0 a callback awaited from outside is not timed out by skipping: the report arrives in real time', async (t) => {
  const accept = scriptedInvoker(() => ({ kind: 'accepted' }));
  const backend = new LocalBackend({ storeDir: tempDir(t), invokers: [accept], timeScale: 0 });
  t.after(() => backend.close());
  const flow =
    'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: approve\n    resourceArn: acs:fc:::services/s/functions/f\n    pattern: waitForCallback\n    timeoutSeconds: 3600\n';
  await backend.startExecution({ flowName: 'cb', definition: flow, executionName: 'e' });
  await until(() => backend.readStoredHistory('cb', 'e').some((e) => e.type === 'TaskSubmitted'));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal((await backend.describeExecution('cb', 'e')).status, 'Running');
  const token = (backend.readStoredHistory('cb', 'e').find((e) => e.type === 'TaskScheduled')!.detail as { taskToken: string }).taskToken;
  backend.report(token, { kind: 'succeeded', output: { approved: true } });
  assert.equal((await backend.waitForExecution('cb', 'e')).status, 'Succeeded');
});

test('at scale 0 a mock that only accepts a callback invocation (no report hook) leaves the report to the outside: not timed out by skipping', async (t) => {
  const backend = new LocalBackend({ storeDir: tempDir(t), timeScale: 0, invokers: [new MockInvoker({ tasks: { '*': [{ output: {} }] } })] });
  t.after(() => backend.close());
  const flow = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: approve\n    resourceArn: acs:fc:::services/s/functions/f\n    pattern: waitForCallback\n';
  await backend.startExecution({ flowName: 'cb', definition: flow, executionName: 'e' });
  await until(() => backend.readStoredHistory('cb', 'e').some((e) => e.type === 'TaskSubmitted'));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal((await backend.describeExecution('cb', 'e')).status, 'Running', 'the one-year limit was skipped to');
  const token = (backend.readStoredHistory('cb', 'e').find((e) => e.type === 'TaskScheduled')!.detail as { taskToken: string }).taskToken;
  backend.report(token, { kind: 'succeeded', output: {} });
  assert.equal((await backend.waitForExecution('cb', 'e')).status, 'Succeeded');
});

test('a mocked callback report delayed 2 s arrives before a 5 s step timeout and after a 1 s wait beside it, at scale 0', async (t) => {
  const backend = new LocalBackend({ storeDir: tempDir(t), timeScale: 0 });
  backend.addInvoker(new MockInvoker({ tasks: { approve: [{ output: { approved: true }, delayMs: 2000 }] } }, { report: (token, r) => backend.report(token, r) }));
  t.after(() => backend.close());
  const flow = `version: v1
type: flow
steps:
  - type: parallel
    name: both
    branches:
      - steps:
          - type: task
            name: approve
            resourceArn: acs:fc:::services/s/functions/f
            pattern: waitForCallback
            timeoutSeconds: 5
      - steps:
          - type: wait
            name: nap
            duration: 1
`;
  await backend.startExecution({ flowName: 'mcb', definition: flow, executionName: 'e' });
  const done = await backend.waitForExecution('mcb', 'e');
  assert.equal(done.status, 'Succeeded');
  const finished = backend
    .readStoredHistory('mcb', 'e')
    .filter((e) => e.type === 'StepSucceeded')
    .map((e) => e.stepName);
  assert.deepEqual(finished, ['nap', 'approve', 'both']);
});

test('an execution resumed at scale 1 after a scale-0 process skipped ahead keeps its history in order and waits in real time', async (t) => {
  const dir = tempDir(t);
  const accept = scriptedInvoker(() => ({ kind: 'accepted' }));
  const flow = `version: v1
type: flow
steps:
  - type: wait
    name: nap
    duration: 3600
  - type: task
    name: approve
    resourceArn: acs:fc:::services/s/functions/f
    pattern: waitForCallback
  - type: wait
    name: short
    duration: 1
`;
  const first = new LocalBackend({ storeDir: dir, invokers: [accept], timeScale: 0 });
  await first.open();
  await first.startExecution({ flowName: 'r', definition: flow, executionName: 'e' });
  await until(() => first.readStoredHistory('r', 'e').some((e) => e.type === 'TaskSubmitted'));
  const token = (first.readStoredHistory('r', 'e').find((e) => e.type === 'TaskScheduled')!.detail as { taskToken: string }).taskToken;
  first.close();
  const second = new LocalBackend({ storeDir: dir, invokers: [accept], timeScale: 1 });
  t.after(() => second.close());
  await second.open();
  second.report(token, { kind: 'succeeded', output: {} });
  const started = performance.now();
  assert.equal((await second.waitForExecution('r', 'e')).status, 'Succeeded');
  assert.ok(performance.now() - started < 3000, 'the 1 s wait took real time at scale 1, not the hour skipped before');
  const times = second.readStoredHistory('r', 'e').map((e) => Date.parse(e.time));
  for (let i = 1; i < times.length; i++) assert.ok(times[i] >= times[i - 1], `event ${i + 1} is dated before event ${i}`);
});

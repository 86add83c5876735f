/**
 * An execution started with a time scale of its own (a debug launch's `timeScale`) runs on a clock
 * of its own, beside executions on the engine's clock: its waits and timeouts keep their lengths
 * and order at its scale, at scale 0 its time skips when nothing of it can run (whatever other
 * executions hold), its child flows share its clock, and a restart resumes it at that scale
 * (SEMANTICS.md "Time").
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../engine/clock';
import { FnfApiError } from '../../engine/errors';
import type { AnyStoredEvent } from '../../engine/history/events';
import type { TaskInvoker } from '../../engine/invoker';
import { MockInvoker } from '../../engine/invokers/mock-invoker';
import { LocalBackend } from '../../engine/local-backend';
import { MemoryStore } from '../../engine/store/memory-store';
import { scriptedInvoker, tempDir, until } from './helpers';

const seconds = (from: AnyStoredEvent | undefined, to: AnyStoredEvent | undefined) => (Date.parse(to!.time) - Date.parse(from!.time)) / 1000;
const first = (h: readonly AnyStoredEvent[], type: string, step?: string) => h.find((e) => e.type === type && (step === undefined || e.stepName === step));

/** An hour's wait, then a task whose mocked answer (2 s) comes after its timeout (1 s). */
const NAP_THEN_TIMEOUT = `version: v1
type: flow
steps:
  - type: wait
    name: nap
    duration: 3600
  - type: task
    name: slow
    resourceArn: acs:fc:::services/s/functions/f
    timeoutSeconds: 1
`;
const SLOW_MOCK = {
  tasks: {
    slow: [
      { output: { ok: true }, delayMs: 2000 },
      { output: { ok: true }, delayMs: 2000 },
    ],
  },
};

test('two executions at different scales in one engine: each keeps its waits and timeouts on its own clock', async (t) => {
  const base = new FakeClock();
  const backend = new LocalBackend({ store: new MemoryStore(), clock: base, invokers: [new MockInvoker(SLOW_MOCK, { match: 'named' })] });
  t.after(() => backend.close());
  await backend.startExecution({ flowName: 'nap', definition: NAP_THEN_TIMEOUT, executionName: 'engine' });
  await backend.startExecution({ flowName: 'nap', definition: NAP_THEN_TIMEOUT, executionName: 'own' }, { timeScale: 0 });
  // Scale 0: the hour and the timeout pass at once, with their lengths in the history.
  const own = await backend.waitForExecution('nap', 'own');
  assert.deepEqual([own.status, own.error], ['Failed', 'FnF.TaskTimeout']);
  const h = backend.readStoredHistory('nap', 'own');
  assert.equal((h[0].detail as { timeScale?: number }).timeScale, 0);
  assert.equal(seconds(first(h, 'StepEntered', 'nap'), first(h, 'StepSucceeded', 'nap')), 3600);
  assert.equal(seconds(first(h, 'TaskScheduled'), first(h, 'TaskTimedOut')), 1);
  // The engine's clock (scale 1 over a clock that moves when told) did not move for it.
  assert.equal((await backend.describeExecution('nap', 'engine')).status, 'Running');
  assert.equal('timeScale' in backend.readStoredHistory('nap', 'engine')[0].detail, false);
  await base.advance(3_599_000);
  assert.equal(first(backend.readStoredHistory('nap', 'engine'), 'TaskScheduled'), undefined, 'the wait ended before its hour');
  await base.advance(1000);
  await until(() => first(backend.readStoredHistory('nap', 'engine'), 'TaskScheduled') !== undefined, 20_000);
  await until(() => base.pending >= 2); // the mock's delay and the task's timeout
  await base.advance(1000);
  const engine = await backend.waitForExecution('nap', 'engine');
  assert.deepEqual([engine.status, engine.error], ['Failed', 'FnF.TaskTimeout']);
});

test('at scale 0 an execution skips its own idle time while another one holds the engine clock with a real invocation', { timeout: 60_000 }, async (t) => {
  const hanging: TaskInvoker = {
    name: 'local',
    canInvoke: () => true,
    invoke: (inv) => new Promise((_r, reject) => inv.signal.addEventListener('abort', () => reject(inv.signal.reason))),
  };
  // The engine itself at scale 0: the hanging invocation holds its one clock, so its own executions cannot skip.
  const backend = new LocalBackend({ store: new MemoryStore(), invokers: [hanging], timeScale: 0 });
  t.after(() => backend.close());
  await backend.startExecution({
    flowName: 'hang',
    definition: 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: call\n    resourceArn: acs:fc:::services/s/functions/f\n',
    executionName: 'busy',
  });
  await until(() => first(backend.readStoredHistory('hang', 'busy'), 'TaskScheduled') !== undefined, 20_000);
  const started = performance.now();
  await backend.startExecution(
    { flowName: 'nap', definition: 'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: nap\n    duration: 3600\n', executionName: 'own' },
    { timeScale: 0 },
  );
  assert.equal((await backend.waitForExecution('nap', 'own')).status, 'Succeeded');
  assert.ok(performance.now() - started < 20_000, 'the hour did not skip while another execution held the engine clock');
  assert.equal((await backend.describeExecution('hang', 'busy')).status, 'Running');
  await backend.stopExecution('hang', 'busy');
});

test('a child flow runs on its parent execution’s clock, and says so in its ExecutionStarted', async (t) => {
  const child = 'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: nap\n    duration: 3600\n';
  const backend = new LocalBackend({
    store: new MemoryStore(),
    clock: new FakeClock(),
    flowResolver: (name) => (name === 'child' ? { definition: child } : undefined),
  });
  t.after(() => backend.close());
  const parent = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: run\n    resourceArn: acs:fnf:::flow/child\n    pattern: sync\n';
  await backend.startExecution({ flowName: 'parent', definition: parent, executionName: 'p' }, { timeScale: 0 });
  assert.equal((await backend.waitForExecution('parent', 'p')).status, 'Succeeded');
  const childRun = (await backend.listExecutions('child'))[0];
  assert.equal(childRun.status, 'Succeeded');
  assert.equal((backend.readStoredHistory('child', childRun.name)[0].detail as { timeScale?: number }).timeScale, 0);
});

test('an execution started at scale 0 resumes at scale 0 after a restart of an engine at scale 1', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const accept = scriptedInvoker(() => ({ kind: 'accepted' }));
  const flow = `version: v1
type: flow
steps:
  - type: task
    name: approve
    resourceArn: acs:fc:::services/s/functions/f
    pattern: waitForCallback
  - type: wait
    name: nap
    duration: 3600
`;
  const before = new LocalBackend({ storeDir: dir, invokers: [accept] });
  await before.open();
  await before.startExecution({ flowName: 'r', definition: flow, executionName: 'e' }, { timeScale: 0 });
  await until(() => first(before.readStoredHistory('r', 'e'), 'TaskSubmitted') !== undefined, 20_000);
  const token = (first(before.readStoredHistory('r', 'e'), 'TaskScheduled')!.detail as { taskToken: string }).taskToken;
  before.close();
  const after = new LocalBackend({ storeDir: dir, invokers: [accept], timeScale: 1 });
  t.after(() => after.close());
  await after.open();
  after.report(token, { kind: 'succeeded', output: {} });
  const started = performance.now();
  assert.equal((await after.waitForExecution('r', 'e')).status, 'Succeeded');
  assert.ok(performance.now() - started < 20_000, 'the hour was waited in real time: the resumed execution lost its scale');
  const h = after.readStoredHistory('r', 'e');
  const napped = seconds(first(h, 'TimerStarted'), first(h, 'TimerFired'));
  // Real time runs under virtual time at 0: the event times may differ by the milliseconds it took.
  assert.ok(napped >= 3600 && napped < 3601, `the wait lasted ${napped} s of flow time`);
});

test('a time scale that is not a number ≥ 0 is refused before anything is written', async (t) => {
  const backend = new LocalBackend({ store: new MemoryStore() });
  t.after(() => backend.close());
  for (const timeScale of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
    await assert.rejects(
      backend.startExecution({ flowName: 'f', definition: 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n', executionName: 'e' }, { timeScale }),
      (e: unknown) => e instanceof FnfApiError && e.code === 'InvalidArgument',
    );
  }
  assert.equal((await backend.listExecutions()).length, 0);
});

test('a stored scale that is not one (a damaged log) resumes the execution on the engine clock instead of failing to open', async (t) => {
  const store = new MemoryStore();
  const definition = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n';
  store.append('f', 'e', {
    eventId: 1,
    type: 'ExecutionStarted',
    time: new Date().toISOString(),
    key: '$|ExecutionStarted',
    detail: { input: {}, flowName: 'f', executionName: 'e', flowDefinition: definition, timeScale: -1 },
  });
  const backend = new LocalBackend({ store });
  t.after(() => backend.close());
  await backend.open();
  assert.equal((await backend.waitForExecution('f', 'e')).status, 'Succeeded');
});

/**
 * Numbers the engine makes itself (a built-in function's parse, a retry's back-off, a wait's due
 * time, JSON text a task or a nested flow's Input is parsed from) never reach the history as
 * Infinity or NaN, which the store would write as null: the state fails with a clear cause naming
 * where, or the number stays one JSON can write (SEMANTICS.md "Numbers"). Each execution is read
 * back from its store by a second backend, as a restart would.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnyStoredEvent } from '../../engine/history/events';
import { LocalBackend } from '../../engine/local-backend';
import { MockInvoker } from '../../engine/invokers/mock-invoker';
import type { TaskInvoker } from '../../engine/invoker';
import { scriptedInvoker, tempDir } from './helpers';

interface Ran {
  status: string;
  error?: string;
  cause?: string;
  output?: unknown;
  /** The history as a second backend reads it from the store. */
  stored: AnyStoredEvent[];
}

async function runAndReread(t: Parameters<typeof tempDir>[0], flow: string, input: Record<string, unknown>, invokers: TaskInvoker[] = [], flowsDir?: string): Promise<Ran> {
  const storeDir = tempDir(t);
  const resolver = flowsDir ? { flowsDirs: [flowsDir] } : {};
  const backend = new LocalBackend({ storeDir, invokers, timeScale: 0, ...resolver });
  await backend.startExecution({ flowName: 'numbers', definition: flow, executionName: 'e', input: JSON.stringify(input) });
  const done = await backend.waitForExecution('numbers', 'e');
  backend.close();
  const again = new LocalBackend({ storeDir, invokers: [] });
  t.after(() => again.close());
  const stored = again.readStoredHistory('numbers', 'e');
  return { status: done.status, error: done.error, cause: done.cause, output: done.output, stored };
}

/** The details of the stored events of one type. */
function detailsOf(events: readonly AnyStoredEvent[], type: string): unknown[] {
  return events.filter((e) => e.type === type).map((e) => e.detail);
}

test('stringToJson of text holding 1e400 fails the state with FnF.InvalidExpression at the number, not a null in the output', async (t) => {
  const flow = `Type: StateMachine
Name: numbers
SpecVersion: v1
StartAt: Parse
States:
  - Type: Pass
    Name: Parse
    OutputConstructor:
      order.$: stringToJson($Input.text)
    End: true
`;
  const r = await runAndReread(t, flow, { text: '{"items": [1, {"price": 1e400}]}' });
  assert.equal(r.status, 'Failed');
  assert.equal(r.error, 'FnF.InvalidExpression');
  assert.match(r.cause ?? '', /State Parse: OutputConstructor at `order\.\$`: This JSON holds a number at \$\.items\[1\]\.price beyond the range of a JSON number/);
  assert.ok(!JSON.stringify(r.stored).includes('"price":null'), "no null was stored in the number's place");
});

test('a retry whose back-off is 0 × a huge multiplier waits 0 s, recorded as numbers (was NaN, stored as null)', async (t) => {
  const flow = `version: v1
type: flow
steps:
  - type: task
    name: flaky
    resourceArn: acs:fc:::services/s/functions/flaky
    retry:
      - errors: [Busy]
        intervalSeconds: 0
        multiplier: 1e200
        maxAttempts: 3
`;
  const mocks = new MockInvoker({ tasks: { flaky: [{ error: 'Busy' }, { error: 'Busy' }, { error: 'Busy' }, { output: { ok: true } }] } });
  const r = await runAndReread(t, flow, {}, [mocks]);
  assert.equal(r.status, 'Succeeded');
  assert.deepEqual(
    detailsOf(r.stored, 'TimerStarted').map((d) => (d as { seconds: unknown }).seconds),
    [0, 0, 0],
  );
  for (const d of detailsOf(r.stored, 'TimerStarted')) assert.equal(typeof (d as { dueTime: unknown }).dueTime, 'number');
});

test('a wait of 1e306 s is held to a timer JSON can write; the execution ends by its one-year limit', async (t) => {
  const flow = 'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: nap\n    duration: $.s\n';
  const r = await runAndReread(t, flow, { s: 1e306 });
  assert.deepEqual([r.status, r.error], ['TimedOut', 'FnF.Timeout']);
  const [timer] = detailsOf(r.stored, 'TimerStarted') as { dueTime: number; seconds: number }[];
  assert.ok(Number.isFinite(timer.dueTime) && Number.isFinite(timer.seconds), JSON.stringify(timer));
  assert.equal(timer.seconds, 2 * 365 * 24 * 3600);
});

test('a task result that is JSON text holding 1e400 fails the task with FnF.InvalidLocal naming the path', async (t) => {
  const flow = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: price\n    resourceArn: acs:fc:::services/s/functions/price\n';
  const text = scriptedInvoker(() => ({ kind: 'succeeded', output: '{"order": {"amount": 1e400}}' }));
  const r = await runAndReread(t, flow, {}, [text]);
  assert.deepEqual([r.status, r.error], ['Failed', 'FnF.InvalidLocal']);
  assert.match(r.cause ?? '', /The result of task price holds a number at \$\.order\.amount beyond the range/);
});

test("a nested flow's Input as JSON text holding 1e400 fails the task (FnF.InvalidArgument) instead of starting the child with null", async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'child.flow.yaml'), 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: echo\n');
  const flow = `version: v1
type: flow
steps:
  - type: task
    name: runChild
    resourceArn: acs:fnf:::flow/child
    pattern: sync
    serviceParams:
      Input: $.text
`;
  const r = await runAndReread(t, flow, { text: '{"n": 1e400}' }, [], dir);
  assert.deepEqual([r.status, r.error], ['Failed', 'FnF.InvalidArgument']);
  assert.match(r.cause ?? '', /The input of nested flow child holds a number at \$\.n beyond the range/);
});

/**
 * LocalBackend as the client and the local API see it: flows with errors are refused with their
 * diagnostics; names are checked; history has the service's shape (EventDetail as JSON text);
 * live events; the three task patterns as invokers answer them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { HistoryEvent } from '../../engine/backend';
import { FnfApiError } from '../../engine/errors';
import { FlowInvalidError, LocalBackend } from '../../engine/local-backend';
import { scriptedInvoker, tempDir, until } from './helpers';

const ONE_TASK = (extra = '') => `version: v1
type: flow
steps:
  - type: task
    name: work
    resourceArn: acs:fc:::services/s/functions/work
${extra}`;

function backendWith(t: Parameters<typeof tempDir>[0], invoker = scriptedInvoker(() => ({ kind: 'succeeded', output: { done: true } }))) {
  const backend = new LocalBackend({ storeDir: tempDir(t), invokers: [invoker], timeScale: 0 });
  t.after(() => backend.close());
  return { backend, invoker };
}

test('a flow with error diagnostics is refused, with the diagnostics', async (t) => {
  const { backend } = backendWith(t);
  const bad = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n  - type: choice\n    name: c\n    choices:\n      - condition: $.x == 1\n        goto: nowhere\n';
  await assert.rejects(backend.startExecution({ flowName: 'bad', definition: bad }), (e: unknown) => {
    assert.ok(e instanceof FlowInvalidError);
    assert.ok(e.diagnostics.length > 0 && e.diagnostics.every((d) => d.severity === 'error'));
    return true;
  });
  assert.deepEqual(await backend.listExecutions(), []);
});

test('execution names follow the service rule and are unique per flow', async (t) => {
  const { backend } = backendWith(t);
  await assert.rejects(
    backend.startExecution({ flowName: 'f', definition: ONE_TASK(), executionName: '1bad name' }),
    (e: unknown) => (e as FnfApiError).code === 'InvalidArgument',
  );
  await backend.startExecution({ flowName: 'f', definition: ONE_TASK(), executionName: 'once' });
  await assert.rejects(
    backend.startExecution({ flowName: 'f', definition: ONE_TASK(), executionName: 'once' }),
    (e: unknown) => (e as FnfApiError).code === 'ExecutionAlreadyExists',
  );
  await assert.rejects(backend.describeExecution('f', 'missing'), (e: unknown) => (e as FnfApiError).code === 'ExecutionNotExists');
  await assert.rejects(backend.startExecution({ flowName: 'f', definition: ONE_TASK(), input: '[1]' }), (e: unknown) => (e as FnfApiError).code === 'InvalidArgument');
});

test('history has the service event names and EventDetail as JSON text; live events match it', async (t) => {
  const { backend } = backendWith(t);
  const live: HistoryEvent[] = [];
  backend.onEvent((_f, _e, ev) => live.push(ev));
  await backend.startExecution({ flowName: 'f', definition: ONE_TASK(), executionName: 'e', input: '{"a":1}' });
  const done = await backend.waitForExecution('f', 'e');
  assert.deepEqual([done.status, done.output], ['Succeeded', { done: true }]);
  const h = await backend.getExecutionHistory('f', 'e');
  assert.deepEqual(
    h.map((e) => e.type),
    ['ExecutionStarted', 'StepEntered', 'StepStarted', 'TaskScheduled', 'TaskSucceeded', 'StepSucceeded', 'StepExited', 'ExecutionSucceeded'],
  );
  assert.deepEqual(JSON.parse(h[0].eventDetail!), { input: { a: 1 } }, 'the definition stays internal');
  assert.deepEqual(JSON.parse(h[2].eventDetail!), { input: { a: 1 } });
  // ScheduleEventId chains as in the docs' example (StepEntered → previous, StepStarted → StepEntered,
  // StepSucceeded → StepStarted, StepExited → StepSucceeded); a task result → its TaskScheduled.
  assert.deepEqual(
    h.map((e) => e.scheduleEventId),
    [undefined, 1, 2, 3, 4, 3, 6, 1],
  );
  assert.deepEqual(
    h.map((e) => e.eventId),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  assert.deepEqual(live, h);
  const [summary] = await backend.listExecutions('f');
  assert.deepEqual([summary.name, summary.status, summary.output], ['e', 'Succeeded', '{"done":true}']);
});

test('requestResponse with InvocationType Async completes once the invocation is accepted', async (t) => {
  const { backend, invoker } = backendWith(
    t,
    scriptedInvoker(() => ({ kind: 'accepted', requestId: 'r-1' })),
  );
  await backend.startExecution({ flowName: 'f', definition: ONE_TASK('    serviceParams:\n      InvocationType: Async\n'), executionName: 'e' });
  const done = await backend.waitForExecution('f', 'e');
  assert.deepEqual([done.status, done.output], ['Succeeded', {}]);
  assert.deepEqual(invoker.calls[0].serviceParams, { InvocationType: 'Async' });
  assert.ok(backend.readStoredHistory('f', 'e').some((e) => e.type === 'TaskSubmitted'));
});

test('sync with an accepted Async invocation waits for the completion report; the invocation id is carried', async (t) => {
  const { backend, invoker } = backendWith(
    t,
    scriptedInvoker(() => ({ kind: 'accepted' })),
  );
  const flow = ONE_TASK('    pattern: sync\n    serviceParams:\n      InvocationType: Async\n      StatefulAsyncInvocationID: $.jobId\n');
  await backend.startExecution({ flowName: 'f', definition: flow, executionName: 'e', input: '{"jobId":"job-7"}' });
  await until(() => invoker.calls.length === 1);
  const call = invoker.calls[0];
  assert.equal(call.pattern, 'sync');
  assert.deepEqual(call.serviceParams, { InvocationType: 'Async', StatefulAsyncInvocationID: 'job-7' });
  assert.ok(call.taskToken, 'the completion is reported with the attempt token');
  await until(() => backend.tokens.isWaiting(call.taskToken!));
  await backend.reportTaskSucceeded(call.taskToken!, '{"result":42}');
  const done = await backend.waitForExecution('f', 'e');
  assert.deepEqual([done.status, done.output], ['Succeeded', { result: 42 }]);
});

test('a task function error surfaces by its error name and cause', async (t) => {
  const { backend } = backendWith(
    t,
    scriptedInvoker(() => ({ kind: 'failed', error: 'BookFlightError', cause: 'no seats' })),
  );
  await backend.startExecution({ flowName: 'f', definition: ONE_TASK(), executionName: 'e' });
  const done = await backend.waitForExecution('f', 'e');
  assert.deepEqual([done.status, done.error, done.cause], ['Failed', 'BookFlightError', 'no seats']);
});

test('a task result that is not a JSON object fails with FnF.InvalidLocal', async (t) => {
  const { backend } = backendWith(
    t,
    scriptedInvoker(() => ({ kind: 'succeeded', output: [1, 2] })),
  );
  await backend.startExecution({ flowName: 'f', definition: ONE_TASK(), executionName: 'e' });
  assert.equal((await backend.waitForExecution('f', 'e')).error, 'FnF.InvalidLocal');
});

test('open() resumes nothing when every stored execution has finished', async (t) => {
  const dir = tempDir(t);
  const first = new LocalBackend({ storeDir: dir, invokers: [scriptedInvoker(() => ({ kind: 'succeeded', output: {} }))], timeScale: 0 });
  await first.startExecution({ flowName: 'f', definition: ONE_TASK(), executionName: 'e' });
  await first.waitForExecution('f', 'e');
  first.close();
  const second = new LocalBackend({ storeDir: dir, timeScale: 0 });
  t.after(() => second.close());
  assert.deepEqual((await second.open()).resumed, []);
  assert.equal((await second.describeExecution('f', 'e')).status, 'Succeeded');
});

test('close() suspends running executions without ending them; the next open() resumes them', async (t) => {
  const dir = tempDir(t);
  const flow = 'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: w\n    duration: 0.3\n  - type: pass\n    name: after\n';
  const first = new LocalBackend({ storeDir: dir, timeScale: 1 });
  await first.startExecution({ flowName: 'f', definition: flow, executionName: 'e' });
  await until(() => first.readStoredHistory('f', 'e').some((e) => e.type === 'TimerStarted'));
  first.close();
  await new Promise((r) => setTimeout(r, 400));
  assert.ok(
    !first.readStoredHistory('f', 'e').some((e) => ['TimerFired', 'ExecutionSucceeded', 'ExecutionStopped', 'ExecutionFailed'].includes(e.type)),
    'nothing recorded after close',
  );
  const second = new LocalBackend({ storeDir: dir, timeScale: 1 });
  t.after(() => second.close());
  assert.deepEqual((await second.open()).resumed, [{ flowName: 'f', executionName: 'e' }]);
  assert.equal((await second.waitForExecution('f', 'e')).status, 'Succeeded');
});

test('a foreach over a large collection resumes after close(): replay reads iteration inputs whose collection the log holds once', async (t) => {
  const dir = tempDir(t);
  const flow = `version: v1
type: flow
steps:
  - type: foreach
    name: each
    iterationMapping: {collection: $.items, item: item}
    steps:
      - type: task
        name: approve
        pattern: waitForCallback
        resourceArn: acs:fc:::services/s/functions/approve
        inputMappings:
          - target: token
            source: $context.task.token
          - target: id
            source: $input.item.id
    outputMappings:
      - target: results
        source: $local
`;
  const items = Array.from({ length: 40 }, (_, i) => ({ id: i, label: `item ${i}` }));
  const invoker = scriptedInvoker(() => ({ kind: 'succeeded', output: {} }));
  const first = new LocalBackend({ storeDir: dir, invokers: [invoker], timeScale: 0 });
  await first.startExecution({ flowName: 'f', definition: flow, executionName: 'e', input: JSON.stringify({ items }) });
  const scheduled = () => first.readStoredHistory('f', 'e').filter((e) => e.type === 'TaskScheduled');
  await until(() => scheduled().length === 40);
  const tokens = scheduled().map((e) => (e.detail as { taskToken: string }).taskToken);
  for (const token of tokens.slice(0, 20)) await first.reportTaskSucceeded(token, JSON.stringify({ ok: token.slice(0, 6) }));
  await until(() => first.readStoredHistory('f', 'e').filter((e) => e.type === 'IterationExited').length === 20);
  first.close();
  const second = new LocalBackend({ storeDir: dir, invokers: [invoker], timeScale: 0 });
  t.after(() => second.close());
  assert.deepEqual((await second.open()).resumed, [{ flowName: 'f', executionName: 'e' }]);
  for (const token of tokens.slice(20)) await second.reportTaskSucceeded(token, JSON.stringify({ ok: token.slice(0, 6) }));
  const end = await second.waitForExecution('f', 'e');
  assert.equal(end.status, 'Succeeded');
  assert.deepEqual(end.output, { results: tokens.map((token) => ({ ok: token.slice(0, 6) })) });
  const history = second.readStoredHistory('f', 'e');
  assert.equal(history.filter((e) => e.type === 'TaskScheduled').length, 40, 'no task scheduled again on replay');
  for (const e of history.filter((e) => e.type === 'IterationEntered' || (e.type === 'StepEntered' && e.stepName === 'approve'))) {
    assert.deepEqual((e.detail as { input: { items: unknown } }).input.items, items, `${e.type} #${e.eventId} holds the whole collection`);
  }
  const log = readFileSync(join(dir, 'history.jsonl'), 'utf8');
  assert.ok(log.split(JSON.stringify(items)).length - 1 <= 4, 'the collection is written a few times, not once per iteration event');
});

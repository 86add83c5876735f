import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExecutionsModel } from '../../../client/model/executions-model';
import { engineFor, fixtureText, until } from './engine-run';

test('an old execution loads its history on demand; events arriving during the load are replayed once', async (t) => {
  const { backend, events } = engineFor(t);
  const started = await backend.startExecution({ flowName: 'nested', definition: fixtureText('nested.flow.yaml'), input: fixtureText('nested.input.json') });
  await until(() => events.some((e) => e.event.type === 'TaskScheduled'));

  // A window opening now: the listing shows the execution, its steps are not loaded yet.
  const model = new ExecutionsModel();
  model.setSummaries(await backend.listExecutions());
  assert.equal(model.executions()[0].executionName, started.name);
  assert.deepEqual(
    model.unloadedRunning().map((e) => e.executionName),
    [started.name],
  );
  assert.equal(model.beginLoad('nested', started.name), true);
  assert.equal(model.beginLoad('nested', started.name), false, 'one load at a time');
  const history = await backend.getExecutionHistory('nested', started.name);

  // Live events keep coming while the history is on its way (the last one already in it).
  backend.onEvent((f, x, e) => model.onEvent(f, x, e));
  model.onEvent('nested', started.name, history.at(-1)!);
  const pending = history.find((e) => e.type === 'TaskScheduled')!;
  const token = JSON.parse(pending.eventDetail!).taskToken as string;
  await backend.reportTaskSucceeded(token, '{}');
  await backend.waitForExecution('nested', started.name);
  assert.equal(model.executions()[0].status, 'Succeeded', 'the status shows before the steps load');

  const change = model.load('nested', started.name, history);
  assert.equal(change.nodes[0], model.executions()[0], 'the same element is redrawn');
  const root = model.tree('nested', started.name)!.root;
  assert.deepEqual(
    root.children.map((c) => `${c.stepName}:${c.status}`),
    ['outer:succeeded', 'approve:succeeded', 'unused:succeeded'],
  );
  assert.deepEqual(model.pendingCallbacks(), []);
});

test('a new execution appears from its ExecutionStarted event, newest first', async (t) => {
  const { backend } = engineFor(t);
  const model = new ExecutionsModel();
  const changes: boolean[] = [];
  backend.onEvent((f, x, e) => changes.push(model.onEvent(f, x, e).list));
  const a = await backend.startExecution({ flowName: 'nested', definition: fixtureText('nested.flow.yaml'), input: '{"xs":[],"go":false}', executionName: 'a' });
  await new Promise((r) => setTimeout(r, 5));
  const b = await backend.startExecution({ flowName: 'nested', definition: fixtureText('nested.flow.yaml'), input: '{"xs":[],"go":false}', executionName: 'b' });
  await until(() => model.pendingCallbacks().length === 2);
  assert.deepEqual(
    model.executions().map((e) => e.executionName),
    [b.name, a.name],
  );
  assert.equal(changes.filter(Boolean).length, 2, 'the list changes once per new execution, not per event');
  assert.ok(model.findStep(model.pendingCallbacks()[0].stepId));
});

test('a history that does not chain its events still groups them by step name', () => {
  const model = new ExecutionsModel();
  const ev = (eventId: number, type: string, stepName?: string, detail: object = {}) => ({
    eventId,
    type,
    stepName,
    time: `2024-01-01T00:00:0${eventId}Z`,
    eventDetail: JSON.stringify(detail),
  });
  model.onEvent('f', 'x', ev(1, 'ExecutionStarted', undefined, { input: {} }));
  model.onEvent('f', 'x', ev(2, 'StepEntered', 'a'));
  model.onEvent('f', 'x', ev(3, 'TaskScheduled', 'a', { pattern: 'waitForCallback', taskToken: 'tok' }));
  assert.equal(model.pendingCallbacks()[0].token, 'tok');
  model.onEvent('f', 'x', ev(4, 'StepSucceeded', 'a', { output: { ok: 1 } }));
  model.onEvent('f', 'x', ev(5, 'StepExited', 'a'));
  model.onEvent('f', 'x', { ...ev(6, 'StepEntered', 'b'), eventDetail: 'not json' });
  const root = model.tree('f', 'x')!.root;
  assert.deepEqual(
    root.children.map((c) => [c.stepName, c.status]),
    [
      ['a', 'succeeded'],
      ['b', 'running'],
    ],
  );
  assert.deepEqual(model.pendingCallbacks(), []);
  assert.deepEqual(model.onEvent('f', 'x', ev(6, 'StepEntered', 'b')).nodes, [], 'a duplicate is ignored');
});

test('a later listing adds only the executions the model does not know, keeping loaded trees and live-only executions', () => {
  const model = new ExecutionsModel();
  const summary = (name: string, status: 'Running' | 'Succeeded', startedTime: string) => ({ flowName: 'orders', name, status, startedTime });
  model.setSummaries([summary('old', 'Succeeded', '2026-11-29T10:00:00.000Z')]);
  // One arrives through a live event only (started in this window).
  model.onEvent('orders', 'live', { eventId: 1, type: 'ExecutionStarted', time: '2026-11-29T10:01:00.000Z', eventDetail: '{"input":{}}' });
  const oldRoot = model.executions().find((e) => e.executionName === 'old');
  const added = model.addSummaries([summary('old', 'Succeeded', '2026-11-29T10:00:00.000Z'), summary('console', 'Running', '2026-11-29T10:02:00.000Z')]);
  assert.deepEqual(
    added.map((e) => [e.executionName, e.status]),
    [['console', 'Running']],
  );
  assert.deepEqual(
    model.executions().map((e) => e.executionName),
    ['console', 'live', 'old'],
  );
  assert.equal(
    model.executions().find((e) => e.executionName === 'old'),
    oldRoot,
    'a known execution keeps its node',
  );
  assert.equal(model.isLoaded('orders', 'console'), false, 'its history loads when asked');
  assert.deepEqual(model.addSummaries([summary('console', 'Running', '2026-11-29T10:02:00.000Z')]), []);
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseFlow } from '../../../fdl/parse';
import { executionTreeFromHistory, type ExecutionTreeNode, type StepNode } from '../../../client/model/execution-tree';
import { ExecutionsModel } from '../../../client/model/executions-model';
import { stepMarks } from '../../../client/model/step-marks';
import { engineFor, fixtureText, until } from './engine-run';

/** The tree as indented lines: "step name [status]", "branch 0", "iteration 1". */
function outline(node: ExecutionTreeNode, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  const self =
    node.kind === 'execution' ? `${pad}${node.flowName} [${node.status}]` : node.kind === 'step' ? `${pad}${node.stepName} [${node.status}]` : `${pad}${node.kind} ${node.index}`;
  return [self, ...node.children.flatMap((c) => outline(c, depth + 1))];
}

test('steps nest under parallel branches, foreach iterations and the chosen choice path; a callback waits', async (t) => {
  const { backend, events } = engineFor(t);
  const model = new ExecutionsModel();
  backend.onEvent((f, x, e) => model.onEvent(f, x, e));
  const started = await backend.startExecution({ flowName: 'nested', definition: fixtureText('nested.flow.yaml'), input: fixtureText('nested.input.json') });
  await until(() => model.pendingCallbacks().length === 1);

  const tree = model.tree('nested', started.name)!;
  assert.deepEqual(outline(tree.root), [
    'nested [Running]',
    '  outer [succeeded]',
    '    branch 0',
    '      each [succeeded]',
    '        iteration 0',
    '          echo [succeeded]',
    '        iteration 1',
    '          echo [succeeded]',
    '    branch 1',
    '      pick [succeeded]',
    '        chosen [succeeded]',
    '      never [succeeded]',
    '  approve [waiting]',
  ]);
  const [pending] = model.pendingCallbacks();
  assert.equal(pending.stepName, 'approve');
  assert.equal(pending.executionName, started.name);
  assert.equal(pending.timeoutSeconds, 3600);
  assert.ok(pending.token.length >= 22, 'the real token from TaskScheduled');

  await backend.reportTaskSucceeded(pending.token, '{"approved": true}');
  await until(() => tree.root.status === 'Succeeded');
  assert.deepEqual(model.pendingCallbacks(), []);
  const approve = tree.root.children[1];
  assert.equal(approve.status, 'succeeded');
  assert.deepEqual(approve.output, { approved: true });

  // The same tree comes out of the whole history at once (what a reload or the cloud gives).
  const history = await backend.getExecutionHistory('nested', started.name);
  const rebuilt = executionTreeFromHistory({ flowName: 'nested', name: started.name, status: 'Running', startedTime: '' }, history);
  assert.deepEqual(outline(rebuilt.root), outline(tree.root));
  assert.equal(events.length, history.length);
});

test('StateMachine states nest under Parallel branches and Map iterations, the state a Choice picks is its sibling; a callback waits', async (t) => {
  const { backend, events } = engineFor(t);
  const model = new ExecutionsModel();
  backend.onEvent((f, x, e) => model.onEvent(f, x, e));
  const started = await backend.startExecution({ flowName: 'nested', definition: fixtureText('nested-statemachine.flow.yaml'), input: '{"items":[{"a":1},{"a":2}],"go":true}' });
  await until(() => model.pendingCallbacks().length === 1);

  const tree = model.tree('nested', started.name)!;
  assert.deepEqual(outline(tree.root), [
    'nested [Running]',
    '  outer [succeeded]',
    '    branch 0',
    '      each [succeeded]',
    '        iteration 0',
    '          echo [succeeded]',
    '        iteration 1',
    '          echo [succeeded]',
    '    branch 1',
    '      pick [succeeded]',
    '      chosen [succeeded]',
    '  approve [waiting]',
  ]);
  const [pending] = model.pendingCallbacks();
  assert.equal(pending.stepName, 'approve');
  assert.equal(pending.timeoutSeconds, 3600);

  await backend.reportTaskSucceeded(pending.token, '{"approved": true}');
  await until(() => tree.root.status === 'Succeeded');
  assert.deepEqual(model.pendingCallbacks(), []);
  const approve = tree.root.children[1];
  assert.equal(approve.status, 'succeeded');
  assert.deepEqual(approve.output, { approved: true });

  const history = await backend.getExecutionHistory('nested', started.name);
  const rebuilt = executionTreeFromHistory({ flowName: 'nested', name: started.name, status: 'Running', startedTime: '' }, history);
  assert.deepEqual(outline(rebuilt.root), outline(tree.root));
  assert.equal(events.length, history.length);
});

test('StateMachine: a failing Parallel branch aborts the other one (its open state shows stopped, with the error), the Parallel fails and its Catch goes on', async (t) => {
  const { backend } = engineFor(t, [{ name: 'declined', canInvoke: () => true, invoke: async () => ({ kind: 'failed', error: 'Payment.Declined', cause: 'card expired' }) }]);
  const model = new ExecutionsModel();
  backend.onEvent((f, x, e) => model.onEvent(f, x, e));
  const definition = readFileSync(join(__dirname, '..', '..', 'engine', 'fixtures', 'sm-parallel-branch-aborted', 'flow.flow.yaml'), 'utf8');
  const started = await backend.startExecution({ flowName: 'aborted', definition });
  const tree = model.tree('aborted', started.name)!;
  await until(() => tree.root.status === 'Succeeded');
  assert.deepEqual(outline(tree.root), [
    'aborted [Succeeded]',
    '  Fan [failed]',
    '    branch 0',
    '      Pause [stopped]',
    '    branch 1',
    '      Charge [failed]',
    '  Declined [succeeded]',
  ]);
  const pause = tree.root.children[0].children[0].children[0] as StepNode;
  assert.equal(pause.error, 'Payment.Declined');
  assert.equal(pause.cause, 'card expired');
});

test('a failed task keeps its error and cause; the execution ending marks unvisited steps skipped', async (t) => {
  const { backend } = engineFor(t, [{ name: 'fail', canInvoke: () => true, invoke: async () => ({ kind: 'failed', error: 'FC.ResourceThrottled', cause: 'busy' }) }]);
  const model = new ExecutionsModel();
  backend.onEvent((f, x, e) => model.onEvent(f, x, e));
  const text = fixtureText('failing.flow.yaml');
  const started = await backend.startExecution({ flowName: 'failing', definition: text });
  await backend.waitForExecution('failing', started.name);
  const root = model.tree('failing', started.name)!.root;
  assert.equal(root.status, 'Failed');
  const flaky = root.children[0];
  assert.equal(flaky.status, 'failed');
  assert.equal(flaky.error, 'FC.ResourceThrottled');
  assert.equal(flaky.cause, 'busy');
  assert.equal(flaky.attempts, 2, 'one retry');

  const marks = stepMarks(parseFlow(text).steps, root);
  assert.deepEqual(
    marks.map((m) => [m.stepName, m.status, text.slice(m.span.start, m.span.end)]),
    [
      ['flaky', 'failed', 'flaky'],
      ['after', 'skipped', 'after'],
    ],
  );
});

test('stopping an execution marks the waiting step stopped and drops its callback', async (t) => {
  const { backend } = engineFor(t);
  const model = new ExecutionsModel();
  backend.onEvent((f, x, e) => model.onEvent(f, x, e));
  const started = await backend.startExecution({ flowName: 'nested', definition: fixtureText('nested.flow.yaml'), input: fixtureText('nested.input.json') });
  await until(() => model.pendingCallbacks().length === 1);
  await backend.stopExecution('nested', started.name, 'Stopped', 'by the user');
  const root = model.tree('nested', started.name)!.root;
  assert.equal(root.status, 'Stopped');
  assert.equal(root.children[1].status, 'stopped');
  assert.deepEqual(model.pendingCallbacks(), []);
});

test('an execution that times out or is stopped leaves its open step stopped, not failed; a failed one leaves it failed', () => {
  const history = (end: string, detail: string) => [
    { eventId: 1, type: 'ExecutionStarted', time: '2026-11-29T10:00:00.000Z', eventDetail: '{"input":{}}' },
    { eventId: 2, scheduleEventId: 1, type: 'StepEntered', stepName: 'approve', time: '2026-11-29T10:00:00.001Z', eventDetail: '{"input":{},"local":{}}' },
    { eventId: 3, scheduleEventId: 2, type: 'StepStarted', stepName: 'approve', time: '2026-11-29T10:00:00.002Z', eventDetail: '{"input":{}}' },
    { eventId: 4, scheduleEventId: 1, type: end, time: '2026-11-29T10:05:00.000Z', eventDetail: detail },
  ];
  const stepAfter = (end: string, detail: string) =>
    executionTreeFromHistory({ flowName: 'f', name: 'e', status: 'Running', startedTime: '' }, history(end, detail)).root.children[0].status;
  assert.equal(stepAfter('ExecutionTimedOut', '{"error":"FnF.Timeout","cause":"flow timeout"}'), 'stopped');
  assert.equal(stepAfter('ExecutionStopped', '{"error":"Stopped","cause":""}'), 'stopped');
  assert.equal(stepAfter('ExecutionFailed', '{"error":"FnF.RuntimeError","cause":"x"}'), 'failed');
});

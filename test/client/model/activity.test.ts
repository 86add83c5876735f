/**
 * The status bar's counts and the rows whose elapsed time still counts, from executions run on a
 * real LocalBackend: one waiting for a callback, one busy in a task, one ended.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskInvoker } from '../../../engine/invoker';
import { activityCounts, countingNodes, rowsToRedraw } from '../../../client/model/activity';
import type { ExecutionTreeNode } from '../../../client/model/execution-tree';
import { ExecutionsModel } from '../../../client/model/executions-model';
import { acceptingInvoker, engineFor, fixtureText, until } from './engine-run';

const BUSY_FLOW = 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: busy\n    resourceArn: acs:fc:::services/s/functions/slow\n  - type: pass\n    name: after\n';
const QUICK_FLOW = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: only\n';

const label = (n: ExecutionTreeNode) => (n.kind === 'execution' ? `${n.flowName} [${n.status}]` : n.kind === 'step' ? `${n.stepName} [${n.status}]` : `${n.kind} ${n.index}`);

test('counts running and waiting executions apart, and lists the rows still counting', async (t) => {
  let finishBusy: ((output: unknown) => void) | undefined;
  const slow: TaskInvoker = {
    name: 'slow',
    canInvoke: (inv) => inv.resource.endsWith('/slow'),
    invoke: () => new Promise((resolve) => (finishBusy = (output) => resolve({ kind: 'succeeded', output }))),
  };
  const { backend } = engineFor(t, [slow, acceptingInvoker]);
  const model = new ExecutionsModel();
  backend.onEvent((f, x, e) => model.onEvent(f, x, e));

  const quick = await backend.startExecution({ flowName: 'quick', definition: QUICK_FLOW, input: '{}' });
  const waiting = await backend.startExecution({ flowName: 'nested', definition: fixtureText('nested.flow.yaml'), input: fixtureText('nested.input.json') });
  const busy = await backend.startExecution({ flowName: 'busy', definition: BUSY_FLOW, input: '{}' });
  await until(
    () =>
      model.pendingCallbacks().length === 1 &&
      model.tree('busy', busy.name)?.root.children.length === 1 &&
      model.tree('quick', quick.name)?.root.status === 'Succeeded' &&
      finishBusy !== undefined,
  );

  assert.deepEqual(activityCounts(model.executions(), model.pendingCallbacks()), { running: 1, waiting: 1 });
  const counting = countingNodes(model.executions());
  assert.deepEqual(counting.map(label).sort(), ['approve [waiting]', 'busy [Running]', 'busy [running]', 'nested [Running]']);
  // Young rows are redrawn every tick; once over a minute, every 15th tick only.
  assert.equal(rowsToRedraw(counting, Date.now(), 1, 15).length, 4);
  assert.equal(rowsToRedraw(model.pendingCallbacks(), Date.now(), 1, 15).length, 1);
  const later = Date.now() + 2 * 60_000;
  assert.deepEqual(rowsToRedraw(counting, later, 1, 15), []);
  assert.deepEqual(rowsToRedraw(model.pendingCallbacks(), later, 1, 15), []);
  assert.equal(rowsToRedraw(counting, later, 15, 15).length, 4);

  finishBusy!({ done: true });
  await until(() => model.tree('busy', busy.name)?.root.status === 'Succeeded');
  assert.deepEqual(activityCounts(model.executions(), model.pendingCallbacks()), { running: 0, waiting: 1 });

  const [pending] = model.pendingCallbacks();
  await backend.reportTaskSucceeded(pending.token, '{}');
  await until(() => model.tree('nested', waiting.name)?.root.status === 'Succeeded');
  assert.deepEqual(activityCounts(model.executions(), model.pendingCallbacks()), { running: 0, waiting: 0 });
  assert.deepEqual(countingNodes(model.executions()), []);
});

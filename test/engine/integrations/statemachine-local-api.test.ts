/**
 * The local FnF API serves StateMachine flows unchanged: a flow is started and watched through the
 * real `@alicloud/fnf-2019-03-15` client, its WaitForCustomCallback task runs a workspace function
 * in the local FC runtime, the function reports its token through the same SDK, and
 * GetExecutionHistory lists the StateMachine's events.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localApiHarness } from './local-api-harness';

const api = localApiHarness('statemachine-flows');
const runToEnd = api.runToEnd;

test('a StateMachine flow started through the SDK: the function reports success with its token, the execution ends with the built output', async () => {
  const d = await runToEnd('approved', { request: 'laptop', mode: 'approve' });
  assert.equal(d.Status, 'Succeeded', JSON.stringify(d));
  assert.deepEqual(JSON.parse(d.Output), { decision: 'approved: laptop' });
  const history = await api.client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'approved' });
  const types = history.Events.map((e: any) => e.Type);
  assert.deepEqual(types, ['ExecutionStarted', 'StateEntered', 'StateStarted', 'TaskScheduled', 'TaskSubmitted', 'TaskSucceeded', 'StateSucceeded', 'ExecutionSucceeded']);
});

test('ReportTaskFailed from the function fails the state and the execution with its error and cause', async () => {
  const d = await runToEnd('rejected', { request: 'yacht', mode: 'reject' });
  assert.equal(d.Status, 'Failed');
  const history = await api.client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'rejected' });
  const failed = history.Events.find((e: any) => e.Type === 'StateFailed');
  assert.deepEqual(JSON.parse(failed.EventDetail), { error: 'Rejected', cause: 'no budget for yacht' });
});

/**
 * End to end: a waitForCallback task runs a workspace function (s.yaml + Node code) in the local
 * FC runtime; the function reports back with the real `@alicloud/fnf-2019-03-15` client through
 * the local FnF API (endpoint and keys from its environment / context), and the execution
 * finishes with what it reported. The flow is started and watched through the same SDK.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localApiHarness } from './local-api-harness';

const logs: string[] = [];
const api = localApiHarness('flows', { onLog: (_f, exec, step, line) => logs.push(`${exec}/${step}: ${line}`) });
const runToEnd = api.runToEnd;

test('the function reports success with the SDK; the execution ends with its output; a second report is refused', async () => {
  const d = await runToEnd('approved', { request: 'laptop', mode: 'approve' });
  assert.equal(d.Status, 'Succeeded', JSON.stringify(d));
  assert.equal(JSON.parse(d.Output).decision, 'approved: laptop');
  const history = await api.client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'approved' });
  const types = history.Events.map((e: any) => e.Type);
  assert.ok(types.includes('TaskSubmitted') && types.includes('TaskSucceeded'), types.join());
  const succeeded = history.Events.find((e: any) => e.Type === 'TaskSucceeded');
  // the function logs the EventId ReportTaskSucceeded returned, then the refusal of its second report
  await waitFor(() => logs.some((l) => l.includes('second report refused')));
  assert.ok(
    logs.some((l) => l.startsWith('approved/approve: ') && l.endsWith(`[INFO] reported, event ${succeeded.EventId}`)),
    logs.join('\n'),
  );
  assert.ok(
    logs.some((l) => l.endsWith('[INFO] second report refused: TaskAlreadyCompleted')),
    logs.join('\n'),
  );
});

test('ReportTaskFailed from the function fails the step with its error and cause', async () => {
  const d = await runToEnd('rejected', { request: 'yacht', mode: 'reject' });
  assert.equal(d.Status, 'Failed');
  const history = await api.client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'rejected' });
  const failed = history.Events.find((e: any) => e.Type === 'TaskFailed');
  assert.deepEqual(JSON.parse(failed.EventDetail), { error: 'Rejected', cause: 'no budget for yacht' });
});

test('reports with an unknown or finished token get the service codes through the SDK', async () => {
  await assert.rejects(api.client.reportTaskSucceeded({ TaskToken: 'AAAAAAAAAAAAAAAAAAAAAA', Output: '{}' }), (e: any) => e.code === 'InvalidArgument');
  const history = await api.client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'approved' });
  const scheduled = history.Events.find((e: any) => e.Type === 'TaskScheduled');
  const token = JSON.parse(scheduled.EventDetail).taskToken;
  assert.ok(token);
  await assert.rejects(api.client.reportTaskFailed({ TaskToken: token, Error: 'Late' }), (e: any) => e.code === 'TaskAlreadyCompleted');
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

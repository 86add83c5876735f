import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEvent } from '../../../engine/backend';
import { waitingCallbacks } from '../../../client/cloud/callback-tokens';
import { CloudBackend } from '../../../client/cloud/cloud-backend';
import { toCloudError } from '../../../client/cloud/cloud-errors';
import type { FnfClient } from '../../../client/cloud/fnf-client';
import { flowNameFromPath, isValidFlowName } from '../../../client/cloud/flow-name';

/** An error as pop-core throws it for a service error body. */
function serviceError(code: string, message = code) {
  return Object.assign(new Error(`${message}, URL: https://x/?AccessKeyId=AK&Signature=s`), {
    name: `${code}Error`,
    code,
    data: { Code: code, Message: message, RequestId: 'RID-1' },
  });
}

function fakeClient(existing: Set<string>, calls: [string, Record<string, unknown>][]): FnfClient {
  const record = (action: string) => async (p: Record<string, unknown>) => {
    calls.push([action, p]);
    if (action === 'describeFlow' && !existing.has(String(p.Name))) throw serviceError('FlowNotExists', 'flow does not exist');
    if (action === 'createFlow') existing.add(String(p.Name));
    return { Name: p.Name };
  };
  return { describeFlow: record('describeFlow'), createFlow: record('createFlow'), updateFlow: record('updateFlow') } as unknown as FnfClient;
}

test('deploy creates the flow when it does not exist, and updates it afterwards', async () => {
  const calls: [string, Record<string, unknown>][] = [];
  const backend = new CloudBackend({ client: fakeClient(new Set(), calls), endpoint: 'https://cn-hangzhou.fnf.aliyuncs.com', region: 'cn-hangzhou' });
  assert.deepEqual(await backend.deployFlow({ name: 'orders', definition: 'version: v1\n' }), { created: true });
  assert.deepEqual(calls[1], ['createFlow', { Name: 'orders', Definition: 'version: v1\n', Description: '', Type: 'FDL' }]);
  assert.deepEqual(await backend.deployFlow({ name: 'orders', definition: 'v2', roleArn: 'acs:ram::1:role/fnf' }), { created: false });
  assert.deepEqual(calls[3], ['updateFlow', { Name: 'orders', Definition: 'v2', RoleArn: 'acs:ram::1:role/fnf' }]);
});

test('a missing RAM permission on a report names fnf:ReportTaskSucceeded and fnf:ReportTaskFailed', () => {
  const ctx = { action: 'ReportTaskSucceeded', endpoint: 'https://cn-shanghai.fnf.aliyuncs.com', region: 'cn-shanghai', accountId: '123', locale: 'en' as const };
  for (const code of ['Forbidden', 'NoPermission', 'Forbidden.RAM']) {
    const e = toCloudError(serviceError(code, 'You are not authorized'), ctx);
    assert.equal(e.code, code);
    assert.equal(e.requestId, 'RID-1');
    assert.match(e.guidance, /fnf:ReportTaskSucceeded and fnf:ReportTaskFailed/);
    assert.match(e.guidance, /acs:fnf:cn-shanghai:123:flow\/\*/);
    assert.ok(!e.message.includes('AccessKeyId=AK'));
  }
  const other = toCloudError(serviceError('Forbidden'), { ...ctx, action: 'StartExecution', locale: 'zh-cn' });
  assert.match(other.guidance, /fnf:StartExecution/);
  assert.match(other.guidance, /AliyunFnFFullAccess/);
});

const ev = (eventId: number, type: string, stepName: string, detail?: object, scheduleEventId?: number): HistoryEvent => ({
  eventId,
  type,
  stepName,
  time: 't',
  ...(detail ? { eventDetail: JSON.stringify(detail) } : {}),
  ...(scheduleEventId ? { scheduleEventId } : {}),
});

test('waiting callbacks: token from the detail or the mapped input; answered ones drop out, through a chain of ScheduleEventIds too', () => {
  const events = [
    ev(1, 'ExecutionStarted', ''),
    ev(2, 'TaskScheduled', 'a', { pattern: 'waitForCallback', taskToken: 'token-aaaaaaaa' }),
    ev(3, 'TaskScheduled', 'b', { input: { taskToken: 'token-bbbbbbbb', request: 'x' }, pattern: 'waitForCallback' }),
    ev(4, 'TaskScheduled', 'c', { input: { task: { token: 'token-cccccccc' } } }),
    ev(5, 'TaskScheduled', 'd', { pattern: 'requestResponse', input: { taskToken: 'not-a-callback' } }),
    ev(6, 'TaskSubmitted', 'a', {}, 2),
    ev(7, 'TaskSucceeded', 'a', { output: {} }, 6),
  ];
  assert.deepEqual(
    waitingCallbacks(events).map((w) => [w.stepName, w.taskToken]),
    [
      ['b', 'token-bbbbbbbb'],
      ['c', 'token-cccccccc'],
    ],
  );
  assert.deepEqual(waitingCallbacks([...events, ev(8, 'ExecutionStopped', '')]), []);
  // a callback whose token the history does not show is still listed, without a token
  assert.deepEqual(
    waitingCallbacks([ev(1, 'TaskScheduled', 'x', { pattern: 'waitForCallback', input: {} })]).map((w) => w.taskToken),
    [undefined],
  );
});

test('flow names come from the file name', () => {
  assert.equal(flowNameFromPath('/w/flows/order-process.flow.yaml'), 'order-process');
  assert.equal(flowNameFromPath('C:\\w\\a.flow.yml'.replace(/\\/g, '/')), 'a');
  assert.equal(flowNameFromPath('/w/plain.yaml'), 'plain');
  assert.ok(isValidFlowName('order_process-2'));
  assert.ok(!isValidFlowName('2orders') && !isValidFlowName('has space') && !isValidFlowName(''));
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FnfApiServer } from '../../../engine/api/fnf-api-server';
import { flowDirectory } from '../../../engine/api/flow-directory';
import { loadOrCreateLocalAccessKey, localApiKeyPath } from '../../../engine/api/local-api-key';
import { rpcSignature } from '../../../engine/api/fnf-rpc-signature';
import type { TaskInvocation, TaskInvoker } from '../../../engine/invoker';
import { LocalBackend } from '../../../engine/local-backend';

// The real SDK (plain JS, no typings): the same client a workspace function uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const FnF = require('@alicloud/fnf-2019-03-15');

/** Accepts every waitForCallback task and remembers its token, so the test can report it. */
class AcceptingInvoker implements TaskInvoker {
  readonly name = 'accepting';
  readonly tokens = new Map<string, string>();
  canInvoke(): boolean {
    return true;
  }
  async invoke(inv: TaskInvocation) {
    this.tokens.set(inv.executionName, inv.taskToken ?? '');
    return { kind: 'accepted' as const };
  }
  tokenOf(executionName: string): string {
    return this.tokens.get(executionName) ?? '';
  }
}

const store = mkdtempSync(join(tmpdir(), 'fnf-api-'));
const invoker = new AcceptingInvoker();
const backend = new LocalBackend({ storeDir: store, invokers: [invoker] });
const key = loadOrCreateLocalAccessKey(store);
const server = new FnfApiServer({ backend, key, flows: flowDirectory([join(__dirname, 'fixtures', 'flows')]) });
let client: any;

before(async () => {
  await server.start();
  client = new FnF({ endpoint: server.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, opts: { timeout: 5000 } });
});
after(async () => {
  // Executions still waiting for a callback would keep their step timers alive.
  for (const r of backend.running()) await backend.stopExecution(r.flowName, r.executionName).catch(() => undefined);
  await server.stop();
  backend.close();
  rmSync(store, { recursive: true, force: true });
});

/** The token of the execution's waiting task, once the engine has invoked it. */
async function waitToken(executionName: string): Promise<string> {
  for (let i = 0; i < 200 && !invoker.tokenOf(executionName); i++) await new Promise((r) => setTimeout(r, 5));
  return invoker.tokenOf(executionName);
}

async function rejects(p: Promise<unknown>, code: string): Promise<any> {
  try {
    await p;
  } catch (e) {
    assert.equal((e as { code?: string }).code, code, String(e));
    return (e as { data: unknown }).data;
  }
  assert.fail(`expected ${code}`);
}

/** The refusal's code, HTTP status and body (pop-core keeps the status on err.entry). */
async function refusal(p: Promise<unknown>): Promise<{ code: string; status: number; body: any }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; data: any; entry?: { response?: { statusCode?: number } } };
    return { code: err.code, status: err.entry?.response?.statusCode ?? 0, body: err.data };
  }
  assert.fail('expected a refusal');
}

test('the key pair is generated once per store, kept 0600', () => {
  const file = localApiKeyPath(store);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(loadOrCreateLocalAccessKey(store), key);
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(saved.accessKeyId, key.accessKeyId);
  assert.match(key.accessKeyId, /^LOCAL[A-Za-z0-9]{19}$/);
  assert.match(key.accessKeySecret, /^[A-Za-z0-9]{30}$/);
  assert.ok(server.endpoint.startsWith('http://127.0.0.1:'));
});

test('StartExecution (POST) and DescribeExecution (GET) with the service field names', async () => {
  const started = await client.startExecution({ FlowName: 'approval', ExecutionName: 'e1', Input: '{"request":"leave","mode":"approve"}' });
  assert.equal(started.Name, 'e1');
  assert.equal(started.FlowName, 'approval');
  assert.equal(started.Status, 'Running');
  assert.equal(started.Input, '{"request":"leave","mode":"approve"}');
  assert.match(started.FlowDefinition, /^version: v1/);
  assert.match(started.RequestId, /^[0-9A-F-]{36}$/);
  const described = await client.describeExecution({ FlowName: 'approval', ExecutionName: 'e1' });
  assert.deepEqual(Object.keys(described).sort(), ['FlowDefinition', 'FlowName', 'Input', 'Name', 'Output', 'RequestId', 'StartedTime', 'Status', 'StoppedTime']);
});

test('ReportTaskSucceeded → EventId; the same token again → TaskAlreadyCompleted; unknown → InvalidArgument', async () => {
  await client.startExecution({ FlowName: 'approval', ExecutionName: 'e2' });
  const token = await waitToken('e2');
  const reported = await client.reportTaskSucceeded({ TaskToken: token, Output: '{"decision":"yes"}' });
  assert.ok(reported.RequestId);
  const events = (await client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'e2' })).Events;
  assert.equal(reported.EventId, events.find((e: any) => e.Type === 'TaskSucceeded').EventId);
  const body = await rejects(client.reportTaskSucceeded({ TaskToken: token, Output: '{}' }), 'TaskAlreadyCompleted');
  assert.deepEqual(Object.keys(body).sort(), ['Code', 'HostId', 'Message', 'RequestId']);
  await rejects(client.reportTaskFailed({ TaskToken: 'no-such-token', Error: 'E' }), 'InvalidArgument');
  const done = await client.describeExecution({ FlowName: 'approval', ExecutionName: 'e2' });
  assert.equal(done.Status, 'Succeeded');
  assert.equal(done.Output, '{"decision":"yes"}');
});

test('ReportTaskFailed, argument checks', async () => {
  await client.startExecution({ FlowName: 'approval', ExecutionName: 'e3' });
  await rejects(client.reportTaskFailed({ TaskToken: await waitToken('e3'), Error: 'x'.repeat(129) }), 'InvalidArgument');
  const r = await client.reportTaskFailed({ TaskToken: await waitToken('e3'), Error: 'Rejected', Cause: 'no budget' });
  const events = (await client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'e3' })).Events;
  assert.equal(r.EventId, events.find((e: any) => e.Type === 'TaskFailed').EventId);
  await rejects(client.reportTaskSucceeded({ TaskToken: '', Output: '{}' }), 'MissingRequiredParams');
});

test('GetExecutionHistory, ListExecutions with paging, StopExecution', async () => {
  const history = await client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'e2' });
  const types = history.Events.map((e: any) => e.Type);
  assert.equal(types[0], 'ExecutionStarted');
  assert.equal(types.at(-1), 'ExecutionSucceeded');
  assert.ok(types.includes('TaskSubmitted') && types.includes('TaskSucceeded'));
  const succeeded = history.Events.find((e: any) => e.Type === 'TaskSucceeded');
  assert.deepEqual(Object.keys(succeeded).sort(), ['EventDetail', 'EventId', 'ScheduleEventId', 'StepName', 'Time', 'Type']);
  const page1 = await client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'e2', Limit: 3 });
  assert.deepEqual(
    page1.Events.map((e: any) => e.EventId),
    [1, 2, 3],
  );
  const rest = await client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'e2', Limit: 100, NextToken: page1.NextToken });
  assert.equal(rest.Events[0].EventId, 4);
  assert.equal(rest.Events.length, history.Events.length - 3);
  assert.equal(rest.NextToken, undefined);

  await client.startExecution({ FlowName: 'approval', ExecutionName: 'e4' });
  const stopped = await client.stopExecution({ FlowName: 'approval', ExecutionName: 'e4', Error: 'Cancelled', Cause: 'by test' });
  assert.equal(stopped.Status, 'Stopped');
  const list = await client.listExecutions({ FlowName: 'approval', Limit: 2 });
  assert.equal(list.Executions.length, 2);
  assert.ok(list.NextToken);
  const more = await client.listExecutions({ FlowName: 'approval', Limit: 50, NextToken: list.NextToken });
  const names = [...list.Executions, ...more.Executions].map((e: any) => e.Name).sort();
  assert.deepEqual(names, ['e1', 'e2', 'e3', 'e4']);
  const running = await client.listExecutions({ FlowName: 'approval', Status: 'Running' });
  assert.deepEqual(
    running.Executions.map((e: any) => e.Name),
    ['e1'],
  );
});

test('DescribeExecution long-polls with WaitTimeSeconds', async () => {
  await client.startExecution({ FlowName: 'approval', ExecutionName: 'e5' });
  setTimeout(async () => void backend.reportTaskSucceeded(await waitToken('e5'), '{}'), 50);
  const started = Date.now();
  const d = await client.describeExecution({ FlowName: 'approval', ExecutionName: 'e5', WaitTimeSeconds: 10 });
  assert.equal(d.Status, 'Succeeded');
  assert.ok(Date.now() - started < 3000);
});

test('flows: DescribeFlow, ListFlows, unknown flow and execution codes', async () => {
  const flow = await client.describeFlow({ Name: 'approval' });
  assert.equal(flow.Name, 'approval');
  assert.equal(flow.Type, 'FDL');
  assert.match(flow.Definition, /waitForCallback/);
  const flows = await client.listFlows({});
  assert.deepEqual(
    flows.Flows.map((f: any) => f.Name),
    ['approval'],
  );
  await rejects(client.describeFlow({ Name: 'nope' }), 'FlowNotExists');
  await rejects(client.startExecution({ FlowName: 'nope' }), 'FlowNotExists');
  await rejects(client.describeExecution({ FlowName: 'approval', ExecutionName: 'zzz' }), 'ExecutionNotExists');
  await rejects(client.startExecution({ FlowName: 'approval', ExecutionName: 'e1' }), 'ExecutionAlreadyExists');
});

test('ListExecutions of an unknown flow → FlowNotExists (404); a flow known only from the store still lists', async () => {
  const unknown = await refusal(client.listExecutions({ FlowName: 'nope' }));
  assert.deepEqual([unknown.code, unknown.status], ['FlowNotExists', 404]);
  assert.match(unknown.body.Message, /nope/);
  // Run outside the served folders (as `fdl run` does): its executions are in the store, so the flow exists.
  const started = await backend.startExecution({ flowName: 'adhoc', definition: 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n', executionName: 'x1' });
  await backend.waitForExecution('adhoc', started.name);
  assert.deepEqual(
    (await client.listExecutions({ FlowName: 'adhoc' })).Executions.map((e: any) => e.Name),
    ['x1'],
  );
  // A served flow with no executions yet lists empty.
  const other = await client.listExecutions({ FlowName: 'approval', ExecutionNamePrefix: 'none-' });
  assert.deepEqual(other.Executions, []);
});

test('StopExecution of a finished execution → ExecutionAlreadyCompleted (400), nothing changes', async () => {
  const before = await client.describeExecution({ FlowName: 'approval', ExecutionName: 'e2' });
  assert.equal(before.Status, 'Succeeded');
  const done = await refusal(client.stopExecution({ FlowName: 'approval', ExecutionName: 'e2', Error: 'Late' }));
  assert.deepEqual([done.code, done.status], ['ExecutionAlreadyCompleted', 400]);
  assert.deepEqual(Object.keys(done.body).sort(), ['Code', 'HostId', 'Message', 'RequestId']);
  const after = await client.describeExecution({ FlowName: 'approval', ExecutionName: 'e2' });
  assert.deepEqual({ ...after, RequestId: '' }, { ...before, RequestId: '' });
  await rejects(client.stopExecution({ FlowName: 'approval', ExecutionName: 'no-such' }), 'ExecutionNotExists');
});

test('gateway checks: wrong secret, unknown key, unsupported action and version', async () => {
  const wrong = new FnF({ endpoint: server.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: 'not-the-secret' });
  await rejects(wrong.describeFlow({ Name: 'approval' }), 'SignatureDoesNotMatch');
  const stranger = new FnF({ endpoint: server.endpoint, accessKeyId: 'LTAIsomeoneelse', accessKeySecret: key.accessKeySecret });
  const unknownKey = await refusal(stranger.listFlows({}));
  assert.deepEqual([unknownKey.code, unknownKey.status, unknownKey.body.Message], ['InvalidAccessKeyID', 403, 'The AccessKey ID LTAIsomeoneelse is invalid.']);
  await rejects(client.request('CreateSchedule', { FlowName: 'approval' }, {}), 'ActionNotSupported');
  await rejects(client.request('ListFlows', { Version: '2015-01-01' }, {}), 'APIVersionNotSupported');
});

test('a replayed request (same nonce) is refused; a stale timestamp too', async () => {
  const params: Record<string, string> = {
    Action: 'ListFlows',
    Version: '2019-03-15',
    Format: 'JSON',
    AccessKeyId: key.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: 'nonce-1',
    Timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  params.Signature = rpcSignature('GET', params, key.accessKeySecret);
  const get = (p: Record<string, string>) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(`${server.endpoint}/?${new URLSearchParams(p)}`, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end();
    });
  assert.equal((await get(params)).status, 200);
  const again = await get(params);
  assert.equal(again.status, 400);
  assert.equal(again.body.Code, 'SignatureNonceUsed');
  const stale: Record<string, string> = { ...params, SignatureNonce: 'nonce-2', Timestamp: '2019-03-15T00:00:00Z' };
  stale.Signature = rpcSignature('GET', stale, key.accessKeySecret);
  assert.equal((await get(stale)).body.Code, 'InvalidTimeStamp.Expired');
  const unsigned = await get({ Action: 'ListFlows', Version: '2019-03-15' });
  assert.deepEqual([unsigned.status, unsigned.body.Code], [400, 'IncompleteSignature']);
});

/**
 * The local FnF API serves StateMachine flows unchanged: a flow is started and watched through the
 * real `@alicloud/fnf-2019-03-15` client, its WaitForCustomCallback task runs a workspace function
 * in the local FC runtime, the function reports its token through the same SDK, and
 * GetExecutionHistory lists the StateMachine's events.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FnfApiServer } from '../../../engine/api/fnf-api-server';
import { flowDirectory } from '../../../engine/api/flow-directory';
import { loadOrCreateLocalAccessKey } from '../../../engine/api/local-api-key';
import { LocalCodeInvoker } from '../../../engine/invokers/local-code-invoker';
import { LocalFunctionCatalog } from '../../../engine/invokers/local-function-catalog';
import { LocalBackend } from '../../../engine/local-backend';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FnF = require('@alicloud/fnf-2019-03-15');

const fixtures = join(__dirname, 'fixtures');
const store = mkdtempSync(join(tmpdir(), 'fnf-sm-'));
const backend = new LocalBackend({ storeDir: store });
const key = loadOrCreateLocalAccessKey(store);
const server = new FnfApiServer({ backend, key, flows: flowDirectory([join(fixtures, 'statemachine-flows')]) });
let client: any;

before(async () => {
  await backend.open();
  await server.start();
  const catalog = LocalFunctionCatalog.discover(join(fixtures, 'local-app'));
  backend.addInvoker(new LocalCodeInvoker({ catalog, fnfApi: { endpoint: server.endpoint, ...key }, locale: 'en' }));
  client = new FnF({ endpoint: server.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, opts: { timeout: 20000 } });
});
after(async () => {
  for (const r of backend.running()) await backend.stopExecution(r.flowName, r.executionName).catch(() => undefined);
  await server.stop();
  backend.close();
  rmSync(store, { recursive: true, force: true });
});

async function runToEnd(name: string, input: object): Promise<any> {
  const started = await client.startExecution({ FlowName: 'approval', ExecutionName: name, Input: JSON.stringify(input) });
  assert.equal(started.Status, 'Running');
  for (let i = 0; i < 5; i++) {
    const d = await client.describeExecution({ FlowName: 'approval', ExecutionName: name, WaitTimeSeconds: 10 });
    if (d.Status !== 'Running') return d;
  }
  assert.fail(`${name} did not finish`);
}

test('a StateMachine flow started through the SDK: the function reports success with its token, the execution ends with the built output', async () => {
  const d = await runToEnd('approved', { request: 'laptop', mode: 'approve' });
  assert.equal(d.Status, 'Succeeded', JSON.stringify(d));
  assert.deepEqual(JSON.parse(d.Output), { decision: 'approved: laptop' });
  const history = await client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'approved' });
  const types = history.Events.map((e: any) => e.Type);
  assert.deepEqual(types, ['ExecutionStarted', 'StateEntered', 'StateStarted', 'TaskScheduled', 'TaskSubmitted', 'TaskSucceeded', 'StateSucceeded', 'ExecutionSucceeded']);
});

test('ReportTaskFailed from the function fails the state and the execution with its error and cause', async () => {
  const d = await runToEnd('rejected', { request: 'yacht', mode: 'reject' });
  assert.equal(d.Status, 'Failed');
  const history = await client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'rejected' });
  const failed = history.Events.find((e: any) => e.Type === 'StateFailed');
  assert.deepEqual(JSON.parse(failed.EventDetail), { error: 'Rejected', cause: 'no budget for yacht' });
});

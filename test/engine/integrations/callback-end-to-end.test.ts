/**
 * End to end: a waitForCallback task runs a workspace function (s.yaml + Node code) in the local
 * FC runtime; the function reports back with the real `@alicloud/fnf-2019-03-15` client through
 * the local FnF API (endpoint and keys from its environment / context), and the execution
 * finishes with what it reported. The flow is started and watched through the same SDK.
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
const store = mkdtempSync(join(tmpdir(), 'fnf-e2e-'));
const logs: string[] = [];
const backend = new LocalBackend({ storeDir: store, onLog: (_f, exec, step, line) => logs.push(`${exec}/${step}: ${line}`) });
const key = loadOrCreateLocalAccessKey(store);
const server = new FnfApiServer({ backend, key, flows: flowDirectory([join(fixtures, 'flows')]) });
let client: any;

before(async () => {
  await backend.open();
  await server.start();
  const catalog = LocalFunctionCatalog.discover(join(fixtures, 'local-app'));
  backend.addInvoker(new LocalCodeInvoker({ catalog, fnfApi: { endpoint: server.endpoint, ...key }, locale: 'en' }));
  client = new FnF({ endpoint: server.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, opts: { timeout: 20000 } });
});
after(async () => {
  // Executions still waiting for a callback would keep their step timers alive.
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

test('the function reports success with the SDK; the execution ends with its output; a second report is refused', async () => {
  const d = await runToEnd('approved', { request: 'laptop', mode: 'approve' });
  assert.equal(d.Status, 'Succeeded', JSON.stringify(d));
  assert.equal(JSON.parse(d.Output).decision, 'approved: laptop');
  const history = await client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'approved' });
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
  const history = await client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'rejected' });
  const failed = history.Events.find((e: any) => e.Type === 'TaskFailed');
  assert.deepEqual(JSON.parse(failed.EventDetail), { error: 'Rejected', cause: 'no budget for yacht' });
});

test('reports with an unknown or finished token get the service codes through the SDK', async () => {
  await assert.rejects(client.reportTaskSucceeded({ TaskToken: 'AAAAAAAAAAAAAAAAAAAAAA', Output: '{}' }), (e: any) => e.code === 'InvalidArgument');
  const history = await client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'approved' });
  const scheduled = history.Events.find((e: any) => e.Type === 'TaskScheduled');
  const token = JSON.parse(scheduled.EventDetail).taskToken;
  assert.ok(token);
  await assert.rejects(client.reportTaskFailed({ TaskToken: token, Error: 'Late' }), (e: any) => e.code === 'TaskAlreadyCompleted');
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Names in requests to the local API, through the real SDK: a malformed flow or execution name
 * (`../cb`, which would be a path in the store) is InvalidArgument (400), a well-formed unknown one
 * FlowNotExists / ExecutionNotExists (404), never InternalServerError; a second start of an
 * existing execution is ExecutionAlreadyExists with the service's documented status, 400.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FnfApiServer } from '../../../engine/api/fnf-api-server';
import { flowDirectory } from '../../../engine/api/flow-directory';
import { loadOrCreateLocalAccessKey } from '../../../engine/api/local-api-key';
import { LocalBackend } from '../../../engine/local-backend';
import { fdl, oneJsonObject } from '../../cli/fdl-process';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FnF = require('@alicloud/fnf-2019-03-15');

const store = mkdtempSync(join(tmpdir(), 'fnf-api-names-'));
const backend = new LocalBackend({ storeDir: store, invokers: [] });
const key = loadOrCreateLocalAccessKey(store);
const server = new FnfApiServer({ backend, key, flows: flowDirectory([join(__dirname, 'fixtures', 'flows')]) });
let client: any;

before(async () => {
  await server.start();
  client = new FnF({ endpoint: server.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, opts: { timeout: 5000 } });
});
after(async () => {
  for (const r of backend.running()) await backend.stopExecution(r.flowName, r.executionName).catch(() => undefined);
  await server.stop();
  backend.close();
  rmSync(store, { recursive: true, force: true });
});

async function refusal(p: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; data: any; entry?: { response?: { statusCode?: number } } };
    return { code: err.code, status: err.entry?.response?.statusCode ?? 0, message: String(err.data?.Message ?? '') };
  }
  assert.fail('expected a refusal');
}

test('a malformed execution or flow name is InvalidArgument (400) in every action that takes one', async () => {
  const calls: [string, () => Promise<unknown>][] = [
    ['DescribeExecution', () => client.describeExecution({ FlowName: 'approval', ExecutionName: '../cb' })],
    ['GetExecutionHistory', () => client.getExecutionHistory({ FlowName: 'approval', ExecutionName: '../cb' })],
    ['StopExecution', () => client.stopExecution({ FlowName: 'approval', ExecutionName: '../cb' })],
    ['StartExecution', () => client.startExecution({ FlowName: 'approval', ExecutionName: '../../x' })],
    ['DescribeExecution (flow)', () => client.describeExecution({ FlowName: '../approval', ExecutionName: 'e1' })],
    ['GetExecutionHistory (flow)', () => client.getExecutionHistory({ FlowName: 'a/b', ExecutionName: 'e1' })],
    ['ListExecutions (flow)', () => client.listExecutions({ FlowName: '..' })],
    ['DescribeFlow', () => client.describeFlow({ Name: '../approval' })],
  ];
  for (const [action, call] of calls) {
    const r = await refusal(call());
    assert.deepEqual([r.code, r.status], ['InvalidArgument', 400], `${action}: ${JSON.stringify(r)}`);
    assert.match(r.message, /name .* is not valid: use letters, digits, _ and -/, action);
  }
});

test('a well-formed unknown execution is ExecutionNotExists (404), an unknown flow FlowNotExists (404)', async () => {
  for (const call of [
    () => client.describeExecution({ FlowName: 'approval', ExecutionName: 'cb' }),
    () => client.getExecutionHistory({ FlowName: 'approval', ExecutionName: 'cb' }),
    () => client.stopExecution({ FlowName: 'approval', ExecutionName: 'cb' }),
  ]) {
    const r = await refusal(call());
    assert.deepEqual([r.code, r.status], ['ExecutionNotExists', 404]);
  }
  const flow = await refusal(client.describeFlow({ Name: 'nope' }));
  assert.deepEqual([flow.code, flow.status], ['FlowNotExists', 404]);
});

test('starting an execution whose name exists is ExecutionAlreadyExists, 400 as the service documents', async () => {
  await client.startExecution({ FlowName: 'approval', ExecutionName: 'twice', Input: '{"request":"leave","mode":"approve"}' });
  const r = await refusal(client.startExecution({ FlowName: 'approval', ExecutionName: 'twice' }));
  assert.deepEqual([r.code, r.status], ['ExecutionAlreadyExists', 400]);
});

test('fdl run --name ../../x --json is refused InvalidArgument, not InternalError, and writes nothing', { timeout: 30_000 }, async () => {
  const runStore = join(store, 'run');
  const r = await fdl(['run', join(__dirname, '..', '..', 'cli', 'fixtures', 'wait-then-pass.flow.yaml'), '--name', '../../x', '--time-scale', '0', '--store', runStore, '--json']);
  assert.equal(r.code, 2);
  const out = oneJsonObject(r.stdout);
  assert.equal(out.error, 'InvalidArgument');
  assert.match(String(out.cause), /^Execution name \.\.\/\.\.\/x is not valid/);
  assert.match(r.stderr, /Execution name \.\.\/\.\.\/x is not valid/);
  assert.ok(!existsSync(runStore), 'the store was not touched');
});

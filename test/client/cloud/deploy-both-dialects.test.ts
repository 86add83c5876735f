/**
 * Deploy of both dialects and Express starts, through the real `@alicloud/fnf-2019-03-15` client
 * against a loopback stand-in of the service that verifies every signature (fnf-cloud-standin.ts).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudBackend } from '../../../client/cloud/cloud-backend';
import { CloudServiceError } from '../../../client/cloud/cloud-errors';
import { callbackSteps, deployDefinition } from '../../../client/cloud/deploy-definition';
import { createFnfClient } from '../../../client/cloud/fnf-client';
import { startFnfCloudStandIn, type FnfCloudStandIn } from './fnf-cloud-standin';

let cloud: FnfCloudStandIn;
let backend: CloudBackend;
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'deploy', name), 'utf8');
const applyFix = (text: string, fix: { offset: number; length: number; text: string }) => text.slice(0, fix.offset) + fix.text + text.slice(fix.offset + fix.length);

before(async () => {
  cloud = await startFnfCloudStandIn();
  backend = new CloudBackend({
    client: createFnfClient({ endpoint: cloud.endpoint, credentials: { accessKeyId: cloud.key.accessKeyId, accessKeySecret: cloud.key.accessKeySecret }, timeoutMs: 5000 }),
    endpoint: cloud.endpoint,
    region: 'cn-hangzhou',
    pollIntervalMs: 10,
    maxPollIntervalMs: 40,
  });
});
after(async () => {
  backend.dispose();
  await cloud.close();
});

test('a classic flow is created with Type FDL in the mode chosen, then updated in place', async () => {
  const text = fixture('greet.flow.yaml');
  const definition = deployDefinition(text, 'greet');
  assert.deepEqual(definition, { dialect: 'classic', nameCheck: { ok: true } });
  assert.equal(await backend.describeFlow('greet'), undefined);
  assert.deepEqual(await backend.deployFlow({ name: 'greet', definition: text, executionMode: 'Express' }), { created: true });
  const created = await backend.describeFlow('greet');
  assert.deepEqual([created?.Type, created?.ExecutionMode, created?.Definition], ['FDL', 'Express', text]);
  const changed = text.replace('name: greet', 'name: greet2');
  const seen = cloud.actions.length;
  assert.deepEqual(await backend.deployFlow({ name: 'greet', definition: changed }), { created: false });
  assert.deepEqual(cloud.actions.slice(seen), ['DescribeFlow', 'UpdateFlow']);
  const updated = await backend.describeFlow('greet');
  assert.deepEqual([updated?.Definition, updated?.ExecutionMode], [changed, 'Express']);
});

test('a StateMachine whose Name is not the flow name is found before deploying, and the fix makes it deployable', async () => {
  const text = fixture('orders.flow.yaml');
  const check = deployDefinition(text, 'orders');
  assert.equal(check.dialect, 'stateMachine');
  assert.ok(!check.nameCheck.ok);
  if (check.nameCheck.ok) return;
  assert.equal(check.nameCheck.found, 'order-flow');
  const fixed = applyFix(text, check.nameCheck.fix);
  assert.equal(fixed, text.replace('Name: order-flow', 'Name: orders'));
  assert.deepEqual(deployDefinition(fixed, 'orders').nameCheck, { ok: true });
  assert.deepEqual(await backend.deployFlow({ name: 'orders', definition: fixed }), { created: true });
  const deployed = await backend.describeFlow('orders');
  assert.deepEqual([deployed?.Type, deployed?.ExecutionMode], ['FDL', 'Standard']);
  assert.match(deployed!.Definition!, /^Name: orders$/m);
});

test('a StateMachine without Name gets one inserted beside Type, in YAML and in JSON', () => {
  const yaml = 'Type: StateMachine\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    End: true\n';
  const y = deployDefinition(yaml, 'orders').nameCheck;
  assert.ok(!y.ok && y.found === undefined);
  if (!y.ok) assert.equal(applyFix(yaml, y.fix), `Name: orders\n${yaml}`);
  const json = '{"Type": "StateMachine", "StartAt": "A", "States": []}';
  const j = deployDefinition(json, 'orders').nameCheck;
  if (j.ok) assert.fail('expected a missing Name');
  assert.deepEqual(JSON.parse(applyFix(json, j.fix)).Name, 'orders');
  const quoted = '{"Type": "StateMachine", "Name": "x"}';
  const q = deployDefinition(quoted, 'orders').nameCheck;
  if (q.ok) assert.fail('expected a wrong Name');
  assert.deepEqual(JSON.parse(applyFix(quoted, q.fix)), { Type: 'StateMachine', Name: 'orders' });
});

test('an Express flow starts with StartSyncExecution and its result is there at once', async () => {
  const done = await backend.startSyncExecution({ flowName: 'greet', input: JSON.stringify({ name: 'Ada' }) });
  assert.equal(done.status, 'Succeeded');
  assert.deepEqual(JSON.parse(done.output!), { greeting: 'Ada' });
  assert.ok(done.name);
  assert.equal(cloud.actions.at(-1), 'StartSyncExecution');
});

test('StartSyncExecution of a Standard flow is refused by the service, with its code', async () => {
  await assert.rejects(backend.startSyncExecution({ flowName: 'orders', input: '{}' }), (e: unknown) => {
    assert.ok(e instanceof CloudServiceError);
    assert.equal(e.code, 'ActionNotSupported');
    return true;
  });
});

test('a request signed with another secret is refused (the stand-in verifies signatures)', async () => {
  const wrong = new CloudBackend({
    client: createFnfClient({ endpoint: cloud.endpoint, credentials: { accessKeyId: cloud.key.accessKeyId, accessKeySecret: 'not-the-secret' }, timeoutMs: 5000 }),
    endpoint: cloud.endpoint,
    region: 'cn-hangzhou',
  });
  await assert.rejects(wrong.describeFlow('greet'), (e: unknown) => e instanceof CloudServiceError && e.code === 'SignatureDoesNotMatch');
  wrong.dispose();
});

test('steps that wait for a callback are found in both dialects, at any depth (Express runs RequestComplete tasks only)', () => {
  assert.deepEqual(callbackSteps(readFileSync(join(__dirname, 'fixtures', 'flows', 'approval.flow.yaml'), 'utf8')), ['approve']);
  assert.deepEqual(callbackSteps(fixture('greet.flow.yaml')), []);
  const sm = [
    'Type: StateMachine',
    'Name: orders',
    'StartAt: Each',
    'States:',
    '  - Type: Map',
    '    Name: Each',
    '    ItemsPath: $Input.orders',
    '    Processor:',
    '      StartAt: Approve',
    '      States:',
    '        - Type: Task',
    '          Name: Approve',
    '          Action: FC:InvokeFunction',
    '          TaskMode: WaitForCustomCallback',
    '          End: true',
    '    End: true',
    '',
  ].join('\n');
  assert.deepEqual(callbackSteps(sm), ['Approve']);
  assert.deepEqual(callbackSteps(sm.replace('WaitForCustomCallback', 'RequestComplete')), []);
  assert.deepEqual(callbackSteps('{ not: [yaml'), []);
});

/**
 * Standard and Express execution modes (engine/run/patterns/express-mode.ts): Express refuses, before
 * the execution starts and located in the flow, what it cannot run (a callback TaskMode or
 * pattern, a Wait outside 1–20 s), and ends an execution still running after 5 minutes TimedOut.
 * The same flows run in Standard mode. Reached through `fdl run --mode`, the engine, and the local
 * API's StartSyncExecution through the official SDK.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FnfApiServer } from '../../engine/api/fnf-api-server';
import { flowDirectory } from '../../engine/api/flow-directory';
import { loadOrCreateLocalAccessKey } from '../../engine/api/local-api-key';
import { MockInvoker } from '../../engine/invokers/mock-invoker';
import { LocalBackend } from '../../engine/local-backend';
import { runFlowFile } from '../../engine/run-flow';
import { fdl, oneJsonObject } from '../cli/fdl-process';
import { tempDir } from './helpers';

const dir = join(__dirname, 'express');
const REFUSED = join(dir, 'callbacks-and-long-wait.flow.yaml');
const QUICK = join(dir, 'quick.flow.yaml');
const CLASSIC = join(dir, 'classic-callback.flow.yaml');

test('run --mode express refuses a callback TaskMode and a 60 s Wait, each located in the file; Standard runs the flow', async (t) => {
  const store = tempDir(t);
  const r = await fdl(['run', REFUSED, '--mode', 'express', '--store', store]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /callbacks-and-long-wait\.flow\.yaml:10:15: error express-mode-unsupported: Task state Approve uses TaskMode WaitForCustomCallback; Express mode runs RequestComplete only/,
  );
  assert.match(r.stderr, /callbacks-and-long-wait\.flow\.yaml:18:14: error express-mode-unsupported: Wait state Cool waits 60 s; in Express mode a Wait lasts 1 to 20 seconds/);

  const zh = await fdl(['run', REFUSED, '--mode', 'Express', '--store', store], { LANG: 'zh_CN.UTF-8' });
  assert.equal(zh.code, 2);
  assert.match(zh.stderr, /:10:15：错误 express-mode-unsupported：Task 状态 Approve 使用 TaskMode WaitForCustomCallback；快速模式只支持 RequestComplete/);

  const json = await fdl(['run', REFUSED, '--mode', 'express', '--store', store, '--json']);
  const o = oneJsonObject(json.stdout) as { status: string; error: string; diagnostics: { line: number; column: number; code: string }[] };
  assert.equal(o.error, 'InvalidDefinition');
  assert.deepEqual(
    o.diagnostics.map((d) => [d.line, d.column, d.code]),
    [
      [10, 15, 'express-mode-unsupported'],
      [18, 14, 'express-mode-unsupported'],
    ],
  );

  // Standard (the default, or said) runs it: the mock answers the callback, the 60 s Wait is skipped.
  const mocks = join(store, 'mocks.yaml');
  writeFileSync(mocks, 'tasks:\n  Approve: [{output: {approved: true}}]\n');
  const standard = await fdl(['run', REFUSED, '--mode', 'standard', '--store', store, '--mocks', mocks, '--time-scale', '0', '--json']);
  assert.deepEqual(oneJsonObject(standard.stdout), { status: 'Succeeded', output: { approved: true }, error: null, cause: null });
});

test('an unknown --mode is a usage error naming the two modes', async () => {
  const r = await fdl(['run', QUICK, '--mode', 'fast']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /the execution mode must be Standard or Express, got "fast"/);
});

test('a classic flow in Express mode: a waitForCallback pattern is refused where it is written', async () => {
  await assert.rejects(
    runFlowFile({ flowPath: CLASSIC, timeScale: 0, executionMode: 'Express', mocks: { tasks: { approve: [{ output: {} }] } } }),
    (e: Error & { diagnostics?: { message: string; span: { start: number } }[] }) => {
      assert.equal(e.diagnostics?.length, 1);
      assert.match(e.diagnostics![0].message, /Task step approve uses pattern waitForCallback; Express mode runs requestResponse/);
      return true;
    },
  );
  const standard = await runFlowFile({ flowPath: CLASSIC, timeScale: 0, mocks: { tasks: { approve: [{ output: { ok: true } }] } } });
  assert.equal(standard.status, 'Succeeded');
});

test('an Express execution still running after 5 minutes ends TimedOut with FnF.Timeout; Standard lets it finish', async () => {
  // The function answers after 6 minutes of flow time (time scale 0 skips the wait).
  const slow = { tasks: { Price: [{ output: { total: 7 }, delayMs: 6 * 60_000 }] } };
  const express = await runFlowFile({ flowPath: QUICK, input: { sku: 'a' }, timeScale: 0, executionMode: 'Express', mocks: slow });
  assert.equal(express.status, 'TimedOut');
  assert.equal(express.error, 'FnF.Timeout');
  assert.match(express.cause ?? '', /longest an Express execution may run \(5 minutes\)/);
  const ended = Date.parse(express.history[express.history.length - 1].time) - Date.parse(express.history[0].time);
  assert.ok(Math.abs(ended - 300_000) < 1_000, `ended after ${ended} ms of flow time`);

  const standard = await runFlowFile({ flowPath: QUICK, input: { sku: 'a' }, timeScale: 0, mocks: slow });
  assert.equal(standard.status, 'Succeeded');
  assert.deepEqual(standard.output, { total: 7 });
  // A quick answer runs in Express too, its 20 s Wait included.
  const quick = await runFlowFile({ flowPath: QUICK, input: { sku: 'a' }, timeScale: 0, executionMode: 'Express', mocks: { tasks: { Price: [{ output: { total: 9 } }] } } });
  assert.deepEqual([quick.status, quick.output], ['Succeeded', { total: 9 }]);
});

// The local API: StartSyncExecution (documented for Express flows only) through the official SDK's client.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const FnF = require('@alicloud/fnf-2019-03-15');
let store: string;
let backend: LocalBackend;
let server: FnfApiServer;
let client: {
  request(action: string, params: Record<string, string>, options?: object): Promise<Record<string, string>>;
  startExecution(p: object): Promise<Record<string, string>>;
};

before(async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  store = mkdtempSync(join(tmpdir(), 'fnf-express-'));
  backend = new LocalBackend({ storeDir: store, timeScale: 0 });
  backend.addInvoker(new MockInvoker({ tasks: { Price: [{ output: { total: 12 } }], Approve: [{ output: {} }] } }));
  await backend.open();
  const key = loadOrCreateLocalAccessKey(store);
  server = new FnfApiServer({ backend, key, flows: flowDirectory([dir]) });
  await server.start();
  client = new FnF({ endpoint: server.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, opts: { timeout: 20000 } });
});
after(async () => {
  for (const r of backend.running()) await backend.stopExecution(r.flowName, r.executionName).catch(() => undefined);
  await server.stop();
  backend.close();
  const { rmSync } = await import('node:fs');
  rmSync(store, { recursive: true, force: true });
});

test('StartSyncExecution runs the flow in Express mode and answers with its result', async () => {
  const r = await client.request('StartSyncExecution', { FlowName: 'quick', ExecutionName: 'sync-1', Input: JSON.stringify({ sku: 'b' }) }, { method: 'POST' });
  assert.equal(r.Status, 'Succeeded', JSON.stringify(r));
  assert.deepEqual(JSON.parse(r.Output), { total: 12 });
  assert.deepEqual([r.FlowName, r.Name, r.ErrorCode], ['quick', 'sync-1', '']);
  assert.ok(r.StartedTime && r.StoppedTime);
});

test('StartSyncExecution refuses a flow Express cannot run, naming the state; StartExecution runs it in Standard mode', async () => {
  await assert.rejects(client.request('StartSyncExecution', { FlowName: 'callbacks-and-long-wait' }, { method: 'POST' }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'InvalidDefinition');
    assert.match(e.message, /Task state Approve uses TaskMode WaitForCustomCallback/);
    return true;
  });
  const started = await client.startExecution({ FlowName: 'callbacks-and-long-wait', ExecutionName: 'standard-1' });
  assert.equal(started.Status, 'Running');
});

test('Express rules reach the states inside Parallel branches and Map processors; a 20 s Wait is within range', async () => {
  const { parseFlow } = await import('../../fdl/parse');
  const { expressRefusals } = await import('../../engine/run/patterns/express-mode');
  const text = [
    'Type: StateMachine',
    'Name: nested',
    'SpecVersion: v1',
    'StartAt: P',
    'States:',
    '  - Type: Parallel',
    '    Name: P',
    '    Branches:',
    '      - StartAt: T',
    '        States:',
    '          - {Type: Task, Name: T, Action: "FC:InvokeFunction", TaskMode: WaitForSystemCallback, Parameters: {resourceArn: x}, End: true}',
    '    Next: M',
    '  - Type: Map',
    '    Name: M',
    '    ItemsPath: $Input.xs',
    '    Processor:',
    '      StartAt: W',
    '      States:',
    '        - {Type: Wait, Name: W, Seconds: 21, Next: OK}',
    '        - {Type: Wait, Name: OK, Seconds: 20, End: true}',
    '    End: true',
    '',
  ].join('\n');
  const found = expressRefusals(parseFlow(text), 'en').map((d) => d.message.split(';')[0]);
  assert.deepEqual(found, ['Task state T uses TaskMode WaitForSystemCallback', 'Wait state W waits 21 s']);
});

/**
 * The CLI takes StateMachine flows as it takes classic ones: `run --json` prints one
 * {status, output, error, cause}; `history` lists the StateMachine's own events (StateEntered,
 * StateStarted, StateSucceeded, ...); a WaitForCustomCallback task on local code waits for
 * `report-success` from another process; `test` runs StateMachine scenarios.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir, until } from '../engine/helpers';
import { fdl, oneJsonObject, ROOT, startFdl } from './fdl-process';

const FIXTURES = join(ROOT, 'test', 'engine', 'fixtures');

const APPROVAL = `Type: StateMachine
Name: approval
SpecVersion: v1
StartAt: Prepare
States:
  - Type: Pass
    Name: Prepare
    InputConstructor:
      order.$: $Input.order
    Next: Approve
  - Type: Task
    Name: Approve
    Action: FC:InvokeFunction
    TaskMode: WaitForCustomCallback
    Parameters:
      resourceArn: acs:fc:::services/s/functions/approve
      body:
        taskToken.$: $Context.Current.TaskToken
        order.$: $Input.order
    OutputConstructor:
      order.$: $Input.order
      approved.$: $Output.approved
    End: true
`;

test('run --json prints one {status, output, error, cause} for a StateMachine flow, succeeded or failed', { timeout: 60_000 }, async () => {
  const ok = await fdl(['run', join(FIXTURES, 'sm-map-inline', 'flow.flow.yaml'), '--input', '{"orders":[{"id":"a","qty":1}]}', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(oneJsonObject(ok.stdout), { status: 'Succeeded', output: { count: 1, first: 11, items: [{ id: 'a', total: 11 }] }, error: null, cause: null });
  const failed = await fdl(['run', join(ROOT, 'test', 'fixtures', 'cloudflow', '09-choice-fail.yaml'), '--input', '{"status":"no"}', '--json']);
  assert.equal(failed.code, 1, failed.stderr);
  assert.deepEqual(oneJsonObject(failed.stdout), { status: 'Failed', output: null, error: 'customBizCode', cause: '' });
});

test('history lists StateEntered, StateStarted and StateSucceeded, each linked to the one before', { timeout: 60_000 }, async (t) => {
  const store = join(tempDir(t), 's');
  const r = await fdl(['run', join(FIXTURES, 'sm-choice-branches-default', 'flow.flow.yaml'), '--name', 'e1', '--input', '{"size":500}', '--store', store, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const events = JSON.parse((await fdl(['history', 'flow', 'e1', '--store', store])).stdout) as { type: string; stepName?: string; eventId: number; scheduleEventId?: number }[];
  assert.deepEqual(
    events.map((e) => `${e.type}${e.stepName ? ` ${e.stepName}` : ''}`),
    ['ExecutionStarted', 'StateEntered Route', 'StateStarted Route', 'StateSucceeded Route', 'StateEntered Big', 'StateStarted Big', 'StateSucceeded Big', 'ExecutionSucceeded'],
  );
  // Each state's events chain: StateEntered of the next state follows the previous StateSucceeded.
  const ids = events.map((e) => e.eventId);
  assert.deepEqual(
    events.slice(1, -1).map((e) => e.scheduleEventId),
    ids.slice(0, -2),
  );
});

test('a WaitForCustomCallback task on local code waits for report-success from another process', { timeout: 90_000 }, async (t) => {
  const dir = tempDir(t);
  const store = join(dir, 's');
  const flow = join(dir, 'approval.flow.yaml');
  writeFileSync(flow, APPROVAL);
  const code = join(dir, 'code');
  mkdirSync(code);
  // The function records the event it got (the token and the order) and only acknowledges.
  writeFileSync(
    join(code, 'index.js'),
    `exports.handler = (event, context, callback) => { require('fs').writeFileSync(${JSON.stringify(join(dir, 'event.json'))}, String(event)); callback(null, {}); };\n`,
  );
  writeFileSync(
    join(dir, 's.yaml'),
    'edition: 1.0.0\nname: app\nservices:\n  app:\n    component: fc\n    props:\n      service:\n        name: s\n      function:\n        name: approve\n        runtime: nodejs18\n        codeUri: ./code\n        handler: index.handler\n',
  );
  const running = startFdl(['run', flow, '--functions', join(dir, 's.yaml'), '--store', store, '--input', '{"order":42}', '--json']);
  let event: { taskToken?: string; order?: number } = {};
  await until(() => {
    try {
      event = JSON.parse(readFileSync(join(dir, 'event.json'), 'utf8')) as typeof event;
      return typeof event.taskToken === 'string';
    } catch {
      return false;
    }
  }, 60_000);
  assert.equal(event.order, 42);
  const ok = await fdl(['report-success', event.taskToken!, '--output', '{"approved":true}', '--store', store]);
  assert.equal(ok.code, 0, ok.stderr);
  const r = await running.result;
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(oneJsonObject(r.stdout), { status: 'Succeeded', output: { order: 42, approved: true }, error: null, cause: null });
});

test('fdl test runs StateMachine scenarios and tallies them', { timeout: 60_000 }, async () => {
  const r = await fdl(['test', join(FIXTURES, 'sm-catch-output-constructor'), join(FIXTURES, 'sm-retry-exhausted-fails')]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /2/);
});

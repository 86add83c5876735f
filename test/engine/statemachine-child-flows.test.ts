/**
 * `FNF:StartExecution` in StateMachine flows (engine/run/sm-states/task.ts over patterns/child-flow.ts)
 * beyond what the fixture sm-task-start-execution shows: WaitForCustomCallback starts the child with
 * the token it was handed and waits for the report, not for the child; a mock keyed by the state,
 * the Action or the flow's ARN still stands in for the child; a missing flow fails the task, named.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalBackend } from '../../engine/local-backend';
import { MockInvoker } from '../../engine/invokers/mock-invoker';
import { parseMocks } from '../../engine/invokers/mocks-file';
import { tempDir } from './helpers';

const CHILD = `Type: StateMachine
Name: child
SpecVersion: v1
StartAt: Answer
States:
  - Type: Pass
    Name: Answer
    OutputConstructor:
      got.$: $Input
    End: true
`;

const parent = (mode: string, arn = 'acs:fnf:::flow/child', arnKey = 'resourceArn') => `Type: StateMachine
Name: parent
SpecVersion: v1
StartAt: Start
States:
  - Type: Task
    Name: Start
    Action: FNF:StartExecution
    TaskMode: ${mode}
    Parameters:
      ${arnKey}: ${arn}
      executionName: the-child
      input:
        token.$: $Context.Current.TaskToken
    End: true
`;

function setup(t: Parameters<typeof tempDir>[0], mode: string, mocks?: string, arn?: string, arnKey?: string) {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'child.flow.yaml'), CHILD);
  const flowPath = join(dir, 'parent.flow.yaml');
  const definition = parent(mode, arn, arnKey);
  writeFileSync(flowPath, definition);
  const invokers = mocks ? [new MockInvoker(parseMocks(mocks))] : [];
  const backend = new LocalBackend({ storeDir: join(dir, 'store'), invokers, timeScale: 0 });
  t.after(() => backend.close());
  return { backend, flowPath, definition };
}

test('WaitForCustomCallback: the child gets the token and ends; the parent waits for the report and continues with its output', async (t) => {
  const { backend, flowPath, definition } = setup(t, 'WaitForCustomCallback');
  await backend.startExecution({ flowName: 'parent', definition, flowPath, executionName: 'p' });
  const child = await backend.waitForExecution('child', 'the-child');
  assert.equal(child.status, 'Succeeded');
  const token = (child.output as { got: { token: string } }).got.token;
  assert.match(token, /^[A-Za-z0-9_-]{16,}$/, 'the child received the parent task token');
  assert.equal((await backend.describeExecution('parent', 'p')).status, 'Running', 'the child ending does not end the wait');
  backend.report(token, { kind: 'succeeded', output: { approved: true } });
  const done = await backend.waitForExecution('parent', 'p');
  assert.equal(done.status, 'Succeeded');
  assert.deepEqual(done.output, { approved: true });
});

test('a mock keyed by the state, the Action or the flow ARN stands in for the child flow, which then does not run', async (t) => {
  for (const key of ['Start', 'FNF:StartExecution', 'acs:fnf:::flow/child']) {
    const { backend, flowPath, definition } = setup(t, 'WaitForSystemCallback', `tasks:\n  "${key}":\n    - output: {mocked: true}\n`);
    await backend.startExecution({ flowName: 'parent', definition, flowPath, executionName: 'p' });
    const done = await backend.waitForExecution('parent', 'p');
    assert.equal(done.status, 'Succeeded', key);
    assert.deepEqual(done.output, { mocked: true }, key);
    assert.deepEqual(
      (await backend.listExecutions()).map((e) => e.flowName),
      ['parent'],
      `${key}: no child execution`,
    );
  }
});

test('a flow that is not found fails the task with FlowNotExists, naming the flow; a resourceArn built at run time that names no flow fails with FnF.InvalidArgument, naming the state', async (t) => {
  const missing = setup(t, 'WaitForSystemCallback', undefined, 'acs:fnf:cn-hangzhou::flow/nowhere');
  await missing.backend.startExecution({ flowName: 'parent', definition: missing.definition, flowPath: missing.flowPath, executionName: 'p' });
  const a = await missing.backend.waitForExecution('parent', 'p');
  assert.equal(a.status, 'Failed');
  assert.equal(a.error, 'FnF.FlowNotExists');
  assert.match(a.cause ?? '', /nowhere/);

  // Written as a literal, the analysis refuses it before a run (sm-resource-arn-kind); built by an expression, the run does.
  const bad = setup(t, 'RequestComplete', undefined, '$Input.arn', 'resourceArn.$');
  await bad.backend.startExecution({
    flowName: 'parent',
    definition: bad.definition,
    flowPath: bad.flowPath,
    executionName: 'p',
    input: '{"arn":"acs:fc:cn-hangzhou::functions/f"}',
  });
  const b = await bad.backend.waitForExecution('parent', 'p');
  assert.equal(b.status, 'Failed');
  assert.equal(b.error, 'FnF.InvalidArgument');
  assert.match(b.cause ?? '', /Start.*FNF:StartExecution.*acs:fc:cn-hangzhou::functions\/f/);
});

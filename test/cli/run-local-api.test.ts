/**
 * `fdl run --functions s.yaml` starts the local FnF-compatible API for the run: a waitForCallback
 * task's local function reports its token with the real `@alicloud/fnf-2019-03-15` SDK (endpoint
 * and key pair from FNF_ENDPOINT / context.credentials, as in the cloud) and the run finishes
 * with what it reported. The API is gone once the run ends.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, until } from '../engine/helpers';
import { fdl, INTEGRATION_FIXTURES, startFdl } from './fdl-process';

const FLOW = join(INTEGRATION_FIXTURES, 'flows', 'approval.flow.yaml');
const FUNCTIONS = join(INTEGRATION_FIXTURES, 'local-app', 's.yaml');

test('run: a local function approves through the FnF SDK and the run ends Succeeded with its output', { timeout: 60_000 }, async (t) => {
  const store = join(tempDir(t), 's');
  const r = await fdl(['run', FLOW, '--functions', FUNCTIONS, '--input', '{"request":"laptop","mode":"approve"}', '--store', store, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { status: 'Succeeded', output: { decision: 'approved: laptop' }, error: null, cause: null });
});

test('run: ReportTaskFailed from the local function fails the run with its error and cause', { timeout: 60_000 }, async (t) => {
  const store = join(tempDir(t), 's');
  const r = await fdl(['run', FLOW, '--functions', FUNCTIONS, '--input', '{"request":"yacht","mode":"reject"}', '--store', store, '--json']);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { status: 'Failed', output: null, error: 'Rejected', cause: 'no budget for yacht' });
});

test('run without --json names the local API endpoint (127.0.0.1) and logs the function, then prints the result', { timeout: 60_000 }, async (t) => {
  const store = join(tempDir(t), 's');
  const r = await fdl(['run', FLOW, '--functions', FUNCTIONS, '--input', '{"request":"desk","mode":"approve"}', '--store', store]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /local FnF API for local functions: http:\/\/127\.0\.0\.1:\d+ \(key in .*local-api-key\.json\)/);
  assert.match(r.stderr, /\[approve\] .*second report refused: TaskAlreadyCompleted/);
  assert.match(r.stdout, /^approval\/[\w-]+: Succeeded\n/);
  assert.doesNotMatch(r.stderr + r.stdout, /accessKeySecret|"secret"/i);
});

test('report-success with no engine running resumes the execution with the local API up, so its next function calls back too', { timeout: 90_000 }, async (t) => {
  const dir = tempDir(t);
  const store = join(dir, 's');
  const flow = join(dir, 'twostep.flow.yaml');
  writeFileSync(
    flow,
    `version: v1
type: flow
steps:
  - type: task
    name: first
    resourceArn: acs:fc:::services/demo/functions/echo
    pattern: waitForCallback
    inputMappings:
      - target: token
        source: $context.task.token
  - type: task
    name: second
    resourceArn: acs:fc:::services/demo/functions/approve
    pattern: waitForCallback
    inputMappings:
      - target: taskToken
        source: $context.task.token
      - target: request
        source: $input.request
      - target: mode
        source: $input.mode
`,
  );
  const running = startFdl(['run', flow, '--name', 'e1', '--functions', FUNCTIONS, '--input', '{"request":"chair","mode":"approve"}', '--store', store]);
  const { ExecutionStore } = await import('../../engine/store/execution-store');
  let token = '';
  await until(() => {
    const s = new ExecutionStore(store);
    if (!s.exists('twostep', 'e1')) return false;
    const h = s.readHistory('twostep', 'e1');
    token = (h.find((e) => e.type === 'TaskScheduled')?.detail as { taskToken?: string } | undefined)?.taskToken ?? '';
    return token !== '' && h.some((e) => e.type === 'TaskSubmitted');
  }, 30_000);
  running.kill('SIGKILL');
  await running.result;
  const r = await fdl(['report-success', token, '--output', '{"by":"cli"}', '--functions', FUNCTIONS, '--store', store]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^reported\ntwostep\/e1: Succeeded\n$/);
  const d = JSON.parse((await fdl(['describe', 'twostep', 'e1', '--store', store])).stdout) as { status: string; output: string };
  assert.deepEqual(JSON.parse(d.output), { by: 'cli', decision: 'approved: chair' });
});

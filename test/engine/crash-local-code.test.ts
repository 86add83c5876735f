/**
 * An async invocation of local code cut short by the engine's end (Ctrl-C, kill -9) before the
 * function ran is invoked again when `fdl serve` resumes the execution: a function process that
 * never acknowledged the invocation leaves no TaskSubmitted behind. The function here blocks
 * while its module loads (a slow cold start) until the test opens its gate, so the engine is
 * stopped at exactly that moment.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test, type TestContext } from 'node:test';
import type { AnyStoredEvent } from '../../engine/history/events';
import { ExecutionStore } from '../../engine/store/execution-store';
import { tempDir, until } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FnF = require('@alicloud/fnf-2019-03-15');

const root = resolve(__dirname, '..', '..');

const FUNCTION = `
const fs = require('node:fs');
const path = require('node:path');
const dir = process.env.TEST_DIR;
fs.appendFileSync(path.join(dir, 'loads.log'), process.pid + '\\n');
// A cold start that lasts until the test opens the gate.
while (!fs.existsSync(path.join(dir, 'gate'))) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
const FnF = require(process.env.FNF_SDK);

exports.handler = async (event, context) => {
  const { taskToken } = JSON.parse(event.toString());
  fs.appendFileSync(path.join(dir, 'ran.log'), (taskToken || 'async') + '\\n');
  if (!taskToken) return {};
  const fnf = new FnF({ endpoint: process.env.FNF_ENDPOINT, ...context.credentials, opts: { timeout: 10000 } });
  await fnf.reportTaskSucceeded({ TaskToken: taskToken, Output: JSON.stringify({ approved: true }) });
  return {};
};
`;

function setup(dir: string, flowSteps: string): { flows: string; functions: string; store: string } {
  const flows = join(dir, 'flows');
  const code = join(dir, 'fn');
  mkdirSync(flows);
  mkdirSync(code);
  writeFileSync(join(code, 'index.js'), FUNCTION);
  writeFileSync(join(flows, 'resume.flow.yaml'), `version: v1\ntype: flow\nsteps:\n${flowSteps}`);
  const functions = join(dir, 's.yaml');
  writeFileSync(
    functions,
    [
      'edition: 1.0.0',
      'name: app',
      'services:',
      '  slow:',
      '    component: fc',
      '    props:',
      '      region: cn-hangzhou',
      '      service:',
      '        name: demo',
      '      function:',
      '        name: slow-start',
      '        runtime: nodejs18',
      '        codeUri: ./fn',
      '        handler: index.handler',
      '        timeout: 60',
      '        environmentVariables:',
      `          TEST_DIR: ${JSON.stringify(dir)}`,
      `          FNF_SDK: ${JSON.stringify(require.resolve('@alicloud/fnf-2019-03-15'))}`,
      '',
    ].join('\n'),
  );
  return { flows, functions, store: join(dir, 'store') };
}

interface Serve {
  child: ChildProcess;
  exited: Promise<number | null>;
  client: any;
  stderr: string[];
}

/**
 * `fdl serve` in a process group of its own, so the test can press Ctrl-C on it and its functions
 * (and, whatever happens, leaves no function process behind).
 */
async function serve(t: TestContext, paths: { flows: string; functions: string; store: string }): Promise<Serve> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'engine', 'cli', 'main.ts'), 'serve', '--store', paths.store, '--flows', paths.flows, '--functions', paths.functions],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  t.after(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* the group has ended */
    }
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const info: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout! })) {
    const m = /^(\w+): (.*)$/.exec(line);
    if (m) info[m[1]] = m[2];
    if (info.store) break;
  }
  assert.ok(info.endpoint, stderr.join('\n'));
  const key = JSON.parse(readFileSync(info.keyFile, 'utf8'));
  const client = new FnF({ endpoint: info.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, opts: { timeout: 20000 } });
  return { child, exited, client, stderr };
}

function history(store: string, execution: string): AnyStoredEvent[] {
  const s = new ExecutionStore(store);
  return s.exists('resume', execution) ? s.readHistory('resume', execution) : [];
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

async function finalStatus(s: Serve, execution: string): Promise<string> {
  let d: any;
  for (let i = 0; i < 5; i++) {
    d = await s.client.describeExecution({ FlowName: 'resume', ExecutionName: execution, WaitTimeSeconds: 5 });
    if (d.Status !== 'Running') break;
  }
  return d.Status;
}

/**
 * Starts `execution`, stops the engine with `stop` while the function is still loading, opens
 * the gate and serves the store again.
 */
async function interruptThenResume(t: TestContext, dir: string, paths: ReturnType<typeof setup>, execution: string, stop: (engine: ChildProcess) => void): Promise<Serve> {
  const first = await serve(t, paths);
  await first.client.startExecution({ FlowName: 'resume', ExecutionName: execution, Input: '{}' });
  await until(() => lines(join(dir, 'loads.log')).length === 1, 20_000);
  // Long enough for anything the engine recorded on handing the invocation over to reach the
  // store (it syncs within 50 ms).
  await new Promise((r) => setTimeout(r, 300));
  stop(first.child);
  await first.exited;
  assert.equal(lines(join(dir, 'ran.log')).length, 0, 'the function never ran before the engine stopped');
  appendFileSync(join(dir, 'gate'), '');
  return serve(t, paths);
}

const CALLBACK_STEP = [
  '  - type: task',
  '    name: Approve',
  '    resourceArn: acs:fc:::services/demo/functions/slow-start',
  '    pattern: waitForCallback',
  '    inputMappings:',
  '      - target: taskToken',
  '        source: $context.task.token',
  '',
].join('\n');

async function callbackAfterResume(t: TestContext, dir: string, paths: ReturnType<typeof setup>, stop: (engine: ChildProcess) => void): Promise<void> {
  const second = await interruptThenResume(t, dir, paths, 'cb', stop);
  try {
    assert.equal(await finalStatus(second, 'cb'), 'Succeeded', second.stderr.join('\n'));
    const h = history(paths.store, 'cb');
    const token = (h.find((e) => e.type === 'TaskScheduled')!.detail as { taskToken: string }).taskToken;
    assert.deepEqual(lines(join(dir, 'ran.log')), [token], 'the function ran once, after the resume, with the attempt’s token');
    assert.equal(lines(join(dir, 'loads.log')).length, 2, 'invoked again on resume');
    assert.deepEqual((h.at(-1)!.detail as { output: unknown }).output, { approved: true });
    assert.equal(h.filter((e) => e.type === 'TaskSubmitted').length, 1);
  } finally {
    second.child.kill('SIGTERM');
    await second.exited;
  }
}

test('Ctrl-C while a waitForCallback function is starting: resumed, it runs with the same token and its callback ends the execution', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  // Ctrl-C in a terminal: SIGINT to the engine and the function's process alike.
  await callbackAfterResume(t, dir, setup(dir, CALLBACK_STEP), (engine) => process.kill(-engine.pid!, 'SIGINT'));
});

test(
  'kill -9 of the engine alone while a waitForCallback function is starting: the orphaned process does not run it; resumed, it runs once and calls back',
  { timeout: 60_000 },
  async (t) => {
    const dir = tempDir(t);
    // The function's process outlives the engine; its callback would go to an API that is gone.
    await callbackAfterResume(t, dir, setup(dir, CALLBACK_STEP), (engine) => engine.kill('SIGKILL'));
  },
);

test('kill -9 of the engine and its function while an InvocationType Async function is starting: resumed, the function runs', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const paths = setup(
    dir,
    [
      '  - type: task',
      '    name: Submit',
      '    resourceArn: acs:fc:::services/demo/functions/slow-start',
      '    serviceParams:',
      '      InvocationType: Async',
      '      StatefulAsyncInvocationID: order-7',
      '  - type: pass',
      '    name: After',
      '',
    ].join('\n'),
  );
  // The whole process group, as when the terminal is closed.
  const second = await interruptThenResume(t, dir, paths, 'async', (engine) => process.kill(-engine.pid!, 'SIGKILL'));
  try {
    assert.equal(await finalStatus(second, 'async'), 'Succeeded', second.stderr.join('\n'));
    await until(() => lines(join(dir, 'ran.log')).length > 0, 20_000);
    await new Promise((r) => setTimeout(r, 500)); // time for a second run to show
    assert.deepEqual(lines(join(dir, 'ran.log')), ['async'], 'the submitted function ran once, after the resume');
    const h = history(paths.store, 'async');
    assert.equal(h.filter((e) => e.type === 'TaskScheduled').length, 1, 'the same attempt, invoked again');
    assert.equal(h.filter((e) => e.type === 'TaskSubmitted').length, 1);
  } finally {
    second.child.kill('SIGTERM');
    await second.exited;
  }
});

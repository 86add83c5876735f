/**
 * A JSON value nested thousands of levels deep, wherever it enters (the local API, a report from
 * another process, a task's result, a mapping, the CLI, a scenario), is refused or fails its own
 * task; the engine goes on writing every other execution and the API goes on answering.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FnfApiServer } from '../../engine/api/fnf-api-server';
import { flowDirectory } from '../../engine/api/flow-directory';
import { loadOrCreateLocalAccessKey } from '../../engine/api/local-api-key';
import { serveInbox } from '../../engine/cli/serve-inbox';
import { FnfApiError } from '../../engine/errors';
import type { TaskInvoker } from '../../engine/invoker';
import { LocalCodeInvoker } from '../../engine/invokers/local-code-invoker';
import { LocalFunctionCatalog } from '../../engine/invokers/local-function-catalog';
import { MockInvoker } from '../../engine/invokers/mock-invoker';
import { LocalBackend } from '../../engine/local-backend';
import { loadScenario, runScenario } from '../../engine/scenario';
import { ExecutionStore } from '../../engine/store/execution-store';
import { sendToInbox } from '../../engine/store/report-inbox';
import { CALLBACK_FLOW, scriptedInvoker, tempDir, until } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FnF = require('@alicloud/fnf-2019-03-15');

const deepText = (n: number) => '['.repeat(n) + ']'.repeat(n);
function nested(n: number): unknown {
  let v: unknown = [];
  for (let i = 1; i < n; i++) v = [v];
  return v;
}

/** Accepts every callback task and remembers its token per execution. */
function acceptingInvoker(): TaskInvoker & { tokens: Map<string, string> } {
  const tokens = new Map<string, string>();
  return {
    name: 'accepting',
    tokens,
    canInvoke: () => true,
    invoke: async (inv) => {
      tokens.set(inv.executionName, inv.taskToken ?? '');
      return { kind: 'accepted' };
    },
  };
}

/** What a store on disk holds for an execution, read as a fresh process would. */
function statusOnDisk(store: string, flowName: string, executionName: string): string | undefined {
  return new ExecutionStore(store).status(flowName, executionName);
}

/** A request file written into the inbox as another process (any process) could, and the owner's answer. */
async function inboxRequest(store: string, text: string): Promise<{ ok: boolean; code?: string; message?: string }> {
  const dir = join(store, 'inbox');
  const id = `t-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, `${id}.req.json`), text);
  const res = join(dir, `${id}.res.json`);
  await until(() => existsSync(res));
  return JSON.parse(readFileSync(res, 'utf8'));
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; data?: { Message?: string }; entry?: { response?: { statusCode?: number } } };
    return { code: err.code, status: err.entry?.response?.statusCode ?? 0, message: err.data?.Message ?? '' };
  }
  assert.fail('expected a refusal');
}

test(
  'local API: a 5,000-deep Input or Output is refused with 400 InvalidArgument; the API keeps answering and an unrelated execution is written to its end',
  { timeout: 30_000 },
  async (t) => {
    const dir = tempDir(t);
    const store = join(dir, 'store');
    mkdirSync(join(dir, 'flows'));
    writeFileSync(join(dir, 'flows', 'approval.flow.yaml'), CALLBACK_FLOW);
    const invoker = acceptingInvoker();
    const backend = new LocalBackend({ storeDir: store, invokers: [invoker] });
    await backend.open();
    const key = loadOrCreateLocalAccessKey(store);
    const server = await new FnfApiServer({ backend, key, flows: flowDirectory([join(dir, 'flows')]) }).start();
    t.after(async () => {
      await server.stop();
      try {
        backend.close();
      } catch {
        /* today's code: the poisoned buffer throws again on close */
      }
    });
    const client = new FnF({ endpoint: server.endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, opts: { timeout: 4000 } });

    await client.startExecution({ FlowName: 'approval', ExecutionName: 'unrelated', Input: '{}' });
    await until(() => invoker.tokens.has('unrelated'));

    const start = await refusal(client.startExecution({ FlowName: 'approval', ExecutionName: 'deep', Input: `{"a":${deepText(5000)}}` }));
    assert.equal(start.code, 'InvalidArgument');
    assert.equal(start.status, 400);
    assert.match(start.message, /nests more than 128 levels/);
    // The same again: refused the same way (today: 500 once, then no answer at all).
    assert.equal((await refusal(client.startExecution({ FlowName: 'approval', ExecutionName: 'deep', Input: `{"a":${deepText(100_000)}}` }))).code, 'InvalidArgument');
    assert.equal((await client.describeExecution({ FlowName: 'approval', ExecutionName: 'unrelated' })).Status, 'Running');

    const token = invoker.tokens.get('unrelated')!;
    const report = await refusal(client.reportTaskSucceeded({ TaskToken: token, Output: `{"a":${deepText(5000)}}` }));
    assert.equal(report.code, 'InvalidArgument');
    assert.equal(report.status, 400);
    assert.match(report.message, /Output nests more than 128 levels/);
    // The task kept waiting: a valid report still completes it.
    await client.reportTaskSucceeded({ TaskToken: token, Output: '{"ok":true}' });
    const done = await client.describeExecution({ FlowName: 'approval', ExecutionName: 'unrelated', WaitTimeSeconds: 5 });
    assert.equal(done.Status, 'Succeeded');
    assert.equal(statusOnDisk(store, 'approval', 'unrelated'), 'Succeeded');
    assert.equal(statusOnDisk(store, 'approval', 'deep'), undefined, 'nothing of the refused execution was written');
  },
);

test(
  'reports from another process (the inbox) and in-process reports: a deep Output or a non-text error is refused with InvalidArgument, the task keeps waiting',
  { timeout: 20_000 },
  async (t) => {
    const store = join(tempDir(t), 'store');
    const invoker = acceptingInvoker();
    const backend = new LocalBackend({ storeDir: store, invokers: [invoker], timeScale: 0 });
    await backend.open();
    const stopInbox = serveInbox(store, backend);
    t.after(() => {
      stopInbox();
      backend.close();
    });
    await backend.startExecution({ flowName: 'approval', executionName: 'e', definition: CALLBACK_FLOW });
    await until(() => invoker.tokens.has('e'));
    const token = invoker.tokens.get('e')!;

    const viaInbox = await inboxRequest(store, `{"token":${JSON.stringify(token)},"kind":"succeeded","output":{"a":${deepText(5000)}}}`);
    assert.deepEqual([viaInbox.ok, viaInbox.code], [false, 'InvalidArgument']);
    assert.match(viaInbox.message ?? '', /Output nests more than 128 levels/);
    const badError = await inboxRequest(store, `{"token":${JSON.stringify(token)},"kind":"failed","error":{"a":${deepText(5000)}},"cause":""}`);
    assert.deepEqual([badError.ok, badError.code], [false, 'InvalidArgument']);
    const badKind = await inboxRequest(store, `{"token":${JSON.stringify(token)},"kind":"whatever","error":[1],"cause":{}}`);
    assert.deepEqual([badKind.ok, badKind.code], [false, 'InvalidArgument']);
    assert.throws(
      () => backend.report(token, { kind: 'succeeded', output: { a: nested(5000) } }),
      (e: unknown) => e instanceof FnfApiError && e.code === 'InvalidArgument' && /128/.test(e.message),
    );
    assert.throws(
      () => backend.report(token, { kind: 'failed', error: 'x'.repeat(129), cause: '' }),
      (e: unknown) => e instanceof FnfApiError && e.code === 'InvalidArgument',
    );
    await assert.rejects(backend.reportTaskSucceeded(token, `{"a":${deepText(100_000)}}`), (e: unknown) => e instanceof FnfApiError && e.code === 'InvalidArgument');

    assert.equal(backend.store.status('approval', 'e'), 'Running');
    const ok = await sendToInbox(store, { token, kind: 'succeeded', output: { fine: true } });
    assert.equal(ok.ok, true);
    assert.equal((await backend.waitForExecution('approval', 'e')).status, 'Succeeded');
    assert.equal(statusOnDisk(store, 'approval', 'e'), 'Succeeded');
  },
);

const CATCHING_FLOW = `version: v1
type: flow
steps:
  - type: task
    name: work
    resourceArn: acs:fc:::services/s/functions/work
    catch:
      - errors: [FnF.InvalidLocal]
        goto: handled
    errorMappings:
      - target: caught
        source: $local.error
  - type: succeed
    name: notCaught
  - type: pass
    name: handled
`;

test(
  'a task result nested 5,000 deep (scripted invoker, mock) fails that task with a catchable FnF.InvalidLocal; an execution alongside is written to its end',
  { timeout: 20_000 },
  async (t) => {
    const store = join(tempDir(t), 'store');
    const cases: [string, TaskInvoker][] = [
      ['scripted', scriptedInvoker(() => ({ kind: 'succeeded', output: { a: nested(5000) } }))],
      ['mock', new MockInvoker({ tasks: { work: [{ output: { a: nested(5000) } }] } })],
    ];
    for (const [name, inv] of cases) {
      const backend = new LocalBackend({ storeDir: store, invokers: [inv], timeScale: 0 });
      await backend.open();
      await backend.startExecution({ flowName: 'f', executionName: name, definition: CATCHING_FLOW });
      await backend.startExecution({ flowName: 'other', executionName: name, definition: 'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: w\n    duration: 0\n' });
      const state = await backend.waitForExecution('f', name);
      await backend.waitForExecution('other', name);
      backend.close();
      assert.equal(state.status, 'Succeeded', `${name}: ${state.error} ${state.cause}`);
      assert.equal(state.output?.caught, 'FnF.InvalidLocal', name);
      const failed = new ExecutionStore(store).readHistory('f', name).find((e) => e.type === 'TaskFailed');
      assert.match(String((failed?.detail as { cause?: string }).cause), /The result of task work nests more than 128 levels/, name);
      assert.equal(statusOnDisk(store, 'f', name), 'Succeeded');
      assert.equal(statusOnDisk(store, 'other', name), 'Succeeded');
    }
  },
);

test('a task result over 1 MiB ends the execution with FnF.DataSizeExceeded before it is written', { timeout: 20_000 }, async (t) => {
  const store = join(tempDir(t), 'store');
  const backend = new LocalBackend({ storeDir: store, invokers: [scriptedInvoker(() => ({ kind: 'succeeded', output: { blob: 'x'.repeat(2 * 1024 * 1024) } }))], timeScale: 0 });
  t.after(() => backend.close());
  await backend.open();
  await backend.startExecution({ flowName: 'f', executionName: 'big', definition: CATCHING_FLOW });
  const state = await backend.waitForExecution('f', 'big');
  assert.equal(state.status, 'Failed');
  assert.equal(state.error, 'FnF.DataSizeExceeded');
  assert.ok(!backend.readStoredHistory('f', 'big').some((e) => e.type === 'TaskSucceeded'));
});

test('local function code returning JSON text nested 5,000 deep fails its task with FnF.InvalidLocal', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'fn'));
  writeFileSync(join(dir, 'fn', 'index.js'), `exports.handler = (event, context, callback) => callback(null, '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}');\n`);
  writeFileSync(
    join(dir, 'fdl-functions.json'),
    JSON.stringify({ 'acs:fc:::services/s/functions/work': { codeUri: './fn', handler: 'index.handler', runtime: 'nodejs20', timeout: 10 } }),
  );
  const catalog = new LocalFunctionCatalog();
  catalog.addMappingFile(join(dir, 'fdl-functions.json'));
  const backend = new LocalBackend({ storeDir: join(dir, 'store'), invokers: [new LocalCodeInvoker({ catalog, locale: 'en' })], timeScale: 0 });
  t.after(() => backend.close());
  await backend.open();
  await backend.startExecution({ flowName: 'f', executionName: 'local', definition: CATCHING_FLOW });
  const state = await backend.waitForExecution('f', 'local');
  assert.equal(state.status, 'Succeeded', `${state.error} ${state.cause}`);
  assert.equal(state.output?.caught, 'FnF.InvalidLocal');
});

test('a goto loop mapping a value into itself cannot build it deeper than 128 levels: the execution fails, another one finishes', { timeout: 20_000 }, async (t) => {
  const store = join(tempDir(t), 'store');
  const loop = `version: v1
type: flow
steps:
  - type: pass
    name: wrap
    outputMappings:
      - target: v
        source: $input
  - type: choice
    name: again
    choices:
      - condition: $.forever == true
        goto: wrap
`;
  const backend = new LocalBackend({ storeDir: store, timeScale: 0, maxEventsPerExecution: 0 });
  t.after(() => backend.close());
  await backend.open();
  await backend.startExecution({ flowName: 'loop', executionName: 'deepening', definition: loop, input: '{"forever":true}' });
  await backend.startExecution({ flowName: 'loop', executionName: 'plain', definition: loop, input: '{"forever":false}' });
  const deepening = await backend.waitForExecution('loop', 'deepening');
  assert.equal(deepening.status, 'Failed');
  assert.equal(deepening.error, 'FnF.DataSizeExceeded');
  assert.match(deepening.cause ?? '', /Step wrap: the value mapped to v nests more than 128 levels/);
  assert.equal((await backend.waitForExecution('loop', 'plain')).status, 'Succeeded');
  assert.equal(statusOnDisk(store, 'loop', 'deepening'), 'Failed');
});

test('a nested flow whose Input is JSON text nested 5,000 deep is not started: TaskSubmitFailed FnF.InvalidArgument', { timeout: 20_000 }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'child.flow.yaml'), 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n');
  const parent = `version: v1
type: flow
steps:
  - type: task
    name: runChild
    resourceArn: acs:fnf:::flow/child
    pattern: sync
    serviceParams:
      Input: $.text
    catch:
      - errors: [FnF.InvalidArgument]
        goto: handled
    errorMappings:
      - target: caught
        source: $local.error
  - type: succeed
    name: notCaught
  - type: pass
    name: handled
`;
  writeFileSync(join(dir, 'parent.flow.yaml'), parent);
  const backend = new LocalBackend({ storeDir: join(dir, 'store'), timeScale: 0 });
  t.after(() => backend.close());
  await backend.open();
  await backend.startExecution({
    flowName: 'parent',
    executionName: 'p',
    definition: parent,
    flowPath: join(dir, 'parent.flow.yaml'),
    input: JSON.stringify({ text: `{"a":${deepText(5000)}}` }),
  });
  const state = await backend.waitForExecution('parent', 'p');
  assert.equal(state.status, 'Succeeded', `${state.error} ${state.cause}`);
  assert.equal(state.output?.caught, 'FnF.InvalidArgument');
  assert.ok(!backend.store.listNames().some((n) => n.flowName === 'child'), 'no child execution was started');
});

test('fdl test: a scenario whose input.json nests 5,000 deep cannot run and says why', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'flow.flow.yaml'), 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n');
  writeFileSync(join(dir, 'input.json'), `{"a":${deepText(5000)}}`);
  const r = await runScenario(loadScenario(dir));
  assert.equal(r.result, undefined);
  assert.match(r.failures.join('\n'), /could not run: The execution input nests more than 128 levels/);
});

const MAIN = join(__dirname, '..', '..', 'engine', 'cli', 'main.ts');
function fdl(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: join(__dirname, '..', '..'), env: { ...process.env, FDL_LOCALE: 'en' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('CLI: run --input nested 5,000 deep prints Invalid / InvalidArgument and exits 2; report-success --output likewise exits 2', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const flow = join(dir, 'p.flow.yaml');
  writeFileSync(flow, 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n');
  writeFileSync(join(dir, 'deep.json'), `{"a":${deepText(5000)}}`);
  const [run, report] = await Promise.all([
    fdl(['run', flow, '--input', `@${join(dir, 'deep.json')}`, '--json', '--store', join(dir, 's')]),
    fdl(['report-success', 'some-token', '--output', `{"a":${deepText(5000)}}`, '--store', join(dir, 's2')]),
  ]);
  assert.equal(run.code, 2, run.stderr);
  const out = JSON.parse(run.stdout) as { status: string; error: string; cause: string };
  assert.deepEqual([out.status, out.error], ['Invalid', 'InvalidArgument']);
  assert.match(out.cause, /--input nests more than 128 levels/);
  assert.equal(report.code, 2, report.stderr);
  assert.match(report.stderr, /--output nests more than 128 levels/);
});

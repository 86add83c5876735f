import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TaskInvocation } from '../../../engine/invoker';
import { startEmbeddedEngine } from '../../../client/local/embedded-engine';
import { engineOptions } from './engine-options';
import { ExecutionInvokers, NO_INVOKER_ERROR } from '../../../client/local/execution-invokers';
import { flowInvokers } from '../../../client/local/flow-invokers';

function workspace(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'fdl-embedded-'));
  cpSync(join(__dirname, 'fixtures'), dir, { recursive: true });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function until(predicate: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a run uses the mocks beside its flow and waits for a callback; the local API listens on loopback', async (t) => {
  const root = workspace(t);
  // Real time: at time scale 0 the clock skips to the mock's ten-minute answer as soon as the engine
  // is idle (SEMANTICS.md, "Time"), which can come before the test's own report.
  const engine = await startEmbeddedEngine(engineOptions(root, { timeScale: 1 }));
  t.after(() => engine.dispose());
  assert.match(engine.api!.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  const flowPath = join(root, 'flows', 'callback.flow.yaml');
  const started = await engine.backend.startExecution({ flowName: 'callback', definition: readFileSync(flowPath, 'utf8'), flowPath });
  assert.equal(engine.flowPathOf({ flowName: 'callback', executionName: started.name }), flowPath);
  let token: string | undefined;
  await until(async () => {
    const history = await engine.backend.getExecutionHistory('callback', started.name);
    token = history.map((e) => JSON.parse(e.eventDetail ?? '{}') as { taskToken?: string; pattern?: string }).find((d) => d.pattern === 'waitForCallback')?.taskToken;
    return token !== undefined;
  });
  await engine.backend.reportTaskSucceeded(token!, '{"approvedBy": "test"}');
  const end = await engine.backend.waitForExecution('callback', started.name);
  assert.equal(end.status, 'Succeeded');
  assert.deepEqual(end.output, { ok: true, approvedBy: 'test' });
  const reply = await fetch(engine.api!.endpoint, { method: 'POST' });
  assert.ok(reply.status >= 400, 'an unsigned request is refused');
});

test('a StateMachine flow runs in the extension with the mocks beside it (an OpenAPI Action by state name, FC by resourceArn)', async (t) => {
  const root = workspace(t);
  const engine = await startEmbeddedEngine(engineOptions(root, { startApi: false }));
  t.after(() => engine.dispose());
  const flowPath = join(root, 'flows', 'statemachine.flow.yaml');
  const started = await engine.backend.startExecution({ flowName: 'statemachine', definition: readFileSync(flowPath, 'utf8'), flowPath });
  const end = await engine.backend.waitForExecution('statemachine', started.name);
  assert.equal(end.status, 'Succeeded', end.cause);
  assert.deepEqual(end.output, { count: 2, reported: true });
});

test('a task nothing can run fails the execution with the cause the client words', async (t) => {
  const root = workspace(t);
  const engine = await startEmbeddedEngine(engineOptions(root, { startApi: false }));
  t.after(() => engine.dispose());
  const flowPath = join(root, 'flows', 'unmocked.flow.yaml');
  const started = await engine.backend.startExecution({ flowName: 'unmocked', definition: readFileSync(flowPath, 'utf8'), flowPath });
  const end = await engine.backend.waitForExecution('unmocked', started.name);
  assert.equal(end.status, 'Failed');
  assert.equal(end.error, NO_INVOKER_ERROR);
  assert.equal(end.cause, `nothing runs charge of ${flowPath}`);
});

test('when another process owns the workspace store, this window uses its own', async (t) => {
  const root = workspace(t);
  const storeDir = join(root, '.fdl', 'executions');
  // Simulate another live owner: this test process's parent pid holds the lock file.
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(storeDir, { recursive: true });
  writeFileSync(join(storeDir, 'engine.lock'), JSON.stringify({ pid: process.ppid, since: new Date().toISOString() }));
  const engine = await startEmbeddedEngine(engineOptions(root, { startApi: false }));
  t.after(() => engine.dispose());
  assert.equal(engine.storeDir, join(root, 'fallback'));
  assert.equal(engine.storeOwnedBy, process.ppid);
});

test('per-execution invokers: built once per execution, a child falls back to its parent, none → a clear failure', async () => {
  const built: string[] = [];
  const answer = (name: string) => ({
    name,
    canInvoke: (i: { stepName: string }) => i.stepName === name,
    invoke: async () => ({ kind: 'succeeded' as const, output: { by: name } }),
  });
  const router = new ExecutionInvokers({
    invokersFor: (ref) => {
      built.push(ref.executionName);
      return ref.executionName === 'parent' ? [answer('fromParent')] : [answer('own')];
    },
    parentOf: (ref) => (ref.executionName === 'child' ? { flowName: 'p', executionName: 'parent' } : undefined),
    noInvokerCause: (inv) => `no way for ${inv.stepName}`,
  });
  const inv = (executionName: string, stepName: string) =>
    ({
      flowName: 'f',
      executionName,
      stepName,
      resource: '',
      pattern: 'requestResponse',
      serviceParams: {},
      input: {},
      attempt: 1,
      signal: new AbortController().signal,
      log: () => {},
    }) as TaskInvocation;
  assert.deepEqual(await router.invoke(inv('child', 'own')), { kind: 'succeeded', output: { by: 'own' } });
  assert.deepEqual(await router.invoke(inv('child', 'fromParent')), { kind: 'succeeded', output: { by: 'fromParent' } });
  await router.invoke(inv('child', 'own'));
  assert.deepEqual(built, ['child', 'parent'], 'each set built once');
  await assert.rejects(router.invoke(inv('child', 'nobody')), (e: Error & { error?: string; cause?: string }) => e.error === NO_INVOKER_ERROR && e.cause === 'no way for nobody');
  router.forget({ flowName: 'f', executionName: 'child' });
  await router.invoke(inv('child', 'own'));
  assert.deepEqual(built, ['child', 'parent', 'child']);
});

test('workspace code runs only in a trusted workspace; mocks run either way', (t) => {
  const root = workspace(t);
  const flowPath = join(root, 'flows', 'callback.flow.yaml');
  const setup = { flowPath, workspaceRoot: root, report: () => {}, timeScale: 0, locale: 'en' as const, onProblem: () => {} };
  assert.deepEqual(
    flowInvokers({ ...setup, trusted: false }).map((i) => i.name),
    ['mock', 'mock'],
  );
  assert.deepEqual(
    flowInvokers({ ...setup, trusted: true }).map((i) => i.name),
    ['mock', 'local', 'mock'],
  );
  const problems: string[] = [];
  assert.deepEqual(flowInvokers({ ...setup, flowPath: join(root, 'flows', 'unmocked.flow.yaml'), trusted: false, onProblem: (f) => problems.push(f) }), []);
});

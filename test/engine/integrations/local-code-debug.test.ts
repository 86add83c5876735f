/**
 * The local code invoker under a debugger (TaskInvocation.debug, a person stepped into the task):
 * where the function's process waits, what happens when no debugger comes, a Stop while it waits,
 * and a function of another runtime. The attach itself, with a real inspector connection, is
 * test/debug/step-into-function.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LocalCodeInvoker, LOCAL_ERRORS } from '../../../engine/invokers/local-code-invoker';
import { LocalFunctionCatalog } from '../../../engine/invokers/local-function-catalog';
import type { FunctionDebugTarget, FunctionDebugging } from '../../../engine/invoker';
import { makeInvocation } from './invocation-fixture';

const appDir = join(__dirname, 'fixtures', 'local-app');
const catalog = LocalFunctionCatalog.discover(appDir);
const arn = (fn: string) => `acs:fc:cn-shanghai::services/demo.prod/functions/${fn}`;

function debugging(attach: (target: FunctionDebugTarget) => Promise<boolean>): FunctionDebugging & { targets: FunctionDebugTarget[]; reasons: string[] } {
  const targets: FunctionDebugTarget[] = [];
  const reasons: string[] = [];
  return {
    targets,
    reasons,
    attach: (target) => {
      targets.push(target);
      return attach(target);
    },
    cannot: (reason) => void reasons.push(reason),
    ended: () => {},
  };
}

test('under a debugger the process waits on a loopback inspector; when none attaches it runs as usual in a new process', async () => {
  const invoker = new LocalCodeInvoker({ catalog, locale: 'en' });
  const debug = debugging(async () => false);
  const inv = makeInvocation({ resource: arn('echo'), input: { hello: 'debugger' }, debug });
  const outcome = await invoker.invoke(inv);
  assert.equal(outcome.kind, 'succeeded');
  assert.deepEqual((outcome as { output: { input: unknown } }).output.input, { hello: 'debugger' });
  assert.equal(debug.targets.length, 1);
  const [target] = debug.targets;
  assert.match(target.url, /^ws:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+$/);
  assert.equal(target.port, Number(new URL(target.url).port));
  assert.equal(target.functionName, 'echo');
  assert.equal(target.handlerFile, join(appDir, 'functions', 'echo', 'index.js'));
  assert.match(target.runtimeFile, /fc-node-runtime\.js$/);
  assert.ok(target.pid > 0);
  assert.ok(inv.lines.includes('local: no debugger attached (the debugger did not attach); the function runs without one.'), inv.lines.join('\n'));
  // One invocation in the log, and the initializer ran once: in the process that ran, not in the one given up.
  assert.equal(inv.lines.filter((l) => l.startsWith('FC Invoke Start')).length, 1, inv.lines.join('\n'));
  assert.equal((outcome as { output: { initialized: number } }).output.initialized, 1);
});

test('an attach that fails runs the function without a debugger too', async () => {
  const invoker = new LocalCodeInvoker({ catalog, locale: 'en' });
  const inv = makeInvocation({ resource: arn('esm'), input: { a: 2, b: 3 }, debug: debugging(() => Promise.reject(new Error('no client'))) });
  assert.deepEqual(await invoker.invoke(inv), { kind: 'succeeded', output: { sum: 5, name: 'esm' } });
  assert.ok(inv.lines.some((l) => l.includes('no debugger attached (no client)')));
});

test('Stop while the process waits for a debugger: the step is cancelled and nothing hangs', async () => {
  const invoker = new LocalCodeInvoker({ catalog, locale: 'en' });
  const ac = new AbortController();
  const debug = debugging(() => {
    setTimeout(() => ac.abort(), 50);
    return new Promise<boolean>(() => {});
  });
  const outcome = await invoker.invoke(makeInvocation({ resource: arn('echo'), signal: ac.signal, debug }));
  assert.equal(outcome.kind, 'failed');
  assert.match((outcome as { cause: string }).cause, /cancelled/);
  assert.equal(invoker.busy, false);
});

test('a function of another runtime cannot be debugged here, and says so in the person’s language', async () => {
  for (const [locale, text] of [
    ['en', /function `py` uses runtime `python3\.9`: only the handlers of Node\.js functions/],
    ['zh-cn', /只有 Node\.js 函数/],
  ] as const) {
    const debug = debugging(async () => true);
    const outcome = await new LocalCodeInvoker({ catalog, locale }).invoke(makeInvocation({ resource: arn('py'), debug }));
    assert.equal((outcome as { error: string }).error, LOCAL_ERRORS.unsupportedRuntime);
    assert.equal(debug.targets.length, 0);
    assert.match(debug.reasons.join('\n'), text);
  }
});

/**
 * Every line a local function writes reaches the step's log, also when it writes many lines just
 * before it returns (the runtime waits for its output to drain before it exits), and a handler
 * that leaves a timer running still ends when it answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalCodeInvoker } from '../../../engine/invokers/local-code-invoker';
import { LocalFunctionCatalog } from '../../../engine/invokers/local-function-catalog';
import { tempDir } from '../helpers';
import { makeInvocation } from './invocation-fixture';

function invokerFor(dir: string, code: string): LocalCodeInvoker {
  mkdirSync(join(dir, 'fn'));
  writeFileSync(join(dir, 'fn', 'index.js'), code);
  const mapping = join(dir, 'functions.json');
  writeFileSync(mapping, JSON.stringify({ 'acs:fc:::services/demo/functions/chatty': { codeUri: './fn', handler: 'index.handler', runtime: 'nodejs18', timeout: 60 } }));
  const catalog = new LocalFunctionCatalog();
  catalog.addMappingFile(mapping);
  return new LocalCodeInvoker({ catalog, locale: 'en' });
}

const resource = 'acs:fc:::services/demo/functions/chatty';

test('20,000 lines written right before the answer all reach the step log, then FC Invoke End', { timeout: 60_000 }, async (t) => {
  const invoker = invokerFor(
    tempDir(t),
    `exports.handler = async () => {
      for (let i = 0; i < 20000; i++) console.log('line ' + i + ' ' + 'x'.repeat(60));
      console.error('last on stderr');
      return { ok: true };
    };`,
  );
  const inv = makeInvocation({ resource });
  assert.deepEqual(await invoker.invoke(inv), { kind: 'succeeded', output: { ok: true } });
  const printed = inv.lines.filter((l) => l.startsWith('line '));
  assert.equal(printed.length, 20000);
  assert.equal(printed.at(-1), `line 19999 ${'x'.repeat(60)}`);
  assert.ok(inv.lines.includes('stderr: last on stderr'));
  assert.match(inv.lines.filter((l) => !l.startsWith('stderr: ')).at(-1)!, /^FC Invoke End RequestId: [0-9a-f-]{36} \(duration: \d+ms\)$/);
});

test('a handler that leaves a timer running ends when it answers, its lines kept', { timeout: 30_000 }, async (t) => {
  const invoker = invokerFor(
    tempDir(t),
    `exports.handler = (event, context, callback) => {
      setInterval(() => {}, 1000);
      for (let i = 0; i < 2000; i++) console.log('tick ' + i);
      callback(null, { done: true });
    };`,
  );
  const inv = makeInvocation({ resource });
  const started = Date.now();
  assert.deepEqual(await invoker.invoke(inv), { kind: 'succeeded', output: { done: true } });
  assert.ok(Date.now() - started < 10_000, 'the process did not wait for the timer');
  assert.equal(inv.lines.filter((l) => l.startsWith('tick ')).length, 2000);
  assert.ok(inv.lines.some((l) => l.startsWith('FC Invoke End RequestId: ')));
});

test('output held open after the answer (a process the function started) is cut, and the log says so', { timeout: 30_000 }, async (t) => {
  const invoker = invokerFor(
    tempDir(t),
    `const { spawn } = require('node:child_process');
    exports.handler = async () => {
      // A helper process that shares the function's stdout and outlives it.
      const helper = spawn(process.execPath, ['-e', 'setTimeout(() => console.log("too late"), 3000)'], { stdio: ['ignore', 'inherit', 'inherit'] });
      helper.unref();
      console.log('before the answer');
      return {};
    };`,
  );
  const inv = makeInvocation({ resource });
  const started = Date.now();
  assert.deepEqual(await invoker.invoke(inv), { kind: 'succeeded', output: {} });
  assert.ok(Date.now() - started < 2900, 'the step did not wait for the helper');
  assert.ok(inv.lines.includes('before the answer'));
  assert.match(inv.lines.at(-1)!, /^local: the function answered, but its output was still open 1000 ms later/);
  await new Promise((r) => setTimeout(r, 3500));
  assert.ok(!inv.lines.includes('too late'), 'nothing is added to the log after the cut');
});

/**
 * The mocks file is read strictly: a mistyped key or a malformed entry is refused when the file is
 * loaded, with the file, line, task, entry and key (English and Simplified Chinese), wherever mocks
 * come from (`--mocks`, `fdl test` scenarios, inline or beside the flow); an empty list is no mock.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadMocksFile, MockInvoker, parseMocks } from '../../engine/invokers/mock-invoker';
import { LocalBackend } from '../../engine/local-backend';
import { MemoryStore } from '../../engine/store/memory-store';
import { withEngineLocale } from '../../engine/messages';
import { runFlowFile } from '../../engine/run-flow';
import { loadScenario } from '../../engine/scenario';
import { tempDir } from './helpers';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'engine', 'cli', 'main.ts');

const MISTYPED = `# charge: the second invocation is throttled
tasks:
  charge:
    - output: {paid: false}
    - erorr: FC.ResourceThrottled
      cause: too many requests
`;

const FLOW = `version: v1
type: flow
steps:
  - type: task
    name: charge
    resourceArn: acs:fc:::services/shop/functions/charge
`;

function refusal(text: string): string {
  try {
    parseMocks(text, 'm.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail(`accepted:\n${text}`);
}

test('a mistyped key is refused when the file is loaded: file, line, task, entry, key and the key it meant', async (t) => {
  const file = join(tempDir(t), 'order.mocks.yaml');
  writeFileSync(file, MISTYPED);
  await withEngineLocale('en', async () => {
    assert.throws(() => loadMocksFile(file), {
      message: `${file}:5: \`charge\`, entry 2: unknown key \`erorr\` (did you mean \`error\`?); a mock entry is {output: …} or {error: …, cause: …}, optionally with delayMs.`,
    });
  });
  await withEngineLocale('zh-cn', async () => {
    assert.throws(() => loadMocksFile(file), {
      message: `${file}:5：\`charge\` 的第 2 个条目：未知的键 \`erorr\`（是否应为 \`error\`？）；模拟条目应为 {output: …} 或 {error: …, cause: …}，可选 delayMs。`,
    });
  });
});

test('every malformed entry shape is refused with what is wrong', () =>
  withEngineLocale('en', async () => {
    const entry = (yaml: string) => refusal(`tasks:\n  charge:\n    - output: {}\n    - ${yaml}\n`);
    assert.match(entry('{output: {}, error: E}'), /^m\.yaml:4: `charge`, entry 2: has both output and error/);
    assert.match(entry('{delayMs: 5}'), /^m\.yaml:4: `charge`, entry 2: has neither output nor error/);
    assert.match(entry('{}'), /entry 2: has neither output nor error/);
    assert.match(entry('{error: 42}'), /^m\.yaml:4: `charge`, entry 2: error must be an error name .*got 42/);
    assert.match(entry('{error: ""}'), /error must be an error name/);
    assert.match(entry('{error: E, cause: {a: 1}}'), /entry 2: cause must be text, got \{"a":1\}/);
    assert.match(entry('{output: {}, cause: why}'), /entry 2: cause goes with error/);
    assert.match(entry('{output: {}, delayMs: -1}'), /entry 2: delayMs must be a number of milliseconds ≥ 0, got -1/);
    assert.match(entry('{output: {}, delayMs: soon}'), /delayMs must be .*got "soon"/);
    assert.match(entry('{Output: {}}'), /unknown key `Output` \(did you mean `output`\?\)/);
    assert.match(entry('{result: {}}'), /unknown key `result`; a mock entry is/);
    assert.match(entry('just text'), /tasks\.charge\[1\] must be \{output: …\} or \{error: …, cause: …\}/);
    // JSON text on one line: no line number, still the task, entry and key.
    assert.match(refusal(JSON.stringify({ tasks: { charge: [{ ouput: {} }] } })), /^m\.yaml: `charge`, entry 1: unknown key `ouput` \(did you mean `output`\?\)/);
  }));

test('a mocks file nested thousands of levels deep is refused with the nesting limit and its line, not a parser overflow', () =>
  withEngineLocale('en', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    assert.equal(
      refusal(`tasks:\n  charge:\n    - output: ${deep}\n`),
      'm.yaml:3: nests collections more than 200 levels deep; it is not read (a mock output may nest at most 128 levels).',
    );
    assert.match(refusal(`{"tasks": {"charge": [{"output": ${deep}}]}}`), /^m\.yaml: nests collections more than 200 levels deep/);
  }));

test('well-formed entries load as written: output (even null), error with or without cause, delayMs', () => {
  const m = parseMocks('tasks:\n  a:\n    - output: null\n    - error: E\n    - error: F\n      cause: why\n      delayMs: 0\n  b:\n    output: {x: 1}\n');
  assert.deepEqual(m.tasks, { a: [{ output: null }, { error: 'E' }, { error: 'F', cause: 'why', delayMs: 0 }], b: [{ output: { x: 1 } }] });
});

test('an empty list (or nothing) under a task is no mock: the invoker does not claim it, the catch-all may', () => {
  const m = parseMocks('tasks:\n  charge: []\n  refund:\n  "*":\n    - output: {any: true}\n');
  assert.deepEqual(Object.keys(m.tasks), ['*']);
  assert.equal(new MockInvoker(m, { match: 'named' }).canInvoke({ stepName: 'charge', resource: '' }), false);
  assert.equal(new MockInvoker(m, { match: 'catch-all' }).canInvoke({ stepName: 'charge', resource: '' }), true);
  // A MocksFile built in code with an empty list is no mock either (it used to answer {}).
  assert.equal(new MockInvoker({ tasks: { charge: [] } }).canInvoke({ stepName: 'charge', resource: '' }), false);
});

test('a run whose only mock for a step is an empty list fails naming the step', async (t) => {
  const dir = tempDir(t);
  const flowPath = join(dir, 'pay.flow.yaml');
  writeFileSync(flowPath, FLOW);
  const r = await withEngineLocale('en', () => runFlowFile({ flowPath, input: {}, mocks: parseMocks('tasks:\n  charge: []\n'), timeScale: 0 }));
  assert.equal(r.status, 'Failed');
  assert.equal(r.error, 'Local.NoInvoker');
  assert.match(r.cause ?? '', /task step charge/);
});

test('scenarios refuse malformed mocks, inline or in a file beside them', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'pay.flow.yaml'), FLOW);
  writeFileSync(join(dir, 'pay.mocks.yaml'), MISTYPED);
  writeFileSync(join(dir, 'inline.yaml'), 'flow: pay.flow.yaml\nmocks:\n  tasks:\n    charge:\n      - ouput: {paid: true}\n');
  writeFileSync(join(dir, 'file.yaml'), 'flow: pay.flow.yaml\nmocks: pay.mocks.yaml\n');
  await withEngineLocale('en', async () => {
    assert.throws(() => loadScenario(join(dir, 'inline.yaml')), /inline\.yaml: `charge`, entry 1: unknown key `ouput` \(did you mean `output`\?\)/);
    assert.throws(() => loadScenario(join(dir, 'file.yaml')), /pay\.mocks\.yaml:5: `charge`, entry 2: unknown key `erorr`/);
  });
});

function fdl(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...process.env, FDL_LOCALE: 'en' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('the CLI prints the refusal, no stack trace: `run --mocks` exits 2, `test` counts the scenario as failed', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'pay.flow.yaml'), FLOW);
  writeFileSync(join(dir, 'pay.mocks.yaml'), MISTYPED);
  writeFileSync(join(dir, 'pay.scenario.yaml'), 'flow: pay.flow.yaml\nmocks: pay.mocks.yaml\nexpect: {status: Succeeded}\n');
  const run = await fdl(['run', join(dir, 'pay.flow.yaml'), '--mocks', join(dir, 'pay.mocks.yaml'), '--time-scale', '0', '--store', join(dir, 's')]);
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /pay\.mocks\.yaml:5: `charge`, entry 2: unknown key `erorr` \(did you mean `error`\?\)/);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  const scen = await fdl(['test', join(dir, 'pay.scenario.yaml')]);
  assert.notEqual(scen.code, 0);
  assert.match(scen.stdout + scen.stderr, /unknown key `erorr`/);
  assert.match(scen.stdout, /0 passed, 1 failed/);
});

test('a delayMs past Node’s timer limit (2^31 ms) is waited, not answered at once: the task times out first', async (t) => {
  const dir = tempDir(t);
  const long = 2 ** 31 + 1;
  const flow = (pattern: string) => `version: v1
type: flow
steps:
  - type: task
    name: charge
    resourceArn: acs:fc:::services/shop/functions/charge
    pattern: ${pattern}
    timeoutSeconds: 1
`;
  const ended: string[] = [];
  for (const pattern of ['requestResponse', 'waitForCallback']) {
    const flowPath = join(dir, `${pattern}.flow.yaml`);
    writeFileSync(flowPath, flow(pattern));
    // At time scale 0.05 the step's timeout is 50 ms; the mock's delay, on the same clock, about 1.2 days.
    const r = await withEngineLocale('en', () =>
      runFlowFile({ flowPath, input: {}, mocks: parseMocks(`tasks:\n  charge:\n    - output: {paid: true}\n      delayMs: ${long}\n`), timeScale: 0.05 }),
    );
    ended.push(`${pattern}: ${r.status} ${r.error ?? ''}`);
  }
  assert.deepEqual(ended, ['requestResponse: Failed FnF.TaskTimeout', 'waitForCallback: Failed FnF.TaskTimeout']);
});

test('mocks answer at once, yet parallel branches interleave: every branch invokes its first task before any goes on to its second', async () => {
  const flow = `version: v1
type: flow
steps:
  - type: parallel
    name: both
    branches:
      - steps:
          - {type: task, name: a1, resourceArn: 'acs:fc:::services/s/functions/f'}
          - {type: task, name: a2, resourceArn: 'acs:fc:::services/s/functions/f'}
      - steps:
          - {type: task, name: b1, resourceArn: 'acs:fc:::services/s/functions/f'}
          - {type: task, name: b2, resourceArn: 'acs:fc:::services/s/functions/f'}
`;
  const invoker = new MockInvoker({ tasks: { '*': [1, 2, 3, 4].map((n) => ({ output: { n } })) } });
  const backend = new LocalBackend({ store: new MemoryStore(), timeScale: 0, invokers: [invoker] });
  await backend.open();
  try {
    const s = await backend.startExecution({ flowName: 'par', definition: flow, executionName: 'e1' });
    assert.equal((await backend.waitForExecution('par', s.name)).status, 'Succeeded');
    const answered = backend
      .readStoredHistory('par', s.name)
      .filter((e) => e.type === 'TaskSucceeded')
      .map((e) => `${e.stepName}=${(e.detail as { output: { n: number } }).output.n}`)
      .sort();
    assert.deepEqual(answered, ['a1=1', 'a2=3', 'b1=2', 'b2=4']);
  } finally {
    backend.close();
  }
});

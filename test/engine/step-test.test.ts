/**
 * Run one step alone (engine/step-test.ts), both dialects: every `<case>.flow.yaml` in
 * test/engine/step-test/ has `<case>.cases.json` beside it, a list of {step, input, local?,
 * result?, error?} with the fields of the answer expected (`expect`, compared field by field,
 * objects in full unless listed partially below) or the refusal's code (`refused`).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHistoryEvent } from '../../engine/local-backend';
import { withEngineLocale } from '../../engine/messages';
import { runFlowFile } from '../../engine/run-flow';
import type { MocksFile } from '../../engine/invokers/mock-invoker';
import type { TaskInvoker } from '../../engine/invoker';
import { StepTestError, stepPaths, stepTestInputFrom, testStep, type StepTestOptions } from '../../engine/step-test';
import { stepTestMarkdown } from '../../engine/step-test-report';

const root = join(__dirname, 'step-test');

interface Case {
  title: string;
  step: string;
  input: StepTestOptions['input'];
  local?: StepTestOptions['local'];
  result?: unknown;
  error?: StepTestOptions['error'];
  expect?: Record<string, unknown>;
  refused?: string;
}

/** Fields whose expected object lists only some keys (errors without a cause, a task's event only). */
const PARTIAL = new Set(['task', 'error', 'next']);

for (const file of readdirSync(root).filter((f) => f.endsWith('.flow.yaml'))) {
  const name = file.replace(/\.flow\.yaml$/, '');
  const flow = readFileSync(join(root, file), 'utf8');
  const cases = JSON.parse(readFileSync(join(root, `${name}.cases.json`), 'utf8')) as Case[];
  for (const c of cases) {
    test(`${name}: ${c.title}`, async () => {
      const options: StepTestOptions = { input: c.input, flowName: name };
      if (c.local) options.local = c.local;
      if ('result' in c) options.result = c.result;
      if (c.error) options.error = c.error;
      if (c.refused) {
        await assert.rejects(testStep(flow, c.step, options), (e: unknown) => e instanceof StepTestError && e.code === c.refused && e.message.length > 0);
        return;
      }
      const r = await testStep(flow, c.step, options);
      for (const [key, want] of Object.entries(c.expect ?? {})) {
        const got = (r as unknown as Record<string, unknown>)[key];
        if (PARTIAL.has(key) && want && typeof want === 'object') {
          for (const [k, v] of Object.entries(want)) assert.deepEqual((got as Record<string, unknown>)?.[k], v, `${key}.${k}`);
        } else assert.deepEqual(got, want, key);
      }
    });
  }
}

test('a classic step visit records the events a run would', async () => {
  const flow = readFileSync(join(root, 'classic-task-mappings.flow.yaml'), 'utf8');
  const r = await testStep(flow, 'charge', { input: {}, result: { receiptId: 'r' } });
  assert.deepEqual(
    r.events.map((e) => e.type),
    ['StepEntered', 'StepStarted', 'TaskScheduled', 'TaskSucceeded', 'StepSucceeded', 'StepExited'],
  );
});

test('stepPaths lists every step with the path testStep takes', () => {
  const flow = readFileSync(join(root, 'sm-nested.flow.yaml'), 'utf8');
  assert.deepEqual(
    stepPaths(flow).map((s) => s.path),
    ['Fan', 'Fan/0/Left', 'Fan/1/Right', 'Fan/1/Tail', 'Each', 'Each/0/Visit'],
  );
});

test('an invalid flow is refused with its findings', async () => {
  await assert.rejects(
    testStep('version: v1\ntype: flow\nsteps:\n  - type: nope\n    name: x\n', 'x', { input: {} }),
    (e: unknown) => e instanceof StepTestError && e.code === 'InvalidDefinition',
  );
});

for (const [file, step] of [
  ['classic-task-mappings.flow.yaml', 'charge'],
  ['sm-task-constructors.flow.yaml', 'Charge'],
]) {
  const mocks: MocksFile = { tasks: { [step]: [{ output: { receiptId: 'r-1' } }] } };
  test(`${file}: run alone from a recorded run's data, ${step} gives the output the run recorded`, async () => {
    const flowPath = join(root, file);
    const run = await runFlowFile({ flowPath, input: { order: { id: 'o-7', amount: 5 } }, mocks, timeScale: 0 });
    assert.equal(run.status, 'Succeeded');
    const recorded = run.history.find((e) => (e.type === 'StepSucceeded' || e.type === 'StateSucceeded') && e.stepName === step);
    const from = stepTestInputFrom(run.history.map(toHistoryEvent), step);
    assert.ok(from && recorded);
    const alone = await testStep(readFileSync(flowPath, 'utf8'), step, { ...from, result: { receiptId: 'r-1' } });
    assert.deepEqual(alone.output, (recorded.detail as { output: unknown }).output);
    assert.equal(stepTestInputFrom(run.history.map(toHistoryEvent), 'nope'), undefined);
  });
}

test('the report says the data and the next step, in English and in Chinese', async () => {
  const flow = readFileSync(join(root, 'classic-catch.flow.yaml'), 'utf8');
  const r = await testStep(flow, 'hello', { input: {}, error: { error: 'BadInput', cause: 'x' } });
  const en = await withEngineLocale('en', async () => stepTestMarkdown(r));
  assert.match(en, /failed, caught/);
  assert.match(en, /"errCode": "BadInput"/);
  assert.match(en, /`final` \(its catch\)/);
  const zh = await withEngineLocale('zh-cn', async () => stepTestMarkdown(r));
  assert.match(zh, /下一步/);
  assert.match(zh, /`final`（其 catch）/);
});

test('a task answered by nothing within the time limit fails with FnF.Timeout', async () => {
  const flow = readFileSync(join(root, 'classic-task-mappings.flow.yaml'), 'utf8');
  const hang: TaskInvoker = { name: 'hang', canInvoke: () => true, invoke: () => new Promise(() => {}) };
  const r = await testStep(flow, 'charge', { input: {}, invokers: [hang], timeoutMs: 100 });
  assert.equal(r.status, 'failed');
  assert.equal(r.next.kind, 'execution-ends');
  assert.equal((r.next as { error: string }).error, 'FnF.Timeout');
});

test('a callback task: the token its inputMappings read is the one the task was scheduled with', async () => {
  const flow = readFileSync(join(root, 'classic-callback.flow.yaml'), 'utf8');
  const r = await testStep(flow, 'approve', { input: { amount: 1 }, result: {} });
  assert.ok(r.task?.serviceParams !== undefined);
  const token = (r.mappedInput as { token: string }).token;
  assert.ok(token.length >= 20);
  const scheduled = r.events.find((e) => e.type === 'TaskScheduled');
  assert.equal((scheduled?.detail as { taskToken?: string }).taskToken, token);
});

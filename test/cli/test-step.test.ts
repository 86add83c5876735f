/**
 * `fdl test-step`: one step of a flow file run alone, as a user runs it. The fixtures are the
 * engine's (test/engine/step-test/); --json prints one object (the result, or "Invalid" with a
 * stable code), the report is in the user's language, the exit code says how the step ended.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../engine/helpers';
import { fdl, oneJsonObject, ROOT } from './fdl-process';

const FLOWS = join(ROOT, 'test', 'engine', 'step-test');
const TASK = join(FLOWS, 'classic-task-mappings.flow.yaml');
const SM_CATCH = join(FLOWS, 'sm-catch.flow.yaml');

test('--json: a mocked result, the mapped input, output, $local and next step; exit 0', { timeout: 30_000 }, async () => {
  const r = await fdl(['test-step', TASK, 'charge', '--input', '{"order":{"id":"o-1"}}', '--local', '{"total":42}', '--result', '{"receiptId":"r-9"}', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = oneJsonObject(r.stdout);
  assert.equal(out.status, 'succeeded');
  assert.deepEqual(out.mappedInput, { orderId: 'o-1', amount: 42, currency: 'CNY' });
  assert.deepEqual(out.output, { receipt: 'r-9', charged: 42 });
  assert.deepEqual(out.local, { total: 42, receipt: 'r-9', charged: 42 });
  assert.deepEqual(out.next, { kind: 'step', name: 'done', path: 'done', via: 'next' });
});

test('--error on a StateMachine task: caught, the report in Chinese names the catch target', { timeout: 30_000 }, async () => {
  const r = await fdl(['test-step', SM_CATCH, 'Charge', '--input', '{"order":"o-1"}', '--error', 'CardDeclined', '--cause', 'no funds'], { LANG: 'zh_CN.UTF-8' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /失败，已被捕获/);
  assert.match(r.stdout, /"code": "CardDeclined"/);
  assert.match(r.stdout, /`Notify`（其 catch）/);
});

test('a mocks file answers the task; an uncaught error exits 1', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'mocks.yaml'), 'tasks:\n  Charge:\n    - error: Unexpected\n      cause: boom\n');
  const r = await fdl(['test-step', SM_CATCH, 'Charge', '--mocks', join(dir, 'mocks.yaml'), '--json']);
  assert.equal(r.code, 0, r.stderr); // FnF.ALL catches it
  assert.deepEqual(oneJsonObject(r.stdout).next, { kind: 'step', name: 'Handle', path: 'Handle', via: 'catch' });
  const failed = await fdl(['test-step', join(FLOWS, 'classic-catch.flow.yaml'), 'hello', '--error', 'Unexpected', '--json']);
  assert.equal(failed.code, 1, failed.stderr);
  assert.equal(oneJsonObject(failed.stdout).status, 'failed');
});

test('refusals: one "Invalid" object with a stable code, the reason on stderr in the user\'s language, exit 2', { timeout: 60_000 }, async () => {
  const refused = async (args: string[], code: string, env: Record<string, string> = {}) => {
    const r = await fdl(['test-step', ...args, '--json'], env);
    assert.equal(r.code, 2, r.stderr);
    const out = oneJsonObject(r.stdout);
    assert.equal(out.status, 'Invalid');
    assert.equal(out.error, code);
    return { out, stderr: r.stderr };
  };
  const unknown = await refused([TASK, 'nope'], 'UnknownStep', { LANG: 'zh_CN.UTF-8' });
  assert.match(String(unknown.out.cause), /No step nope in this flow\. Its steps: prepare, charge, done/);
  assert.match(unknown.stderr, /此流程中没有步骤 nope/);
  await refused([join(FLOWS, 'classic-nested.flow.yaml'), 'fan/check'], 'AmbiguousStep');
  await refused([TASK, 'charge', '--input', '[1]'], 'InvalidArgument');
  await refused([TASK, 'charge', '--result', '{', '--json'], 'InvalidArgument');
  await refused([TASK, 'charge', '--result', '{}', '--error', 'X'], 'InvalidArgument');
  await refused([TASK, 'done', '--result', '{}'], 'InvalidMock');
  await refused([TASK], 'InvalidArgument');
});

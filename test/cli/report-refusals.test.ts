/**
 * `fdl report-success / report-failure` against a store another process runs (`fdl run` owns it;
 * reports travel through the store's inbox), and after that process has ended (the reporter takes
 * the store itself). An unknown token gets the API's InvalidArgument, a second report for an
 * answered task TaskAlreadyCompleted: the code as is, the explanation in the reporter's language,
 * exit 1, and the execution is unchanged.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir, until } from '../engine/helpers';
import { fdl, startFdl } from './fdl-process';

const TWO_APPROVALS = `version: v1
type: flow
steps:
  - type: task
    name: first
    resourceArn: acs:fc:::services/s/functions/ack
    pattern: waitForCallback
    inputMappings:
      - target: token
        source: $context.task.token
  - type: task
    name: second
    resourceArn: acs:fc:::services/s/functions/ack
    pattern: waitForCallback
    inputMappings:
      - target: token
        source: $context.task.token
`;

/** A function that only acknowledges: the approvals come from the CLI. */
function ackFunction(dir: string): string {
  mkdirSync(join(dir, 'code'));
  writeFileSync(join(dir, 'code', 'index.js'), 'exports.handler = (event, context, callback) => callback(null, {});\n');
  const s = join(dir, 's.yaml');
  writeFileSync(
    s,
    'edition: 1.0.0\nname: app\nservices:\n  app:\n    component: fc\n    props:\n      service:\n        name: s\n      function:\n        name: ack\n        runtime: nodejs18\n        codeUri: ./code\n        handler: index.handler\n',
  );
  return s;
}

async function tokenOf(store: string, step: string): Promise<string> {
  const { ExecutionStore } = await import('../../engine/store/execution-store');
  let token = '';
  await until(() => {
    const s = new ExecutionStore(store);
    if (!s.exists('approvals', 'e1')) return false;
    const h = s.readHistory('approvals', 'e1');
    const scheduled = h.find((e) => e.type === 'TaskScheduled' && e.stepName === step);
    const submitted = h.some((e) => e.type === 'TaskSubmitted' && e.stepName === step);
    token = (scheduled?.detail as { taskToken?: string } | undefined)?.taskToken ?? '';
    return submitted && token !== '';
  }, 30_000);
  return token;
}

test('refused reports print InvalidArgument / TaskAlreadyCompleted in English and Chinese, exit 1, and change nothing', { timeout: 90_000 }, async (t) => {
  const dir = tempDir(t);
  const store = join(dir, 's');
  const flow = join(dir, 'approvals.flow.yaml');
  writeFileSync(flow, TWO_APPROVALS);
  const running = startFdl(['run', flow, '--name', 'e1', '--functions', ackFunction(dir), '--store', store, '--json']);
  const first = await tokenOf(store, 'first');
  const EN = { LANG: 'en_US.UTF-8' };
  const ZH = { LC_ALL: 'zh_CN.UTF-8' };

  // Unknown token, while `fdl run` owns the store.
  const unknownEn = await fdl(['report-success', 'AAAAAAAAAAAAAAAAAAAAAA', '--store', store], EN);
  assert.equal(unknownEn.code, 1);
  assert.match(unknownEn.stderr, /^fdl: InvalidArgument: no task is waiting for this token in /);
  const unknownZh = await fdl(['report-failure', 'AAAAAAAAAAAAAAAAAAAAAA', '--error', 'X', '--store', store], ZH);
  assert.equal(unknownZh.code, 1);
  assert.match(unknownZh.stderr, /^fdl：InvalidArgument：.* 中没有等待此令牌的任务/);

  // The first approval is accepted (in Chinese: 已报告), a second one for it is refused.
  const ok = await fdl(['report-success', first, '--output', '{"by":"cli"}', '--store', store], ZH);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, '已报告\n');
  const second = await tokenOf(store, 'second');
  const againEn = await fdl(['report-success', first, '--store', store], EN);
  assert.equal(againEn.code, 1);
  assert.match(againEn.stderr, /^fdl: TaskAlreadyCompleted: the task of token \S+ has already finished/);
  const againZh = await fdl(['report-failure', first, '--error', 'Late', '--store', store], ZH);
  assert.equal(againZh.code, 1);
  assert.match(againZh.stderr, /^fdl：TaskAlreadyCompleted：令牌 \S+ 对应的任务已结束/);

  // Nothing changed: the run still waits for `second`, and ends with the output reported for it.
  assert.equal((await fdl(['report-success', second, '--output', '{"done":true}', '--store', store], EN)).code, 0);
  const r = await running.result;
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { status: 'Succeeded', output: { by: 'cli', done: true }, error: null, cause: null });

  // With no process owning the store any more, the reporter opens it itself: same codes.
  const lateZh = await fdl(['report-success', second, '--store', store], ZH);
  assert.equal(lateZh.code, 1);
  assert.match(lateZh.stderr, /^fdl：TaskAlreadyCompleted：令牌 \S+ 对应的任务已结束/);
  const lateUnknown = await fdl(['report-success', 'BBBBBBBBBBBBBBBBBBBBBB', '--store', store], EN);
  assert.equal(lateUnknown.code, 1);
  assert.match(lateUnknown.stderr, /^fdl: InvalidArgument: no task is waiting for this token/);
  const history = JSON.parse((await fdl(['history', 'approvals', 'e1', '--store', store])).stdout) as { type: string }[];
  assert.equal(history.filter((e) => e.type === 'TaskSucceeded').length, 2);
  assert.equal(history.at(-1)!.type, 'ExecutionSucceeded');
});

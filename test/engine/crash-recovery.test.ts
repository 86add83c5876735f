/**
 * Durability: an engine process is killed (SIGKILL) at several points and a new process resumes
 * from the store. Completed steps never run again; a waiting callback keeps its token and still
 * accepts the report; a wait resumes with the remaining time; a task interrupted between
 * TaskScheduled and its result is invoked again (at-least-once).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnyStoredEvent } from '../../engine/history/events';
import { sendToInbox } from '../../engine/store/report-inbox';
import { history, invocations, killWhen, startEngine } from './crash/crash-harness';
import { tempDir, until } from './helpers';

function setupFlow(dir: string, body: string): string {
  const flow = join(dir, 'crash.flow.yaml');
  writeFileSync(flow, `version: v1\ntype: flow\nsteps:\n${body}`);
  return flow;
}

const task = (name: string, extra = '') => `  - type: task\n    name: ${name}\n    resourceArn: acs:fc:::services/s/functions/${name}\n${extra}`;

test('killed while waiting for a callback: the token survives and the report completes the run', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const storeDir = join(dir, 'store');
  const flow = setupFlow(dir, task('A') + task('B', '    pattern: waitForCallback\n    inputMappings:\n      - target: token\n        source: $context.task.token\n') + task('C'));
  const first = startEngine(storeDir, ['start', flow, 'e1', '{}']);
  await killWhen(storeDir, first, (h) => h.some((e) => e.type === 'TaskSubmitted' && e.stepName === 'B'));
  const token = (history(storeDir).find((e) => e.type === 'TaskScheduled' && e.stepName === 'B')!.detail as { taskToken: string }).taskToken;

  const second = startEngine(storeDir, ['resume']);
  const answer = await sendToInbox(storeDir, { token, kind: 'succeeded', output: { approved: true } });
  assert.deepEqual(answer, { ok: true });
  assert.equal(await second.exited, 0);
  const h = history(storeDir);
  assert.equal(h.at(-1)!.type, 'ExecutionSucceeded');
  assert.deepEqual((h.at(-1)!.detail as { output: unknown }).output, { A: true, approved: true, C: true });
  assert.deepEqual(invocations(dir), ['A', 'B', 'C'], 'no completed step ran again');
  assert.equal(new Set(h.map((e) => e.eventId)).size, h.length, 'event ids stay unique across the restart');
});

test('killed during a wait: the restarted wait only sleeps the remaining time', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const storeDir = join(dir, 'store');
  const flow = setupFlow(dir, task('A') + '  - type: wait\n    name: pause\n    duration: 3\n' + task('C'));
  const first = startEngine(storeDir, ['start', flow, 'e1', '{}']);
  await killWhen(storeDir, first, (h) => h.some((e) => e.type === 'TimerStarted'));
  const due = (history(storeDir).find((e) => e.type === 'TimerStarted')!.detail as { dueTime: number }).dueTime;
  await new Promise((r) => setTimeout(r, 1500)); // the engine is down for half the wait

  const second = startEngine(storeDir, ['resume']);
  let resumedAt = Infinity;
  void printed(second, 'ready').then(() => (resumedAt = Date.now()));
  assert.equal(await second.exited, 0);
  const h = history(storeDir);
  assert.equal(h.at(-1)!.type, 'ExecutionSucceeded');
  assert.equal(h.filter((e) => e.type === 'TimerStarted').length, 1, 'the timer was not started again');
  const fired = Date.parse(h.find((e) => e.type === 'TimerFired')!.time);
  assert.ok(fired >= due - 5, 'the wait did not end early');
  // The timer fires at its due time, or at once if the restart came later (a slow start on a
  // loaded machine); a wait started over would fire a whole duration (3 s) after the restart.
  const expected = Math.max(due, resumedAt);
  assert.ok(fired - expected < 1000, `the wait resumed with the remaining time (fired ${fired - due} ms after due, ${fired - resumedAt} ms after the restart)`);
  assert.deepEqual(invocations(dir), ['A', 'C']);
});

test('killed mid-task: only the interrupted task is invoked again', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const storeDir = join(dir, 'store');
  const flow = setupFlow(dir, task('A') + task('Hang') + task('C'));
  const first = startEngine(storeDir, ['start', flow, 'e1', '{}'], { HANG_STEP: 'Hang' });
  await until(() => invocations(dir).includes('Hang'), 20_000); // the invocation is in flight (it never answers)
  await killWhen(storeDir, first, (h) => h.some((e) => e.type === 'TaskScheduled' && e.stepName === 'Hang'));

  const second = startEngine(storeDir, ['resume']);
  assert.equal(await second.exited, 0);
  const h = history(storeDir);
  assert.equal(h.at(-1)!.type, 'ExecutionSucceeded');
  assert.deepEqual(invocations(dir), ['A', 'Hang', 'Hang', 'C']);
  assert.equal(h.filter((e) => e.type === 'TaskScheduled' && e.stepName === 'Hang').length, 1, 'the same attempt, not a new one');
});

test('killed inside a foreach: finished iterations are not run again', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const storeDir = join(dir, 'store');
  const flow = setupFlow(
    dir,
    '  - type: foreach\n    name: each\n    maxConcurrency: 1\n    iterationMapping:\n      collection: $.items\n      item: item\n    steps:\n' +
      '      - type: task\n        name: work\n        resourceArn: acs:fc:::services/s/functions/work\n      - type: wait\n        name: gap\n        duration: 0.3\n',
  );
  const first = startEngine(storeDir, ['start', flow, 'e1', '{"items":[1,2,3,4]}']);
  await killWhen(storeDir, first, (h) => h.filter((e) => e.type === 'IterationExited').length >= 2);
  const before = invocations(dir).length;

  const second = startEngine(storeDir, ['resume']);
  assert.equal(await second.exited, 0);
  assert.equal(history(storeDir).at(-1)!.type, 'ExecutionSucceeded');
  const after = invocations(dir);
  assert.ok(after.length <= 5 && after.length >= 4, `4 iterations, at most one re-run (was ${before} before the kill, ${after.length} after)`);
});

// Group commit (store/execution-store.ts): events are buffered and written once per event-loop
// turn, but always before anything is acknowledged or handed out. These kills land right after
// such a moment and check that nothing acknowledged was lost.

/** Resolves when the engine process prints `line` on stdout (e.g. `started`: StartExecution returned). */
function printed(run: { child: ChildProcess }, line: string): Promise<void> {
  return new Promise((resolve) => {
    let out = '';
    run.child.stdout?.on('data', (d) => {
      out += String(d);
      if (out.split('\n').includes(line)) resolve();
    });
  });
}

function tokensHandedOut(dir: string): string[] {
  const f = join(dir, 'tokens.log');
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
}

const passChain = (n: number) => Array.from({ length: n }, (_, i) => `  - type: pass\n    name: p${i}\n`).join('');

function assertRanOnce(h: AnyStoredEvent[], steps: string[]): void {
  assert.equal(h.at(-1)!.type, 'ExecutionSucceeded');
  assert.equal(h.filter((e) => e.type === 'ExecutionStarted').length, 1);
  assert.deepEqual(
    h.filter((e) => e.type === 'StepExited').map((e) => e.stepName),
    steps,
    'every step exactly once, in order',
  );
  assert.equal(new Set(h.map((e) => e.eventId)).size, h.length, 'event ids stay unique across the restart');
  assert.equal(new Set(h.map((e) => e.key)).size, h.length, 'no fact recorded twice');
}

test('killed right after StartExecution returned: the acknowledged execution is on disk and runs to the end', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const storeDir = join(dir, 'store');
  const flow = setupFlow(dir, passChain(3000));
  const first = startEngine(storeDir, ['start', flow, 'e1', '{"n":1}']);
  await printed(first, 'started');
  first.child.kill('SIGKILL');
  await first.exited;
  const atKill = history(storeDir);
  assert.equal(atKill[0]?.type, 'ExecutionStarted', 'acknowledged ⇒ written');

  const second = startEngine(storeDir, ['resume']);
  assert.equal(await second.exited, 0);
  assertRanOnce(
    history(storeDir),
    Array.from({ length: 3000 }, (_, i) => `p${i}`),
  );
});

test('killed mid-way through a long pass chain: the restart continues from what was written, each step once', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const storeDir = join(dir, 'store');
  // Waits split the chain into several turns of the event loop, so the kill lands after some batches were written.
  const body = Array.from(
    { length: 8 },
    (_, b) => Array.from({ length: 250 }, (_, i) => `  - type: pass\n    name: p${b}_${i}\n`).join('') + `  - type: wait\n    name: w${b}\n    duration: 0.05\n`,
  ).join('');
  const flow = setupFlow(dir, body);
  const first = startEngine(storeDir, ['start', flow, 'e1', '{}']);
  await killWhen(storeDir, first, (h) => h.filter((e) => e.type === 'TimerFired').length >= 2);
  const before = history(storeDir);
  assert.ok(before.at(-1)!.type !== 'ExecutionSucceeded', 'killed before the end');

  const second = startEngine(storeDir, ['resume']);
  assert.equal(await second.exited, 0);
  const h = history(storeDir);
  assert.deepEqual(h.slice(0, before.length), before, 'what was written stays as it was');
  assertRanOnce(h, Array.from({ length: 8 }, (_, b) => [...Array.from({ length: 250 }, (_, i) => `p${b}_${i}`), `w${b}`]).flat());
});

test('killed right after a task token was handed to a function: the token still accepts its report', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const storeDir = join(dir, 'store');
  const flow = setupFlow(dir, task('A') + task('B', '    pattern: waitForCallback\n    inputMappings:\n      - target: token\n        source: $context.task.token\n') + task('C'));
  const first = startEngine(storeDir, ['start', flow, 'e1', '{}']);
  await until(() => tokensHandedOut(dir).length > 0, 20_000); // the function has the token: kill at once
  first.child.kill('SIGKILL');
  await first.exited;
  const [token] = tokensHandedOut(dir);
  assert.ok(
    history(storeDir).some((e) => e.type === 'TaskScheduled' && (e.detail as { taskToken?: string }).taskToken === token),
    'the token was on disk before the function saw it',
  );

  const second = startEngine(storeDir, ['resume']);
  const answer = await sendToInbox(storeDir, { token, kind: 'succeeded', output: { approved: true } });
  assert.deepEqual(answer, { ok: true });
  assert.equal(await second.exited, 0);
  const h = history(storeDir);
  assert.equal(h.at(-1)!.type, 'ExecutionSucceeded');
  assert.deepEqual((h.at(-1)!.detail as { output: unknown }).output, { A: true, approved: true, C: true });
  assert.ok(new Set(tokensHandedOut(dir)).size === 1, 'a re-invocation (at-least-once) carries the same token');
});

test('killed right after a report was acknowledged: its result is on disk and the run finishes', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const storeDir = join(dir, 'store');
  const flow = setupFlow(dir, task('B', '    pattern: waitForCallback\n    inputMappings:\n      - target: token\n        source: $context.task.token\n') + task('Hang'));
  const first = startEngine(storeDir, ['start', flow, 'e1', '{}'], { HANG_STEP: 'Hang' });
  await until(() => history(storeDir).some((e) => e.type === 'TaskSubmitted' && e.stepName === 'B'), 20_000);
  const [token] = tokensHandedOut(dir);
  assert.deepEqual(await sendToInbox(storeDir, { token, kind: 'succeeded', output: { approved: true } }), { ok: true });
  first.child.kill('SIGKILL'); // right after the acknowledgement
  await first.exited;
  assert.ok(
    history(storeDir).some((e) => e.type === 'TaskSucceeded' && e.stepName === 'B'),
    'the acknowledged report is on disk',
  );

  const third = startEngine(storeDir, ['resume']);
  assert.equal(await third.exited, 0);
  const h = history(storeDir);
  assert.equal(h.at(-1)!.type, 'ExecutionSucceeded');
  assert.deepEqual((h.at(-1)!.detail as { output: unknown }).output, { approved: true, Hang: true });
});

/**
 * Durability: an engine process is killed (SIGKILL) at several points and a new process resumes
 * from the store. Completed steps never run again; a waiting callback keeps its token and still
 * accepts the report; a wait resumes with the remaining time; a task interrupted between
 * TaskScheduled and its result is invoked again (at-least-once).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnyStoredEvent } from '../../engine/history/events';
import { ExecutionStore } from '../../engine/store/execution-store';
import { sendToInbox } from '../../engine/store/report-inbox';
import { tempDir, until } from './helpers';

const ENGINE = join(__dirname, 'crash', 'engine-process.ts');

function startEngine(storeDir: string, args: string[], env: Record<string, string> = {}): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', ENGINE, storeDir, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => (code === 3 ? (process.stderr.write(err), resolve(code)) : resolve(code))));
  return { child, exited };
}

function history(storeDir: string): AnyStoredEvent[] {
  const s = new ExecutionStore(storeDir);
  return s.exists('crash', 'e1') ? s.readHistory('crash', 'e1') : [];
}

function invocations(dir: string): string[] {
  const f = join(dir, 'invocations.log');
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
}

async function killWhen(storeDir: string, run: { child: ChildProcess; exited: Promise<number | null> }, predicate: (h: AnyStoredEvent[]) => boolean): Promise<void> {
  await until(() => predicate(history(storeDir)), 20_000);
  run.child.kill('SIGKILL');
  await run.exited;
}

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
  const flow = setupFlow(dir, task('A') + '  - type: wait\n    name: pause\n    duration: 2\n' + task('C'));
  const first = startEngine(storeDir, ['start', flow, 'e1', '{}']);
  await killWhen(storeDir, first, (h) => h.some((e) => e.type === 'TimerStarted'));
  const due = (history(storeDir).find((e) => e.type === 'TimerStarted')!.detail as { dueTime: number }).dueTime;
  await new Promise((r) => setTimeout(r, 800)); // the engine is down for part of the wait

  const second = startEngine(storeDir, ['resume']);
  assert.equal(await second.exited, 0);
  const h = history(storeDir);
  assert.equal(h.at(-1)!.type, 'ExecutionSucceeded');
  assert.equal(h.filter((e) => e.type === 'TimerStarted').length, 1, 'the timer was not started again');
  const fired = Date.parse(h.find((e) => e.type === 'TimerFired')!.time);
  assert.ok(fired >= due - 5, 'the wait did not end early');
  assert.ok(fired - due < 1500, `the wait resumed with the remaining time (fired ${fired - due} ms after due)`);
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

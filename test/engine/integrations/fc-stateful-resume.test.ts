/**
 * At-least-once resume of a `sync` task on Function Compute with a user-given
 * StatefulAsyncInvocationID: the engine process is killed while the stateful async invocation
 * runs; the restarted engine invokes the interrupted attempt again with the same id, FC answers
 * 409 (the id exists), and the engine follows that invocation to its end instead of failing.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnyStoredEvent } from '../../../engine/history/events';
import { ExecutionStore } from '../../../engine/store/execution-store';
import { tempDir, until } from '../helpers';
import { FcStandin } from './fc-standin';

const ENGINE = join(__dirname, 'fc-engine-process.ts');

function startEngine(storeDir: string, endpoint: string, args: string[]): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', ENGINE, storeDir, endpoint, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => err };
}

function history(storeDir: string): AnyStoredEvent[] {
  const s = new ExecutionStore(storeDir);
  return s.exists('crash', 'e1') ? s.readHistory('crash', 'e1') : [];
}

const FLOW = `version: v1
type: flow
steps:
  - type: task
    name: render
    resourceArn: acs:fc:cn-hangzhou:1234:services/svc/functions/render
    pattern: sync
    serviceParams:
      InvocationType: Async
      StatefulAsyncInvocationID: video_42
`;

test('sync + Async + StatefulAsyncInvocationID, killed while the invocation runs: the restart follows the same invocation (409 = under way)', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const storeDir = join(dir, 'store');
  const flow = join(dir, 'crash.flow.yaml');
  writeFileSync(flow, FLOW);

  let runs = 0;
  let finish!: () => void;
  const gate = new Promise<void>((r) => (finish = r));
  const standin = await new FcStandin({ LTAItest: 'test-secret' })
    .define('svc', 'render', async (event) => {
      runs++;
      await gate;
      return { body: { rendered: JSON.parse(event.toString()).video } };
    })
    .start();
  t.after(() => standin.stop());

  const first = startEngine(storeDir, standin.endpoint, ['start', flow, 'e1', '{"video":"cat.mp4"}']);
  await until(() => standin.invocation('svc', 'render', 'video_42')?.status === 'Running', 20_000);
  first.child.kill('SIGKILL');
  await first.exited;
  assert.ok(!history(storeDir).some((e) => e.type === 'TaskSucceeded' || e.type === 'TaskFailed'), 'the attempt was interrupted before its result');

  const second = startEngine(storeDir, standin.endpoint, ['resume']);
  const submits = () => standin.requests.filter((r) => r.method === 'POST' && r.headers['x-fc-stateful-async-invocation-id'] === 'video_42');
  await until(() => submits().length === 2, 20_000); // the interrupted attempt is invoked again (at-least-once)
  finish();
  assert.equal(await second.exited, 0, second.stderr());

  const h = history(storeDir);
  const end = h.at(-1)!;
  assert.equal(end.type, 'ExecutionSucceeded', JSON.stringify(h.filter((e) => e.type === 'TaskFailed').map((e) => e.detail)));
  assert.deepEqual((end.detail as { output: unknown }).output, { rendered: 'cat.mp4' });
  assert.equal(runs, 1, 'the function ran once: the second submission was refused, not run again');
  assert.equal(h.filter((e) => e.type === 'TaskScheduled' && e.stepName === 'render').length, 1, 'the same attempt, not a retry');
  assert.equal(standin.invocation('svc', 'render', 'video_42')!.status, 'Succeeded');
});

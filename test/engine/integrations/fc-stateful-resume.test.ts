/**
 * At-least-once resume of a `sync` task on Function Compute with a user-given
 * StatefulAsyncInvocationID: the engine process is killed while the asynchronous invocation
 * runs; the restarted engine invokes the interrupted attempt again with the same id, FC answers
 * 409 (the id exists), and the engine follows that invocation to its end instead of failing.
 * Both generations: FC 2.0 (a stateful async invocation) and FC 3.0 (an async task).
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
import { Fc3Standin } from './fc3-standin';
import type { FcStandinCore, StandinFunction } from './fc-standin-core';

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

const flow = (resourceArn: string) => `version: v1
type: flow
steps:
  - type: task
    name: render
    resourceArn: ${resourceArn}
    pattern: sync
    serviceParams:
      InvocationType: Async
      StatefulAsyncInvocationID: video_42
`;

/** One FC generation: its stand-in with the `render` function, the ARN, the id header, the record's status. */
interface Generation {
  name: string;
  standin: (render: StandinFunction) => FcStandinCore;
  arn: string;
  idHeader: string;
  status: (s: FcStandinCore) => unknown;
}

const GENERATIONS: Generation[] = [
  {
    name: 'FC 2.0',
    standin: (render) => new FcStandin({ LTAItest: 'test-secret' }).define('svc', 'render', render),
    arn: 'acs:fc:cn-hangzhou:1234:services/svc/functions/render',
    idHeader: 'x-fc-stateful-async-invocation-id',
    status: (s) => (s as FcStandin).invocation('svc', 'render', 'video_42')?.status,
  },
  {
    name: 'FC 3.0',
    standin: (render) => new Fc3Standin({ LTAItest: 'test-secret' }).define('render', render),
    arn: 'acs:fc:cn-hangzhou:1234:functions/render',
    idHeader: 'x-fc-async-task-id',
    status: (s) => (s as Fc3Standin).task('render', 'video_42')?.status,
  },
];

for (const g of GENERATIONS) {
  test(
    `${g.name}: sync + Async + StatefulAsyncInvocationID, killed while the invocation runs: the restart follows the same invocation (409 = under way)`,
    { timeout: 60_000 },
    async (t) => {
      const dir = tempDir(t);
      const storeDir = join(dir, 'store');
      const flowFile = join(dir, 'crash.flow.yaml');
      writeFileSync(flowFile, flow(g.arn));

      let runs = 0;
      let finish!: () => void;
      const gate = new Promise<void>((r) => (finish = r));
      const standin = await g
        .standin(async (event) => {
          runs++;
          await gate;
          return { body: { rendered: JSON.parse(event.toString()).video } };
        })
        .start();
      t.after(() => standin.stop());

      const first = startEngine(storeDir, standin.endpoint, ['start', flowFile, 'e1', '{"video":"cat.mp4"}']);
      await until(() => g.status(standin) === 'Running', 20_000);
      first.child.kill('SIGKILL');
      await first.exited;
      assert.ok(!history(storeDir).some((e) => e.type === 'TaskSucceeded' || e.type === 'TaskFailed'), 'the attempt was interrupted before its result');

      const second = startEngine(storeDir, standin.endpoint, ['resume']);
      const submits = () => standin.requests.filter((r) => r.method === 'POST' && r.headers[g.idHeader] === 'video_42');
      await until(() => submits().length === 2, 20_000); // the interrupted attempt is invoked again (at-least-once)
      finish();
      assert.equal(await second.exited, 0, second.stderr());

      const h = history(storeDir);
      const end = h.at(-1)!;
      assert.equal(end.type, 'ExecutionSucceeded', JSON.stringify(h.filter((e) => e.type === 'TaskFailed').map((e) => e.detail)));
      assert.deepEqual((end.detail as { output: unknown }).output, { rendered: 'cat.mp4' });
      assert.equal(runs, 1, 'the function ran once: the second submission was refused, not run again');
      assert.equal(h.filter((e) => e.type === 'TaskScheduled' && e.stepName === 'render').length, 1, 'the same attempt, not a retry');
      assert.equal(g.status(standin), 'Succeeded');
    },
  );
}

/**
 * Durability of StateMachine executions, as for classic ones (crash-recovery.test.ts): an engine
 * process is killed (SIGKILL) and a new one resumes from the store. Finished states never run
 * again, a WaitForCustomCallback keeps its token, a Map's finished iterations are not run again.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sendToInbox } from '../../engine/store/report-inbox';
import { history, invocations, killWhen, startEngine } from './crash/crash-harness';
import { tempDir } from './helpers';

const task = (name: string, extra = '') =>
  `  - Type: Task\n    Name: ${name}\n    Action: FC:InvokeFunction\n    Parameters:\n      resourceArn: acs:fc:::services/s/functions/${name}\n${extra}`;

function setupFlow(dir: string, startAt: string, states: string): string {
  const flow = join(dir, 'crash.flow.yaml');
  writeFileSync(flow, `Type: StateMachine\nName: crash\nSpecVersion: v1\nStartAt: ${startAt}\nStates:\n${states}`);
  return flow;
}

test('StateMachine killed while waiting for a custom callback: the token survives and the report completes the run', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const storeDir = join(dir, 'store');
  const flow = setupFlow(
    dir,
    'A',
    task('A', '    Next: B\n') +
      '  - Type: Task\n    Name: B\n    Action: FC:InvokeFunction\n    TaskMode: WaitForCustomCallback\n    Parameters:\n      resourceArn: acs:fc:::services/s/functions/B\n      body:\n        token.$: $Context.Current.TaskToken\n    OutputConstructor:\n      fromA.$: $Input.Body.A\n      approved.$: $Output.approved\n    Next: C\n' +
      task('C', '    OutputConstructor:\n      approved.$: $Input.approved\n      fromA.$: $Input.fromA\n      c.$: $Output.Body.C\n    End: true\n'),
  );
  const first = startEngine(storeDir, ['start', flow, 'e1', '{}']);
  await killWhen(storeDir, first, (h) => h.some((e) => e.type === 'TaskSubmitted' && e.stepName === 'B'));
  const token = (history(storeDir).find((e) => e.type === 'TaskScheduled' && e.stepName === 'B')!.detail as { taskToken: string }).taskToken;

  const second = startEngine(storeDir, ['resume']);
  assert.deepEqual(await sendToInbox(storeDir, { token, kind: 'succeeded', output: { approved: true } }), { ok: true });
  assert.equal(await second.exited, 0);
  const h = history(storeDir);
  assert.equal(h.at(-1)!.type, 'ExecutionSucceeded');
  assert.deepEqual((h.at(-1)!.detail as { output: unknown }).output, { approved: true, fromA: true, c: true });
  assert.deepEqual(invocations(dir), ['A', 'B', 'C'], 'no finished state ran again');
  assert.equal(h.filter((e) => e.type === 'StateEntered' && e.stepName === 'A').length, 1);
  assert.equal(new Set(h.map((e) => e.eventId)).size, h.length, 'event ids stay unique across the restart');
});

test('StateMachine killed inside an inline Map: finished iterations are not run again, the output keeps item order', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const storeDir = join(dir, 'store');
  const flow = setupFlow(
    dir,
    'Each',
    '  - Type: Map\n    Name: Each\n    ItemsPath: $Input.items\n    MaxConcurrency: 1\n    Processor:\n      StartAt: Pause\n      States:\n' +
      '        - Type: Wait\n          Name: Pause\n          Seconds: 1\n          Next: Work\n' +
      task('Work', '    OutputConstructor:\n      id.$: $Input.id\n    End: true\n').replace(/^/gm, '      ') +
      '\n    End: true\n',
  );
  const first = startEngine(storeDir, ['start', flow, 'e1', '{"items":[{"id":1},{"id":2},{"id":3}]}']);
  // Killed once the first iteration has finished, while the second one waits.
  await killWhen(storeDir, first, (h) => h.some((e) => e.type === 'IterationExited'));
  const second = startEngine(storeDir, ['resume']);
  assert.equal(await second.exited, 0);
  const h = history(storeDir);
  assert.equal(h.at(-1)!.type, 'ExecutionSucceeded');
  assert.deepEqual((h.at(-1)!.detail as { output: unknown }).output, { Items: [{ id: 1 }, { id: 2 }, { id: 3 }] });
  assert.deepEqual(invocations(dir), ['Work', 'Work', 'Work'], 'each item invoked once');
  assert.equal(h.filter((e) => e.type === 'IterationEntered').length, 3);
  assert.equal(new Set(h.map((e) => e.eventId)).size, h.length, 'event ids stay unique across the restart');
});

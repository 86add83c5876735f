/**
 * Where a flow debug session is paused, from the DAP messages VS Code and the adapter exchange, in
 * the order they pass: the stopped thread's top frame as VS Code's own stackTrace answers it, and
 * cleared by whatever moves the execution on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DebugPauseState, type DapMessage } from '../../../client/model/debug-pause-state';

const FLOW = '/work/flows/orders.flow.yaml';
let seq = 100;

const stopped = (threadId: number): DapMessage => ({ type: 'event', event: 'stopped', body: { threadId } });
const ask = (threadId: number, startFrame?: number): DapMessage => ({
  type: 'request',
  seq: ++seq,
  command: 'stackTrace',
  arguments: { threadId, ...(startFrame !== undefined ? { startFrame } : {}) },
});
const frames = (request: DapMessage, line: number, source = FLOW, success = true): DapMessage => ({
  type: 'response',
  request_seq: request.seq,
  success,
  body: {
    stackFrames: [
      { line, source: { path: source } },
      { line: 2, source: { path: source } },
    ],
  },
});
const request = (command: string): DapMessage => ({ type: 'request', seq: ++seq, command, arguments: { threadId: 1 } });

test("a stop is placed at the stopped thread's top frame once VS Code has asked for it", () => {
  const s = new DebugPauseState();
  assert.equal(s.fromAdapter(stopped(3)), false);
  assert.equal(s.pausedAt, undefined, 'not before the frames are known');
  const other = ask(1);
  s.fromClient(other);
  const mine = ask(3);
  s.fromClient(mine);
  assert.equal(s.fromAdapter(frames(other, 40)), false, "another thread's frames say nothing of the stop");
  assert.equal(s.fromAdapter(frames(mine, 12)), true);
  assert.deepEqual(s.pausedAt, { source: FLOW, line: 12 });
  // The same frames asked again (the Call Stack view): no change to report.
  const again = ask(3);
  s.fromClient(again);
  assert.equal(s.fromAdapter(frames(again, 12)), false);
  // A later page of frames is not the top.
  const page = ask(3, 1);
  s.fromClient(page);
  assert.equal(s.fromAdapter(frames(page, 30)), false);
  assert.deepEqual(s.pausedAt, { source: FLOW, line: 12 });
});

for (const command of ['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'restart', 'terminate', 'disconnect'])
  test(`${command} clears the pause`, () => {
    const s = new DebugPauseState();
    s.fromAdapter(stopped(1));
    const r = ask(1);
    s.fromClient(r);
    s.fromAdapter(frames(r, 7));
    assert.equal(s.fromClient(request(command)), true);
    assert.equal(s.pausedAt, undefined);
  });

test('an answer that arrives after the execution moved on places nothing; the next stop does', () => {
  const s = new DebugPauseState();
  s.fromAdapter(stopped(1));
  const late = ask(1);
  s.fromClient(late);
  s.fromClient(request('continue'));
  assert.equal(s.fromAdapter(frames(late, 7)), false);
  assert.equal(s.pausedAt, undefined);
  s.fromAdapter(stopped(1));
  const r = ask(1);
  s.fromClient(r);
  assert.equal(s.fromAdapter(frames(r, 9, 'flowstudio-cloud:/cn-hangzhou/orders/e-1.flow.yaml')), true);
  assert.deepEqual(s.pausedAt, { source: 'flowstudio-cloud:/cn-hangzhou/orders/e-1.flow.yaml', line: 9 });
});

test("a continued or terminated event, or the session's end, clears it; a failed answer or a frame without a source places nothing", () => {
  for (const end of [
    (s: DebugPauseState) => s.fromAdapter({ type: 'event', event: 'continued', body: { threadId: 1 } }),
    (s: DebugPauseState) => s.fromAdapter({ type: 'event', event: 'terminated' }),
    (s: DebugPauseState) => s.end(),
  ]) {
    const s = new DebugPauseState();
    s.fromAdapter(stopped(1));
    const r = ask(1);
    s.fromClient(r);
    s.fromAdapter(frames(r, 7));
    assert.equal(end(s), true);
    assert.equal(s.pausedAt, undefined);
  }
  const s = new DebugPauseState();
  s.fromAdapter(stopped(1));
  const failed = ask(1);
  s.fromClient(failed);
  assert.equal(s.fromAdapter(frames(failed, 7, FLOW, false)), false);
  const noSource = ask(1);
  s.fromClient(noSource);
  assert.equal(s.fromAdapter({ type: 'response', request_seq: noSource.seq, success: true, body: { stackFrames: [{ line: 0 }] } }), false);
  assert.equal(s.pausedAt, undefined);
});

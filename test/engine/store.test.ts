/**
 * The durable store: one append-only JSONL history per execution plus an index. A crash can
 * leave a torn last line; reading ignores it and the next append starts on a clean line. The
 * index is a convenience: executions it does not know are found from their history files.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnyStoredEvent } from '../../engine/history/events';
import { foldHistory } from '../../engine/history/fold';
import { ExecutionStore } from '../../engine/store/execution-store';
import { tempDir } from './helpers';

const started = (name: string): AnyStoredEvent => ({
  eventId: 1,
  type: 'ExecutionStarted',
  time: '2024-01-01T00:00:00.000Z',
  key: '$|ExecutionStarted',
  detail: { input: { a: 1 }, flowName: 'f', executionName: name, flowDefinition: 'version: v1\ntype: flow\nsteps: []\n' },
});
const entered = (id: number): AnyStoredEvent => ({ eventId: id, type: 'StepEntered', stepName: 's', time: '2024-01-01T00:00:01.000Z', key: `$/s#${id}|StepEntered`, detail: { input: {}, local: {} } });

test('a torn last line is ignored when reading and cut off before the next append', (t) => {
  const dir = tempDir(t);
  const store = new ExecutionStore(dir);
  store.append('f', 'e1', started('e1'));
  store.append('f', 'e1', entered(2));
  store.close();
  const path = store.historyPath('f', 'e1');
  appendFileSync(path, '{"eventId":3,"type":"StepEnt'); // the process died mid-write
  const again = new ExecutionStore(dir);
  assert.deepEqual(again.readHistory('f', 'e1').map((e) => e.eventId), [1, 2]);
  again.append('f', 'e1', entered(3));
  assert.deepEqual(again.readHistory('f', 'e1').map((e) => e.eventId), [1, 2, 3]);
  assert.ok(readFileSync(path, 'utf8').endsWith('\n'));
  assert.ok(!readFileSync(path, 'utf8').includes('StepEnt"'));
});

test('listing finds executions the index lost', (t) => {
  const dir = tempDir(t);
  const store = new ExecutionStore(dir);
  store.append('f', 'e1', started('e1'));
  store.append('f', 'e2', started('e2'));
  store.close();
  rmSync(join(dir, 'index.jsonl'));
  assert.deepEqual(new ExecutionStore(dir).listNames().map((n) => n.name).sort(), ['e1', 'e2']);
});

test('names that are not FnF execution names never become paths', (t) => {
  const store = new ExecutionStore(tempDir(t));
  assert.throws(() => store.historyPath('f', '../escape'));
  assert.throws(() => store.historyPath('a/b', 'e'));
});

test('the fold gives status, result, pending callbacks and finished tokens', () => {
  const events: AnyStoredEvent[] = [
    started('e1'),
    { eventId: 2, type: 'TaskScheduled', stepName: 't', time: 'x', key: 'k|TaskScheduled', detail: { resource: 'r', pattern: 'waitForCallback', input: {}, attempt: 1, taskToken: 'tok1' } },
  ];
  const waiting = foldHistory(events)!;
  assert.equal(waiting.status, 'Running');
  assert.deepEqual([...waiting.pendingCallbacks.keys()], ['tok1']);
  events.push({ eventId: 3, scheduleEventId: 2, type: 'TaskSucceeded', stepName: 't', time: 'x', key: 'k|TaskResult', detail: { output: { ok: true } } });
  events.push({ eventId: 4, type: 'ExecutionSucceeded', time: 'y', key: '$|ExecutionEnd', detail: { output: { ok: true } } });
  const done = foldHistory(events)!;
  assert.deepEqual([done.status, done.output, done.stoppedTime], ['Succeeded', { ok: true }, 'y']);
  assert.equal(done.pendingCallbacks.size, 0);
  assert.ok(done.finishedTokens.has('tok1'));
});

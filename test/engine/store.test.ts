/**
 * The durable store: one append-only log shared by every execution, written in batches (group
 * commit). A crash can leave a torn last line; reading ignores it and the next append starts on a
 * clean line. The index is rebuilt from the log on open; the earlier layout is still read.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
const entered = (id: number): AnyStoredEvent => ({
  eventId: id,
  type: 'StepEntered',
  stepName: 's',
  time: '2024-01-01T00:00:01.000Z',
  key: `$/s#${id}|StepEntered`,
  detail: { input: {}, local: {} },
});

test('a torn last line is ignored when reading and cut off before the next append', (t) => {
  const dir = tempDir(t);
  const store = new ExecutionStore(dir);
  store.append('f', 'e1', started('e1'));
  store.append('f', 'e1', entered(2));
  store.close();
  appendFileSync(store.logPath, '{"x":"f/e1","e":{"eventId":3,"type":"StepEnt'); // the process died mid-write
  const again = new ExecutionStore(dir);
  assert.deepEqual(
    again.readHistory('f', 'e1').map((e) => e.eventId),
    [1, 2],
  );
  again.append('f', 'e1', entered(3));
  again.flush();
  assert.deepEqual(
    new ExecutionStore(dir).readHistory('f', 'e1').map((e) => e.eventId),
    [1, 2, 3],
  );
  assert.ok(readFileSync(store.logPath, 'utf8').endsWith('\n'));
  assert.ok(!readFileSync(store.logPath, 'utf8').includes('StepEnt"'));
});

test('group commit: appends are buffered, then written in one batch for every execution at once', async (t) => {
  const dir = tempDir(t);
  const store = new ExecutionStore(dir);
  store.append('f', 'e1', started('e1'));
  store.append('f', 'e2', started('e2'));
  store.append('f', 'e1', entered(2));
  assert.equal(new ExecutionStore(dir).exists('f', 'e1'), false, 'nothing is written synchronously');
  await store.whenWritten();
  const reader = new ExecutionStore(dir);
  assert.deepEqual(
    reader.readHistory('f', 'e1').map((e) => e.eventId),
    [1, 2],
    "one execution's events stay in order",
  );
  assert.deepEqual(
    reader.readHistory('f', 'e2').map((e) => e.eventId),
    [1],
  );
  await store.durable(); // fsync after the write: resolves once on stable storage
  store.close();
});

test('one shared log: executions interleaved across batches read back as their own histories', (t) => {
  const dir = tempDir(t);
  const store = new ExecutionStore(dir);
  for (const name of ['a', 'b', 'c']) store.append('f', name, started(name));
  store.flush();
  for (let id = 2; id <= 4; id++) {
    for (const name of ['a', 'b', 'c']) store.append('f', name, entered(id));
    store.flush();
  }
  store.close();
  const again = new ExecutionStore(dir);
  assert.deepEqual(
    again.listNames().map((n) => n.name),
    ['a', 'b', 'c'],
  );
  for (const name of ['a', 'b', 'c'])
    assert.deepEqual(
      again.readHistory('f', name).map((e) => e.eventId),
      [1, 2, 3, 4],
    );
  assert.deepEqual(readdirSync(dir).sort(), ['history.jsonl']);
});

test('a store of the earlier file-per-execution layout is still read, and extended through the log', (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'f'));
  writeFileSync(join(dir, 'f', 'old.jsonl'), [started('old'), entered(2)].map((e) => JSON.stringify(e) + '\n').join(''));
  const store = new ExecutionStore(dir);
  assert.deepEqual(store.listNames(), [{ flowName: 'f', name: 'old', status: 'Running', startedTime: '2024-01-01T00:00:00.000Z' }]);
  store.append('f', 'old', entered(3));
  store.close();
  assert.deepEqual(
    new ExecutionStore(dir).readHistory('f', 'old').map((e) => e.eventId),
    [1, 2, 3],
  );
});

test('names that are not FnF execution names never become keys', (t) => {
  const store = new ExecutionStore(tempDir(t));
  assert.throws(() => store.append('f', '../escape', started('x')));
  assert.throws(() => store.append('a/b', 'e', started('x')));
});

test('the fold gives status, result, pending callbacks and finished tokens', () => {
  const events: AnyStoredEvent[] = [
    started('e1'),
    {
      eventId: 2,
      type: 'TaskScheduled',
      stepName: 't',
      time: 'x',
      key: 'k|TaskScheduled',
      detail: { resource: 'r', pattern: 'waitForCallback', input: {}, attempt: 1, taskToken: 'tok1' },
    },
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

test('a large value an execution already wrote is referred to, not repeated, and reads back whole (kill-safe)', (t) => {
  const dir = tempDir(t);
  const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `näme "${i}"` }));
  const input = { items, note: 'x' };
  const first: AnyStoredEvent = { ...started('e1'), detail: { ...(started('e1').detail as object), input } } as AnyStoredEvent;
  const events: AnyStoredEvent[] = [first];
  for (let i = 0; i < 20; i++) {
    const iterationInput = { ...input, item: items[i], index: i };
    events.push({
      eventId: events.length + 1,
      type: 'IterationEntered',
      stepName: 'each',
      time: '2024-01-01T00:00:01.000Z',
      key: `i${i}|IterationEntered`,
      detail: { index: i, input: iterationInput },
    });
    events.push({
      eventId: events.length + 1,
      type: 'StepEntered',
      stepName: 'body',
      time: '2024-01-01T00:00:01.000Z',
      key: `i${i}|StepEntered`,
      detail: { input: iterationInput, local: { list: [items, items] } },
    });
  }
  // A task's result may refer back; the execution's output (read by the fold while scanning) is written in full.
  events.push({ eventId: events.length + 1, type: 'TaskSucceeded', stepName: 't', time: '2024-01-01T00:00:02.000Z', key: 't|TaskResult', detail: { output: { items } } });
  events.push({ eventId: events.length + 1, type: 'ExecutionSucceeded', time: '2024-01-01T00:00:02.000Z', key: '$|ExecutionEnd', detail: { output: { items } } });
  const store = new ExecutionStore(dir);
  // Two batches: references reach back into an earlier write.
  for (const e of events.slice(0, 10)) store.append('f', 'e1', e);
  store.flush();
  const firstWrite = readFileSync(store.logPath);
  for (const e of events.slice(10)) store.append('f', 'e1', e);
  store.close();
  const expected = JSON.parse(JSON.stringify(events));
  const log = readFileSync(store.logPath, 'utf8');
  assert.ok(log.length < JSON.stringify(items).length * 4, `the collection is written a few times, not ${events.length} (${log.length} bytes)`);
  const reopened = new ExecutionStore(dir);
  assert.deepEqual(reopened.readHistory('f', 'e1'), expected);
  assert.deepEqual(reopened.describe('f', 'e1')?.output, { items: expected[0].detail.input.items });
  // Killed after the first batch: what is there reads back whole too.
  writeFileSync(store.logPath, firstWrite);
  assert.deepEqual(new ExecutionStore(dir).readHistory('f', 'e1'), expected.slice(0, 10));
});

test('shared values: the same large value twice in one event, and under a __proto__ key, read back as written', (t) => {
  const dir = tempDir(t);
  const items = Array.from({ length: 40 }, (_, i) => i);
  const odd = JSON.parse(`{"__proto__": ${JSON.stringify(items)}, "inner": {"__proto__": {"list": ${JSON.stringify(items)}}}}`) as Record<string, unknown>;
  const events: AnyStoredEvent[] = [
    started('e1'),
    { eventId: 2, type: 'StepEntered', stepName: 's', time: '2024-01-01T00:00:01.000Z', key: 'a|StepEntered', detail: { input: { x: items }, local: { y: items, z: [items] } } },
    { eventId: 3, type: 'StepStarted', stepName: 's', time: '2024-01-01T00:00:01.000Z', key: 'a|StepStarted', detail: { input: odd } },
    { eventId: 4, type: 'StepSucceeded', stepName: 's', time: '2024-01-01T00:00:01.000Z', key: 'a|StepSucceeded', detail: { output: odd } },
  ];
  const store = new ExecutionStore(dir);
  for (const e of events) store.append('f', 'e1', e);
  store.close();
  const expected = events.map((e) => JSON.parse(JSON.stringify(e)));
  const back = new ExecutionStore(dir).readHistory('f', 'e1');
  assert.deepEqual(JSON.parse(JSON.stringify(back)), expected);
  const output = (back[3].detail as { output: Record<string, unknown> }).output;
  assert.ok(Object.prototype.hasOwnProperty.call(output, '__proto__'), '__proto__ stays an own member');
  assert.equal(Object.getPrototypeOf(output), Object.prototype);
});

/**
 * The store's log lines (engine/store/log-lines.ts): one compact line per execution per write,
 * each flow definition written once per log, and logs written in the earlier one-object-per-event
 * form still read and continued.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnyStoredEvent } from '../../engine/history/events';
import { LocalBackend } from '../../engine/local-backend';
import { ExecutionStore } from '../../engine/store/execution-store';
import { decodeLine, DefinitionTable, EVENT_CODES, NEXT_VISIT } from '../../engine/store/log-lines';
import { loadMocksFile, MockInvoker } from '../../engine/invokers/mock-invoker';
import { MemoryStore } from '../../engine/store/memory-store';
import { tempDir } from './helpers';
import { loadScenario } from '../../engine/scenario';
import { runFlowFile } from '../../engine/run-flow';
import { FakeClock } from '../../engine/clock';

const DEF_A = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n';
const DEF_B = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: b\n';

const started = (name: string, flowDefinition = DEF_A, time = '2025-06-01T10:00:00.000Z'): AnyStoredEvent => ({
  eventId: 1,
  type: 'ExecutionStarted',
  time,
  key: '$|ExecutionStarted',
  detail: { input: { a: 1 }, flowName: 'f', executionName: name, flowDefinition },
});

/** What a reader gets back: the events as JSON has them (absent fields left out). */
const asRead = (events: AnyStoredEvent[]) => JSON.parse(JSON.stringify(events)) as AnyStoredEvent[];

const occurrences = (text: string, part: string) => text.split(part).length - 1;

test('every event field reads back as recorded: odd keys and names, missing fields, times across days', (t) => {
  const dir = tempDir(t);
  const events: AnyStoredEvent[] = [
    {
      ...started('e1'),
      detail: { ...(started('e1').detail as object), flowPath: '/work/a b.flow.yaml', parent: { flowName: 'p', executionName: 'pe' }, executionMode: 'Express', timeScale: 0 },
    } as AnyStoredEvent,
    {
      eventId: 2,
      scheduleEventId: 1,
      type: 'StepEntered',
      stepName: 'ステップ "1"',
      time: '2025-06-01T10:00:00.000Z',
      key: '$/ステップ "1"#1|StepEntered',
      detail: { input: { a: 1 }, local: {} },
    },
    {
      eventId: 3,
      scheduleEventId: 2,
      type: 'StepStarted',
      stepName: 'ステップ "1"',
      time: '2025-06-01T10:00:00.007Z',
      key: '$/ステップ "1"#1|StepStarted',
      detail: { input: { a: 1 }, taskToken: 'tok' },
    },
    // A step name holding `|`: the key's suffix is after the last one.
    {
      eventId: 4,
      scheduleEventId: 3,
      type: 'TaskScheduled',
      stepName: 'a|b',
      time: '2025-06-02T00:00:00.000Z',
      key: '$/a|b#1@2|TaskScheduled',
      detail: { resource: 'acs:fc:::services/s/functions/f', pattern: 'waitForCallback', input: {}, attempt: 2, taskToken: 'tok' },
    },
    { eventId: 5, scheduleEventId: 4, type: 'TaskSucceeded', stepName: 'a|b', time: '2025-06-01T23:59:59.999Z', key: '$/a|b#1@2|TaskResult', detail: { output: { ok: true } } },
    { eventId: 6, type: 'TimerStarted', time: '2025-06-02T00:00:00.000Z', key: 'no-bar-at-all', detail: { dueTime: 1748822400000, reason: 'wait', seconds: 0 } },
    { eventId: 8, scheduleEventId: 1, type: 'ExecutionSucceeded', time: '2025-06-02T00:00:00.000Z', key: '$|ExecutionEnd', detail: { output: { ok: true } } },
  ];
  const store = new ExecutionStore(dir);
  for (const e of events.slice(0, 3)) store.append('f', 'e1', e);
  store.flush();
  for (const e of events.slice(3)) store.append('f', 'e1', e);
  store.close();
  assert.deepEqual(new ExecutionStore(dir).readHistory('f', 'e1'), asRead(events));
});

test('each flow definition is written once per log, however many executions run it', (t) => {
  const dir = tempDir(t);
  const store = new ExecutionStore(dir);
  for (const name of ['e1', 'e2', 'e3']) store.append('f', name, started(name));
  store.flush();
  store.append('f', 'e4', started('e4', DEF_B));
  store.append('f', 'e5', started('e5', DEF_A));
  store.close();
  const log = readFileSync(store.logPath, 'utf8');
  assert.equal(occurrences(log, JSON.stringify(DEF_A)), 1);
  assert.equal(occurrences(log, JSON.stringify(DEF_B)), 1);
  const reopened = new ExecutionStore(dir);
  assert.deepEqual(
    ['e1', 'e2', 'e3', 'e4', 'e5'].map((n) => reopened.describe('f', n)?.flowDefinition),
    [DEF_A, DEF_A, DEF_A, DEF_B, DEF_A],
  );
  // A new store on the same log keeps referring to what the log holds.
  reopened.append('f', 'e6', started('e6', DEF_B));
  reopened.close();
  assert.equal(occurrences(readFileSync(store.logPath, 'utf8'), JSON.stringify(DEF_B)), 1);
  assert.equal(new ExecutionStore(dir).describe('f', 'e6')?.flowDefinition, DEF_B);
});

test('a write that fails writes its definition again with the next one', (t) => {
  const dir = tempDir(t);
  const store = new ExecutionStore(dir);
  const log = (store as unknown as { log: { write: (b: Buffer) => number } }).log;
  const write = log.write.bind(log);
  log.write = () => {
    throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
  };
  store.append('f', 'e1', started('e1'));
  store.append('f', 'e2', started('e2', DEF_B));
  assert.throws(() => store.flush(), /no space/);
  log.write = write;
  store.flush();
  store.append('f', 'e3', started('e3', DEF_B));
  store.close();
  const reopened = new ExecutionStore(dir);
  assert.deepEqual(
    ['e1', 'e2', 'e3'].map((n) => reopened.describe('f', n)?.flowDefinition),
    [DEF_A, DEF_B, DEF_B],
  );
  // Each written once, under the ids the lines refer to.
  assert.deepEqual(
    readFileSync(store.logPath, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{"d":'))
      .map((l) => (JSON.parse(l) as { d: number }).d),
    [0, 1],
  );
});

test('a log in the earlier one-object-per-event form is read, shared values included, and continued in the current form', (t) => {
  const dir = tempDir(t);
  copyFileSync(join(__dirname, 'store-fixtures', 'log-per-event-form', 'history.jsonl'), join(dir, 'history.jsonl'));
  const store = new ExecutionStore(dir);
  const before = store.readHistory('f', 'old');
  assert.deepEqual(
    before.map((e) => e.type),
    ['ExecutionStarted', 'StepEntered', 'StepStarted'],
  );
  const items = Array.from({ length: 40 }, (_, i) => i);
  assert.deepEqual((before[1].detail as { input: unknown }).input, { items });
  assert.equal(store.describe('f', 'old')?.status, 'Running');
  store.append('f', 'old', {
    eventId: 4,
    scheduleEventId: 3,
    type: 'StepSucceeded',
    stepName: 's',
    time: '2025-06-01T10:00:00.002Z',
    key: '$/s#1|StepSucceeded',
    detail: { output: {} },
  });
  store.append('f', 'old', { eventId: 5, scheduleEventId: 1, type: 'ExecutionSucceeded', time: '2025-06-01T10:00:00.002Z', key: '$|ExecutionEnd', detail: { output: {} } });
  store.close();
  const reopened = new ExecutionStore(dir);
  assert.deepEqual(
    reopened.readHistory('f', 'old').map((e) => e.eventId),
    [1, 2, 3, 4, 5],
  );
  assert.equal(reopened.describe('f', 'old')?.status, 'Succeeded');
  assert.equal(reopened.describe('f', 'old')?.flowDefinition, 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: s\n');
});

test('a 100-step pass chain takes about a quarter of the log bytes of the per-event form (20 KB, not 77)', async (t) => {
  const dir = tempDir(t);
  const steps = Array.from({ length: 100 }, (_, i) => `  - type: pass\n    name: p${i}`).join('\n');
  const backend = new LocalBackend({ storeDir: dir, timeScale: 0 });
  await backend.open();
  await backend.startExecution({ flowName: 'f', definition: `version: v1\ntype: flow\nsteps:\n${steps}\n`, executionName: 'e', input: '{"order":42}' });
  assert.equal((await backend.waitForExecution('f', 'e')).status, 'Succeeded');
  backend.close();
  const bytes = readFileSync(join(dir, 'history.jsonl')).length;
  assert.ok(bytes < 22_000, `${bytes} bytes`);
  // Everything is still there: 1 start + 4 events per step + the end.
  const history = new ExecutionStore(dir).readHistory('f', 'e');
  assert.equal(history.length, 402);
  assert.deepEqual(history[history.length - 2].detail, { local: {} });
});

test('a log this version wrote, holding every event type, reads back with each type where it was (the type codes never move)', (t) => {
  const dir = tempDir(t);
  copyFileSync(join(__dirname, 'store-fixtures', 'log-compact-form', 'history.jsonl'), join(dir, 'history.jsonl'));
  const history = new ExecutionStore(dir).readHistory('f', 'every-type');
  assert.equal(history.length, 23);
  assert.equal(history[0].type, 'ExecutionStarted');
  // Each fixture event's detail names the type it was written as.
  for (const e of history.slice(1)) assert.equal(e.type, (e.detail as unknown as { type: string }).type);
});

test("the writer writes that log's history back byte for byte (the line form does not drift)", (t) => {
  // log-compact-form was written before lines carried a checksum; log-checked-form is the same
  // history as this version writes it (docs/store-format.md).
  const fixture = join(__dirname, 'store-fixtures', 'log-checked-form', 'history.jsonl');
  const dir = tempDir(t);
  const read = tempDir(t);
  copyFileSync(join(__dirname, 'store-fixtures', 'log-compact-form', 'history.jsonl'), join(read, 'history.jsonl'));
  const store = new ExecutionStore(dir);
  for (const e of new ExecutionStore(read).readHistory('f', 'every-type')) store.append('f', 'every-type', e);
  store.close();
  assert.equal(readFileSync(store.logPath, 'utf8'), readFileSync(fixture, 'utf8'));
});

test("a foreach's iterations refer to the one collection, and the log writes that reference once per line, not per event", async (t) => {
  const dir = tempDir(t);
  const definition =
    'version: v1\ntype: flow\nsteps:\n  - type: foreach\n    name: each\n    iterationMapping: {collection: $.items, item: item}\n    steps:\n      - type: pass\n        name: body\n';
  const items = Array.from({ length: 40 }, (_, i) => ({ id: i }));
  const backend = new LocalBackend({ storeDir: dir, timeScale: 0 });
  await backend.open();
  await backend.startExecution({ flowName: 'f', definition, executionName: 'e', input: JSON.stringify({ items }) });
  assert.equal((await backend.waitForExecution('f', 'e')).status, 'Succeeded');
  const recorded = asRead(backend.readStoredHistory('f', 'e'));
  backend.close();
  const log = readFileSync(join(dir, 'history.jsonl'), 'utf8');
  // 40 iterations, each an IterationEntered holding the collection and its body's visit, one record
  // whose input holds it (docs/store-format.md "Visit records", code 3): one list of references
  // for the events and one for the records, in all.
  assert.equal(occurrences(log, '[["input","items"],1,["input","items"]]'), 1);
  assert.equal(occurrences(log, '[[[0,"items"],1,["input","items"]]]'), 1);
  assert.ok(occurrences(log, ',1]') >= 40 * 2 - 2);
  const reread = new ExecutionStore(dir).readHistory('f', 'e');
  assert.deepEqual(reread, recorded);
  const iteration = reread.find((e) => e.type === 'IterationEntered' && e.detail.index === 39);
  assert.deepEqual(iteration?.detail, { index: 39, input: { items, item: { id: 39 } } });
});

test('keys written from the step visit the engine names (Journal.recordAt) read back exactly as recorded', async (t) => {
  // Steps, branches, iterations, retries, a caught failure and timers: every kind of key the
  // scheduler writes without searching its text. The same run in memory says what was recorded
  // (a durable store drops a finished execution's events from memory and reads them from the log).
  const fixtures = ['foreach-in-parallel', 'parallel-failure-retried-then-caught', 'goto-loop-polling', 'succeed-from-nested'];
  const dir = tempDir(t);
  const run = async (folder: string, name: string, options: { storeDir: string } | { store: MemoryStore }) => {
    const mocksPath = join(folder, 'mocks.yaml');
    const invokers = existsSync(mocksPath) ? [new MockInvoker(loadMocksFile(mocksPath))] : [];
    const backend = new LocalBackend({ ...options, timeScale: 0, invokers });
    await backend.open();
    const inputPath = join(folder, 'input.json');
    await backend.startExecution({
      flowName: 'f',
      definition: readFileSync(join(folder, 'flow.flow.yaml'), 'utf8'),
      executionName: name,
      input: existsSync(inputPath) ? readFileSync(inputPath, 'utf8') : '{}',
    });
    await backend.waitForExecution('f', name);
    const events = backend.readStoredHistory('f', name).map((e) => `${e.eventId} ${e.type} ${e.key}`);
    backend.close();
    return events;
  };
  for (const name of fixtures) {
    const folder = join(__dirname, 'fixtures', name);
    const recorded = await run(folder, name, { store: new MemoryStore() });
    await run(folder, name, { storeDir: dir });
    const read = new ExecutionStore(dir).readHistory('f', name).map((e) => `${e.eventId} ${e.type} ${e.key}`);
    assert.ok(
      recorded.some((k) => /Branch|Iteration|Timer|StepFailed/.test(k)),
      name,
    );
    assert.deepEqual(read, recorded, name);
  }
});

test("StateMachine events take the codes after the engine's own (the old codes do not move) and read back as written", (t) => {
  assert.deepEqual(EVENT_CODES.slice(23, 29), ['StateEntered', 'StateStarted', 'StateSucceeded', 'StateFailed', 'StateTimedOut', 'StateAborted']);
  // A debugger's edit (engine/debug/) comes after them.
  assert.deepEqual(EVENT_CODES.slice(29), ['DataEdited']);
  const dir = tempDir(t);
  const store = new ExecutionStore(dir);
  const types = ['StateEntered', 'StateStarted', 'StateSucceeded', 'StateFailed', 'StateTimedOut', 'StateAborted'] as const;
  store.append('f', 'sm', {
    eventId: 1,
    type: 'ExecutionStarted',
    time: new Date(0).toISOString(),
    key: '$|ExecutionStarted',
    detail: { input: {}, flowName: 'f', executionName: 'sm', flowDefinition: 'Type: StateMachine\n' },
  });
  types.forEach((type, i) =>
    store.append('f', 'sm', {
      eventId: i + 2,
      scheduleEventId: i + 1,
      type,
      stepName: 'A',
      time: new Date(0).toISOString(),
      key: `$/A#1|${type}`,
      detail: { input: {}, output: {}, error: 'E', cause: 'C' },
    } as never),
  );
  store.close();
  const history = new ExecutionStore(dir).readHistory('f', 'sm');
  assert.deepEqual(
    history.map((e) => e.type),
    ['ExecutionStarted', ...types],
  );
  assert.deepEqual(
    history.map((e) => e.stepName),
    [undefined, 'A', 'A', 'A', 'A', 'A', 'A'],
  );
});

test('a store written before visit records (every engine fixture, one finished or waiting execution each) reads back exactly as that version read it', (t) => {
  // log-before-visit-records: the fixtures of test/engine/fixtures run by the version before
  // visit records into one store; histories.json is what that version's ExecutionStore read back.
  const folder = join(__dirname, 'store-fixtures', 'log-before-visit-records');
  const dir = tempDir(t);
  copyFileSync(join(folder, 'history.jsonl'), join(dir, 'history.jsonl'));
  const expected = JSON.parse(readFileSync(join(folder, 'histories.json'), 'utf8')) as Record<string, { status: string; events: AnyStoredEvent[] }>;
  const store = new ExecutionStore(dir);
  assert.equal(store.damage.length, 0);
  assert.ok(Object.keys(expected).length > 50);
  for (const [name, { status, events }] of Object.entries(expected)) {
    assert.equal(store.describe('f', name)?.status, status, name);
    assert.deepEqual(asRead(store.readHistory('f', name)), events, name);
  }
  // Extended by this version (visit records after the old lines), it still reads as one history.
  const chained = store.readHistory('f', 'wait-for-callback-mock');
  assert.equal(store.status('f', 'wait-for-callback-mock'), 'Running');
  const last = chained[chained.length - 1];
  const key = '$/after#1';
  const extra: AnyStoredEvent[] = [
    {
      eventId: last.eventId + 1,
      scheduleEventId: last.eventId,
      type: 'StepEntered',
      stepName: 'after',
      time: last.time,
      key: `${key}|StepEntered`,
      detail: { input: {}, local: {} },
    },
    { eventId: last.eventId + 2, scheduleEventId: last.eventId + 1, type: 'StepStarted', stepName: 'after', time: last.time, key: `${key}|StepStarted`, detail: { input: {} } },
    {
      eventId: last.eventId + 3,
      scheduleEventId: last.eventId + 2,
      type: 'StepSucceeded',
      stepName: 'after',
      time: last.time,
      key: `${key}|StepSucceeded`,
      detail: { output: {} },
    },
    { eventId: last.eventId + 4, scheduleEventId: last.eventId + 3, type: 'StepExited', stepName: 'after', time: last.time, key: `${key}|StepExited`, detail: { local: {} } },
  ];
  const append = store.appender('f', 'wait-for-callback-mock');
  for (const e of extra) append(e, key);
  store.close();
  assert.match(readFileSync(join(dir, 'history.jsonl'), 'utf8'), /\[-\d+,0,/);
  assert.deepEqual(asRead(new ExecutionStore(dir).readHistory('f', 'wait-for-callback-mock')), asRead([...chained, ...extra]));
});

test('whole visits recorded event by event, their events at different times and passing one value along, read back as recorded from one record each', (t) => {
  const dir = tempDir(t);
  const store = new ExecutionStore(dir);
  store.append('f', 'e', started('e'));
  const append = store.appender('f', 'e');
  const passed = { order: 42 };
  const events: AnyStoredEvent[] = [];
  let id = 2;
  const types = ['StepEntered', 'StepStarted', 'StepSucceeded', 'StepExited'] as const;
  for (let v = 0; v < 3; v++) {
    const key = `$/s${v}#1`;
    // Each visit's events 0, v, 3 and v ms after its start (so some visits share one time, some not).
    const details = [{ input: passed, local: {} }, { input: passed }, { output: passed }, { local: {} }];
    const offsets = [0, v, 3, v];
    for (let k = 0; k < 4; k++) {
      const e = {
        eventId: id,
        scheduleEventId: k === 0 ? 1 : id - 1,
        type: types[k],
        stepName: `s${v}`,
        time: new Date(Date.parse('2025-06-01T10:00:00.000Z') + 10 * v + offsets[k]).toISOString(),
        key: `${key}|${types[k]}`,
        detail: details[k],
      } as AnyStoredEvent;
      events.push(e);
      append(e, key);
      id++;
    }
  }
  store.close();
  const log = readFileSync(join(dir, 'history.jsonl'), 'utf8');
  assert.equal((log.match(/\[-\d+,0,/g) ?? []).length, 3);
  assert.deepEqual(asRead(new ExecutionStore(dir).readHistory('f', 'e')), asRead([started('e'), ...events]));
});

test('every engine fixture run on the durable store reads back exactly as its events were recorded (visit records included)', async (t) => {
  const fixtures = join(__dirname, 'fixtures');
  let visits = 0;
  for (const name of readdirSync(fixtures).sort()) {
    const scenario = loadScenario(join(fixtures, name));
    const dir = tempDir(t);
    // The events as the engine recorded them, in the order the store was handed them.
    const recorded: AnyStoredEvent[] = [];
    const onBackend = (backend: LocalBackend) => {
      const publish = backend.store.onWritten;
      backend.store.onWritten = (flowName, executionName, events) => {
        if (executionName === name) recorded.push(...events);
        publish?.(flowName, executionName, events);
      };
    };
    try {
      await runFlowFile({
        flowPath: scenario.flowPath,
        input: scenario.input,
        mocks: scenario.mocks,
        storeDir: dir,
        timeScale: 0,
        flowName: 'f',
        executionName: name,
        onBackend,
        maxEventsPerExecution: scenario.maxEvents,
      });
    } catch {
      continue; // refused before it started (an invalid flow)
    }
    assert.deepEqual(new ExecutionStore(dir).readHistory('f', name), asRead(recorded), name);
    visits += (readFileSync(join(dir, 'history.jsonl'), 'utf8').match(/\[-\d+,/g) ?? []).length;
  }
  assert.ok(visits > 100, `${visits} visit records`);
});

test('a task visit reads back as recorded and is written in shapes every version since visit records reads (0 and 1 only)', async (t) => {
  const flows = {
    classic: 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: charge\n    resourceArn: acs:fc:::services/s/functions/charge\n  - type: pass\n    name: after\n',
    sm: 'Type: StateMachine\nName: f\nSpecVersion: v1\nStartAt: charge\nStates:\n  - Type: Task\n    Name: charge\n    Action: FC:InvokeFunction\n    TaskMode: RequestComplete\n    Parameters:\n      resourceArn: acs:fc:::services/s/functions/charge\n    Next: after\n  - Type: Pass\n    Name: after\n    End: true\n',
  };
  for (const [dialect, definition] of Object.entries(flows)) {
    const dir = tempDir(t);
    const backend = new LocalBackend({ storeDir: dir, timeScale: 0, invokers: [new MockInvoker({ tasks: { '*': [{ output: { paid: true } }] } })] });
    await backend.open();
    const s = await backend.startExecution({ flowName: 'f', definition, executionName: 'e', input: '{}' });
    assert.equal((await backend.waitForExecution('f', s.name)).status, 'Succeeded');
    const inMemory = backend.readStoredHistory('f', 'e');
    backend.close();
    const log = readFileSync(join(dir, 'history.jsonl'), 'utf8');
    // The pass after the task is a visit record; nothing in a shape an older version would skip.
    assert.match(log, dialect === 'classic' ? /\[-\d+,0,\d+,"after"/ : /\[-\d+,1,\d+,"after"/);
    assert.doesNotMatch(log, /\[-\d+,[2-9],/);
    assert.deepEqual(new ExecutionStore(dir).readHistory('f', 'e'), asRead(inMemory), dialect);
  }
});

test('a pass chain goes as next-visit records from its third visit on (about 15 bytes a step) and reads back exactly as recorded, in both dialects', async (t) => {
  const n = 100;
  const flows = {
    classic: `version: v1\ntype: flow\nsteps:\n${Array.from({ length: n }, (_, i) => `  - type: pass\n    name: p${i}`).join('\n')}\n`,
    sm: `Type: StateMachine\nName: f\nSpecVersion: v1\nStartAt: p0\nStates:\n${Array.from({ length: n }, (_, i) => `  - Type: Pass\n    Name: p${i}\n    ${i === n - 1 ? 'End: true' : `Next: p${i + 1}`}`).join('\n')}\n`,
  };
  for (const [dialect, definition] of Object.entries(flows)) {
    const dir = tempDir(t);
    // A clock that does not move: a visit at another millisecond than the one before is a full record.
    const backend = new LocalBackend({ storeDir: dir, timeScale: 0, clock: new FakeClock(Date.parse('2026-01-01T00:00:00.000Z')) });
    const recorded: AnyStoredEvent[] = [];
    backend.store.onWritten = (_flow, _execution, events) => void recorded.push(...events);
    await backend.open();
    await backend.startExecution({ flowName: 'f', definition, executionName: 'e', input: '{"order":{"id":42,"lines":[1,2]}}' });
    assert.equal((await backend.waitForExecution('f', 'e')).status, 'Succeeded');
    backend.close();
    const log = readFileSync(join(dir, 'history.jsonl'), 'utf8');
    const lines = log.split('\n').filter((l) => l.startsWith('{"x"'));
    // The start in a line of its own (a version before next-visit records reads it: docs/store-format.md).
    assert.equal(lines.length, 2);
    assert.doesNotMatch(lines[0], /\[-/);
    const line = lines[1];
    // Visits p2 … p99: [-<id>,2,"p<i>",1] each.
    assert.equal(occurrences(line, ',2,"p'), n - 2, dialect);
    assert.equal(occurrences(line, '[-'), n, dialect);
    assert.match(line, dialect === 'classic' ? /,\[-10,2,"p2",1\],\[-14,2,"p3",1\]/ : /,\[-8,2,"p2",1\],\[-11,2,"p3",1\]/);
    assert.ok(line.length < 2_200, `${dialect}: ${line.length} bytes`);
    const read = new ExecutionStore(dir).readHistory('f', 'e');
    assert.equal(read.length, dialect === 'classic' ? 2 + 4 * n : 2 + 3 * n);
    assert.deepEqual(read, asRead(recorded), dialect);
  }
});

test('a goto loop revisiting a step writes the visits as next-visit records with the step named `1` and its visit number, and reads back as recorded', async (t) => {
  // A pass that goes to itself until the event limit ends the execution.
  const definition = 'Type: StateMachine\nName: f\nSpecVersion: v1\nStartAt: again\nStates:\n  - Type: Pass\n    Name: again\n    Next: again\n';
  const dir = tempDir(t);
  const backend = new LocalBackend({ storeDir: dir, timeScale: 0, maxEventsPerExecution: 60, clock: new FakeClock(Date.parse('2026-01-01T00:00:00.000Z')) });
  const recorded: AnyStoredEvent[] = [];
  backend.store.onWritten = (_flow, _execution, events) => void recorded.push(...events);
  await backend.open();
  await backend.startExecution({ flowName: 'f', definition, executionName: 'e', input: '{"n":1}' });
  assert.equal((await backend.waitForExecution('f', 'e')).status, 'Failed');
  backend.close();
  const log = readFileSync(join(dir, 'history.jsonl'), 'utf8');
  assert.match(log, /,\[-\d+,2,1,3\],\[-\d+,2,1,4\]/);
  const read = new ExecutionStore(dir).readHistory('f', 'e');
  assert.deepEqual(read, asRead(recorded));
  assert.ok(read.some((e) => e.key === '$/again#19|StateSucceeded'));
});

test('a next-visit record that does not continue a visit record is not read (its line is kept as a newer version would have written it)', () => {
  const definitions = new DefinitionTable();
  const line = (b: unknown[]) => ({ x: 'f/e', b });
  // StateMachine visits p0 (its values written) and p1 (its values p0's: mask 1, 6, 6).
  const first = [-2, 1, 1, 'p0', [1748772000000], '$/p0#1', 1632, {}, 0, 0];
  const second = [-5, 1, 4, 'p1', [0], '$/p1#1', 1633, 0, 0, 0];
  const event = [8, EVENT_CODES.indexOf('ExecutionSucceeded'), 1, 0, 0, ['$', 'ExecutionEnd'], { output: {} }];
  // Read: right after a visit record whose values are all references, with the next id.
  const read = decodeLine(line([first, second, [-8, NEXT_VISIT, 'p2', 3]]), definitions).map((l) => l.e);
  assert.deepEqual(
    read.slice(6).map((e) => [e.eventId, e.scheduleEventId, e.type, e.stepName, e.key, e.time]),
    ['StateEntered', 'StateStarted', 'StateSucceeded'].map((type, k) => [8 + k, 7 + k, type, 'p2', `$/p2#3|${type}`, '2025-06-01T10:00:00.000Z']),
  );
  // Its output is the previous visit's (one object, as the engine had it).
  const output = (e: AnyStoredEvent) => (e.detail as { output?: unknown }).output;
  assert.equal(output(read[8]), output(read[5]));
  for (const b of [
    [[-2, NEXT_VISIT, 'p1', 1]], // a line's first member
    [first, second, event, [-9, NEXT_VISIT, 'p2', 1]], // after an event
    [first, second, [-9, NEXT_VISIT, 'p2', 1]], // not the next id
    [first, second, [-8, NEXT_VISIT, 'p2', 1, 0]], // another member
    [first, second, [-8, NEXT_VISIT, 'p2', -1]], // no visit number
    [first, [-5, NEXT_VISIT, 'p1', 1]], // the record before wrote a value: a next visit would have nothing to refer to
    [first, [-5, 1, 4, 'p1', [0], '$/p1', 1633, 0, 0, 0], [-8, NEXT_VISIT, 'p2', 1]], // a prefix without its step and number
  ])
    assert.throws(() => decodeLine(line(b), definitions), /malformed visit|refers to a value/, JSON.stringify(b));
});

/**
 * A damaged log (docs/store-format.md, "Damage"): one bad line costs that line, never the lines
 * after it. A line that is not JSON or fails its checksum is kept aside in quarantine and reported;
 * every other line is read; the file never shrinks below what it held; executions that may have
 * lost events to it are shown failed and not resumed. Only a torn tail is still dropped. And one
 * execution's event that JSON cannot encode does not stop the others' writes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnyStoredEvent } from '../../engine/history/events';
import { LocalBackend } from '../../engine/local-backend';
import { ExecutionStore, HISTORY_DAMAGED_ERROR } from '../../engine/store/execution-store';
import { acquireStoreLock } from '../../engine/store/store-lock';
import { CALLBACK_FLOW, scriptedInvoker, tempDir, until } from './helpers';

const TASKS = `version: v1
type: flow
steps:
  - type: task
    name: one
    resourceArn: acs:fc:::services/s/functions/one
  - type: task
    name: two
    resourceArn: acs:fc:::services/s/functions/two
  - type: task
    name: three
    resourceArn: acs:fc:::services/s/functions/three
`;

/** Invokes every task at once, except callback tasks, which stay waiting. */
const invoker = () => scriptedInvoker((inv) => (inv.pattern === 'waitForCallback' ? { kind: 'accepted' } : { kind: 'succeeded', output: { step: inv.stepName } }));

/**
 * A real multi-execution log: callback executions left waiting (two before the rest, two after),
 * eight three-task executions run concurrently so their lines interleave. Returns the statuses.
 */
async function buildLog(storeDir: string): Promise<{ statuses: Map<string, string>; calls: number }> {
  const inv = invoker();
  const backend = new LocalBackend({ storeDir, timeScale: 0, invokers: [inv] });
  await backend.open();
  for (const name of ['wait-1', 'wait-2']) await backend.startExecution({ flowName: 'cb', definition: CALLBACK_FLOW, executionName: name });
  const names = Array.from({ length: 8 }, (_, i) => `run-${i}`);
  await Promise.all(names.map((name) => backend.startExecution({ flowName: 'f', definition: TASKS, executionName: name, input: `{"n":"${name}"}` })));
  for (const name of names) assert.equal((await backend.waitForExecution('f', name)).status, 'Succeeded');
  for (const name of ['wait-3', 'wait-4']) await backend.startExecution({ flowName: 'cb', definition: CALLBACK_FLOW, executionName: name });
  // Every callback task submitted (so a resume waits for its callback rather than invoking again).
  const submitted = (name: string) => backend.readStoredHistory('cb', name).some((e) => e.type === 'TaskSubmitted');
  await until(() => ['wait-1', 'wait-2', 'wait-3', 'wait-4'].every(submitted));
  const statuses = new Map((await backend.listExecutions()).map((s) => [`${s.flowName}/${s.name}`, s.status]));
  backend.close();
  return { statuses, calls: inv.calls.length };
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').slice(0, -1);
}

/** Index of the execution line nearest the middle of the log that belongs to `x`-matching executions. */
function middleLine(all: string[], match: (line: string) => boolean): number {
  const mid = Math.floor(all.length / 2);
  for (let d = 0; d < all.length; d++) {
    for (const i of [mid + d, mid - d]) if (i >= 0 && i < all.length && match(all[i])) return i;
  }
  throw new Error('no such line');
}

test('one flipped byte in the middle line: that line goes to quarantine, every other execution is intact, the file never shrinks', async (t) => {
  const storeDir = tempDir(t);
  const { statuses, calls } = await buildLog(storeDir);
  const log = join(storeDir, 'history.jsonl');
  const all = lines(log);
  const i = middleLine(all, (l) => l.startsWith('{"x":"f/run-'));
  const damaged = all[i].replace('{', 'X');
  writeFileSync(log, [...all.slice(0, i), damaged, ...all.slice(i + 1)].join('\n') + '\n');
  const sizeBefore = statSync(log).size;

  const inv = invoker();
  const backend = new LocalBackend({ storeDir, timeScale: 0, invokers: [inv] });
  const { resumed } = await backend.open();
  const listed = new Map((await backend.listExecutions()).map((s) => [`${s.flowName}/${s.name}`, s]));
  assert.deepEqual([...listed.keys()].sort(), [...statuses.keys()].sort(), 'no execution vanished');
  for (const [key, status] of statuses) {
    if (status !== 'Running') assert.equal(listed.get(key)!.status, status, `${key} stays finished`);
  }
  // The callback executions started before the damaged line may have lost events to it: shown
  // failed, not resumed; those started after it are resumed as before.
  for (const key of ['cb/wait-1', 'cb/wait-2']) {
    assert.equal(listed.get(key)!.status, 'Failed', key);
    assert.equal(listed.get(key)!.error, HISTORY_DAMAGED_ERROR);
    assert.match(listed.get(key)!.cause!, /line \d+/);
  }
  assert.deepEqual(resumed.map((r) => r.executionName).sort(), ['wait-3', 'wait-4']);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(
    inv.calls.map((c) => `${c.executionName}/${c.stepName}`),
    [],
    'no completed task ran again',
  );
  assert.ok(calls > 0);

  const [finding, ...more] = backend.storeDamage;
  assert.equal(more.length, 0);
  assert.equal(finding.line, i + 1);
  assert.equal(finding.reason, 'checksum', 'the line carries a checksum, which no longer matches');
  assert.equal(finding.offset, Buffer.byteLength(all.slice(0, i).join('\n') + '\n'));
  assert.ok(finding.quarantine && existsSync(finding.quarantine), 'a copy is kept aside');
  const kept = JSON.parse(readFileSync(finding.quarantine, 'utf8').trim()) as { line: number; offset: number; text: string };
  assert.deepEqual([kept.line, kept.offset, kept.text], [i + 1, finding.offset, damaged]);

  // The next write appends; nothing is cut.
  await backend.startExecution({ flowName: 'f', definition: TASKS, executionName: 'after' });
  assert.equal((await backend.waitForExecution('f', 'after')).status, 'Succeeded');
  backend.close();
  assert.ok(statSync(log).size > sizeBefore, 'the file is not shorter after the next write');
  assert.equal(lines(log)[i], damaged, 'the damaged line is still in the log');

  // A second open reports the same line, with the same copy (not a new one per open).
  const again = new ExecutionStore(storeDir);
  assert.deepEqual(
    again.damage.map((d) => [d.line, d.quarantine]),
    [[i + 1, finding.quarantine]],
  );
  assert.equal(again.status('f', 'after'), 'Succeeded');
});

test('a flipped letter that keeps the JSON valid (an execution name) is caught by the checksum', async (t) => {
  const storeDir = tempDir(t);
  const { statuses } = await buildLog(storeDir);
  const log = join(storeDir, 'history.jsonl');
  const all = lines(log);
  // run-3's last line (its end) made to name run-4: today read as run-4's, with duplicate ids.
  const i = all.map((l) => l.startsWith('{"x":"f/run-3"')).lastIndexOf(true);
  writeFileSync(log, [...all.slice(0, i), all[i].replace('"f/run-3"', '"f/run-4"'), ...all.slice(i + 1)].join('\n') + '\n');

  const inv = invoker();
  const backend = new LocalBackend({ storeDir, timeScale: 0, invokers: [inv] });
  await backend.open();
  const run4 = backend.readStoredHistory('f', 'run-4');
  assert.equal(new Set(run4.map((e) => e.eventId)).size, run4.length, 'no duplicate event ids');
  assert.equal(run4.filter((e) => e.type === 'ExecutionSucceeded').length, 1);
  assert.equal((await backend.describeExecution('f', 'run-4')).status, 'Succeeded');
  assert.deepEqual(
    backend.storeDamage.map((d) => [d.line, d.reason]),
    [[i + 1, 'checksum']],
  );
  // run-3 lost its end with that line: not shown Running, not run again.
  const run3 = await backend.describeExecution('f', 'run-3');
  assert.equal(run3.status, 'Failed');
  assert.equal(run3.error, HISTORY_DAMAGED_ERROR);
  assert.equal(statuses.get('f/run-3'), 'Succeeded');
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(
    inv.calls.map((c) => `${c.executionName}/${c.stepName}`),
    [],
    'no completed task ran again',
  );
  backend.close();
});

test('a torn tail is still dropped (and cut before the next write), while a damaged line before it is kept and reported', async (t) => {
  const storeDir = tempDir(t);
  const { statuses } = await buildLog(storeDir);
  const log = join(storeDir, 'history.jsonl');
  const all = lines(log);
  const i = middleLine(all, (l) => l.startsWith('{"x":"f/run-'));
  const damaged = all[i].replace('"b":[[', '"b":[X');
  const torn = '{"x":"f/run-0","b":[[9,3,0,"one",1,"$/o';
  writeFileSync(log, [...all.slice(0, i), damaged, ...all.slice(i + 1)].join('\n') + '\n' + torn);
  const size = statSync(log).size;

  const store = new ExecutionStore(storeDir);
  assert.equal(store.listNames().length, statuses.size);
  assert.deepEqual(
    store.damage.map((d) => d.line),
    [i + 1],
    'the torn tail is not reported, the damaged line is',
  );
  store.append('f', 'run-0', { eventId: 99, type: 'TimerFired', time: '2025-01-01T00:00:00.000Z', key: '$/x|TimerFired', detail: {} } as AnyStoredEvent);
  store.close();
  const after = readFileSync(log, 'utf8');
  assert.ok(!after.includes(torn), 'the torn tail is gone');
  assert.ok(after.length > size - torn.length, 'only the torn tail was cut');
  assert.equal(after.split('\n')[i], damaged);

  // A last line that is not JSON, with nothing after it, is a torn tail too.
  writeFileSync(log, after + '{"x":"f/run-1","b":[[garbage\n');
  const reopened = new ExecutionStore(storeDir);
  assert.deepEqual(
    reopened.damage.map((d) => d.line),
    [i + 1],
  );
  assert.deepEqual(reopened.readHistory('f', 'run-0').at(-1)?.eventId, 99);
});

test('a log written before lines had checksums still reads, past a damaged line', (t) => {
  // And this version's lines, saved with \r\n line ends by an editor, are not damaged.
  const crlf = tempDir(t);
  writeFileSync(join(crlf, 'history.jsonl'), readFileSync(join(__dirname, 'store-fixtures', 'log-checked-form', 'history.jsonl'), 'utf8').replace(/\n/g, '\r\n'));
  const checked = new ExecutionStore(crlf);
  assert.deepEqual(checked.damage, []);
  assert.equal(checked.readHistory('f', 'every-type').length, 23);
  for (const form of ['log-per-event-form', 'log-compact-form']) {
    const dir = tempDir(t);
    const fixture = readFileSync(join(__dirname, 'store-fixtures', form, 'history.jsonl'), 'utf8');
    const all = fixture.split('\n').slice(0, -1);
    copyFileSync(join(__dirname, 'store-fixtures', form, 'history.jsonl'), join(dir, 'history.jsonl'));
    const whole = new ExecutionStore(dir);
    const names = whole.listNames().map((n) => `${n.flowName}/${n.name}`);
    const histories = names.map((k) => whole.readHistory(k.split('/')[0], k.split('/')[1]).length);
    assert.ok(
      histories.every((n) => n > 0),
      form,
    );
    assert.deepEqual(whole.damage, [], form);
    // One object per event (the compact fixture is a single execution line): damage the second
    // line; the third still reads.
    if (form !== 'log-per-event-form') continue;
    const i = 1;
    const bad = tempDir(t);
    writeFileSync(join(bad, 'history.jsonl'), [...all.slice(0, i), all[i].replace('{', 'X'), ...all.slice(i + 1)].join('\n') + '\n');
    const store = new ExecutionStore(bad);
    const last = JSON.parse(all.at(-1)!) as { x: string; e: AnyStoredEvent };
    const ids = store.readHistory(last.x.split('/')[0], last.x.split('/')[1]).map((e) => e.eventId);
    assert.ok(ids.includes(last.e.eventId), `${form}: the line after the damaged one is read`);
    assert.deepEqual(
      store.damage.map((d) => d.line),
      [i + 1],
      form,
    );
  }
});

const started = (name: string): AnyStoredEvent => ({
  eventId: 1,
  type: 'ExecutionStarted',
  time: '2025-01-01T00:00:00.000Z',
  key: '$|ExecutionStarted',
  detail: { input: {}, flowName: 'f', executionName: name, flowDefinition: 'version: v1\ntype: flow\nsteps: []\n' },
});
const entered = (id: number, detail: unknown = { input: {}, local: {} }): AnyStoredEvent =>
  ({ eventId: id, type: 'StepEntered', stepName: 's', time: '2025-01-01T00:00:01.000Z', key: `$/s#${id}|StepEntered`, detail }) as AnyStoredEvent;

test('an event JSON cannot encode (nested 5,000 deep) fails its execution; the other keeps writing and reads back', async (t) => {
  const dir = tempDir(t);
  const store = new ExecutionStore(dir);
  const ended: string[] = [];
  store.onEnded = (f, e) => ended.push(`${f}/${e}`);
  store.append('f', 'poisoned', started('poisoned'));
  store.append('f', 'healthy', started('healthy'));
  store.flush();
  let deep: unknown = {};
  for (let i = 0; i < 5000; i++) deep = { a: deep };
  store.append('f', 'poisoned', entered(2));
  store.append('f', 'poisoned', entered(3, { input: deep, local: {} }));
  store.append('f', 'poisoned', entered(4));
  store.append('f', 'healthy', entered(2));
  await store.whenWritten();
  for (let id = 3; id <= 5; id++) {
    store.append('f', 'poisoned', entered(id + 10)); // its run going on: no longer recorded
    store.append('f', 'healthy', entered(id));
    await store.whenWritten();
  }
  assert.deepEqual(ended, ['f/poisoned']);
  assert.equal(store.status('f', 'poisoned'), 'Failed');
  store.close();

  const reopened = new ExecutionStore(dir);
  assert.deepEqual(reopened.damage, []);
  assert.deepEqual(
    reopened.readHistory('f', 'healthy').map((e) => e.eventId),
    [1, 2, 3, 4, 5],
  );
  const poisoned = reopened.readHistory('f', 'poisoned');
  assert.deepEqual(
    poisoned.map((e) => `${e.eventId} ${e.type}`),
    ['1 ExecutionStarted', '2 StepEntered', '3 ExecutionFailed'],
  );
  const state = reopened.describe('f', 'poisoned')!;
  assert.equal(state.status, 'Failed');
  assert.equal(state.error, 'FnF.RuntimeError');
  assert.match(state.cause!, /3 \(StepEntered\)/);
});

test('a start whose input JSON cannot encode is stored failed, with an empty input, and blocks nothing', async (t) => {
  const dir = tempDir(t);
  const store = new ExecutionStore(dir);
  const bad = started('bigint');
  (bad.detail as { input: unknown }).input = { n: 1n };
  store.append('f', 'bigint', bad);
  store.append('f', 'fine', started('fine'));
  await store.whenWritten();
  store.close();
  const reopened = new ExecutionStore(dir);
  assert.equal(reopened.status('f', 'fine'), 'Running');
  assert.equal(reopened.describe('f', 'bigint')!.status, 'Failed');
  assert.deepEqual(reopened.describe('f', 'bigint')!.input, {});
  assert.match(reopened.describe('f', 'bigint')!.cause!, /BigInt/);
});

/** `fdl` as a user types it (the engine cli test's way), in `locale`. */
function fdl(args: string[], locale: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const root = join(__dirname, '..', '..');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli', 'main.ts'), ...args], { cwd: root, env: { ...process.env, FDL_LOCALE: locale } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('fdl list and fdl run warn once about a damaged log, naming the file, the line and the quarantine copy', { timeout: 60_000 }, async (t) => {
  const storeDir = tempDir(t);
  await buildLog(storeDir);
  const log = join(storeDir, 'history.jsonl');
  const all = lines(log);
  const i = middleLine(all, (l) => l.startsWith('{"x":"f/run-'));
  writeFileSync(log, [...all.slice(0, i), all[i].replace('{', 'X'), ...all.slice(i + 1)].join('\n') + '\n');
  const quarantine = new ExecutionStore(storeDir).damage[0].quarantine!;

  const en = await fdl(['list', '--store', storeDir], 'en');
  assert.equal(en.code, 0, en.stderr);
  assert.equal(JSON.parse(en.stdout).length, 12, 'every execution is listed');
  const warnings = en.stderr.split('\n').filter((l) => l.includes('warning'));
  assert.equal(warnings.length, 1, en.stderr);
  assert.ok(warnings[0].includes(`${log} is damaged at line ${i + 1}`), warnings[0]);
  assert.ok(warnings[0].includes(quarantine), warnings[0]);
  assert.ok(warnings[0].includes('cb/wait-1'), warnings[0]);

  const zh = await fdl(['list', '--store', storeDir], 'zh-cn');
  assert.ok(zh.stderr.includes(`警告：${log} 第 ${i + 1} 行已损坏`), zh.stderr);

  const flow = join(storeDir, '..', `${i}-pass.flow.yaml`);
  writeFileSync(flow, 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n');
  t.after(() => rmSync(flow, { force: true }));
  const run = await fdl(['run', flow, '--store', storeDir, '--json'], 'en');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).status, 'Succeeded');
  assert.ok(run.stderr.includes(`is damaged at line ${i + 1}`), run.stderr);
});

// The engine refuses such a value where it enters (json-limits.ts), before the store's own guard
// (tested above at the store level) is needed: the task fails, the execution with it, nothing wedges.
test('through the engine: a task output JSON cannot encode fails that execution, which invokes nothing more; another runs on', { timeout: 20_000 }, async (t) => {
  const storeDir = tempDir(t);
  let deep: unknown = {};
  for (let i = 0; i < 5000; i++) deep = { a: deep };
  const inv = scriptedInvoker((i) => ({ kind: 'succeeded', output: i.executionName === 'bad' && i.stepName === 'one' ? { deep } : { ok: true } }));
  const backend = new LocalBackend({ storeDir, timeScale: 0, invokers: [inv] });
  await backend.open();
  await Promise.all(['bad', 'good'].map((name) => backend.startExecution({ flowName: 'f', definition: TASKS, executionName: name })));
  const bad = await backend.waitForExecution('f', 'bad');
  assert.equal(bad.status, 'Failed');
  assert.equal(bad.error, 'FnF.InvalidLocal');
  assert.match(bad.cause!, /128 levels/);
  assert.equal((await backend.waitForExecution('f', 'good')).status, 'Succeeded');
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(
    inv.calls.filter((c) => c.executionName === 'bad').map((c) => c.stepName),
    ['one'],
  );
  await backend.startExecution({ flowName: 'f', definition: TASKS, executionName: 'later' });
  assert.equal((await backend.waitForExecution('f', 'later')).status, 'Succeeded', 'later writes are not wedged');
  backend.close();
  const reopened = new ExecutionStore(storeDir);
  assert.equal(reopened.status('f', 'good'), 'Succeeded');
  assert.equal(reopened.status('f', 'bad'), 'Failed');
  assert.equal(reopened.status('f', 'later'), 'Succeeded');
});

test('the first write cuts only the torn tail it saw: a file that grew since (another writer) keeps every byte', (t) => {
  const dir = tempDir(t);
  const first = new ExecutionStore(dir);
  first.append('f', 'a', started('a'));
  first.close();
  const log = join(dir, 'history.jsonl');
  writeFileSync(log, readFileSync(log, 'utf8') + '{"r":{"token":"t1","kind":"fai'); // a torn tail
  const store = new ExecutionStore(dir); // sees the torn tail
  // Meanwhile another writer finishes its line and adds one of its own.
  const other = new ExecutionStore(mkdtempSync(join(dir, 'o-')));
  other.append('f', 'b', started('b'));
  other.close();
  const theirs = readFileSync(other.logPath, 'utf8');
  writeFileSync(log, readFileSync(log, 'utf8') + 'led","error":"E","cause":""}}\n' + theirs);
  const grown = statSync(log).size;
  store.append('f', 'a', entered(2));
  store.close();
  assert.ok(statSync(log).size > grown, 'nothing was cut');
  const reread = new ExecutionStore(dir);
  assert.equal(reread.status('f', 'b'), 'Running', "the other writer's execution is there");
  assert.equal(reread.storedReports.get('t1')?.kind, 'failed', 'and the line it completed');
  assert.deepEqual(
    reread.readHistory('f', 'a').map((e) => e.eventId),
    [1, 2],
  );
});

test('a compaction waits while an execution is marked by a damaged line (its mark would go with the line), and runs once it is deleted', async (t) => {
  const dir = tempDir(t);
  const release = acquireStoreLock(dir);
  t.after(release);
  const store = new ExecutionStore(dir);
  store.append('f', 'w', started('w'));
  store.flush();
  const big = 'x'.repeat(200_000);
  for (let i = 0; i < 8; i++) {
    const s = started(`big-${i}`);
    (s.detail as { input: unknown }).input = { big };
    store.append('f', `big-${i}`, s);
    store.append('f', `big-${i}`, {
      eventId: 2,
      scheduleEventId: 1,
      type: 'ExecutionSucceeded',
      time: '2025-01-01T00:00:02.000Z',
      key: '$|ExecutionEnd',
      detail: { output: {} },
    } as AnyStoredEvent);
  }
  store.flush();
  store.append('f', 'w', entered(2));
  store.flush();
  for (let i = 0; i < 8; i++) store.delete('f', `big-${i}`);
  store.close();
  const log = join(dir, 'history.jsonl');
  const all = lines(log);
  const i = all.findIndex((l) => l.startsWith('{"x":"f/w"') && !l.includes('"def"'));
  writeFileSync(log, [...all.slice(0, i), all[i].replace('{"input"', '{"inpux"'), ...all.slice(i + 1)].join('\n') + '\n');

  const backend = new LocalBackend({ storeDir: dir, timeScale: 0 });
  const { resumed } = await backend.open();
  assert.deepEqual(resumed, [], 'not resumed');
  const w = await backend.describeExecution('f', 'w');
  assert.equal(w.status, 'Failed');
  assert.equal(w.error, HISTORY_DAMAGED_ERROR);
  assert.equal(backend.storeDamage.length, 1);
  const copy = backend.storeDamage[0].quarantine!;
  assert.ok(statSync(log).size > 1_000_000, 'not compacted yet');
  await backend.deleteExecutions([{ flowName: 'f', executionName: 'w' }]);
  backend.close();

  const after = new LocalBackend({ storeDir: dir, timeScale: 0 });
  await after.open();
  assert.ok(statSync(log).size < 100_000, 'compacted once nothing is marked');
  assert.deepEqual(after.storeDamage, [], 'the damaged line went with the compaction');
  assert.ok(readFileSync(copy, 'utf8').includes('inpux'), 'its copy stays in quarantine');
  after.close();
});

/**
 * Lines from a newer version (docs/store-format.md): a whole line (its checksum fine) whose shape
 * or event code this version does not know is kept, never damage; its execution is listed and
 * described from what can be read, with the reason, and is never resumed nor written to; a
 * compaction copies the line byte for byte. Executions without such lines are unaffected.
 */
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FnfApiError } from '../../engine/errors';
import { LocalBackend } from '../../engine/local-backend';
import { withEngineLocale } from '../../engine/messages';
import { COMPACT_MIN_DEAD_BYTES, ExecutionStore } from '../../engine/store/execution-store';
import { sealedLine } from '../../engine/store/line-checksum';
import { EVENT_CODES, NEXT_VISIT, REF_VISIT } from '../../engine/store/log-lines';
import { acquireStoreLock } from '../../engine/store/store-lock';
import { CALLBACK_FLOW, scriptedInvoker, tempDir, until } from './helpers';

/** The error a read-only execution is described with (execution-store.ts WRITTEN_BY_NEWER_VERSION_ERROR). */
const WRITTEN_BY_NEWER_VERSION_ERROR = 'Local.WrittenByNewerVersion';

const PASS = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n';

const invoker = () => scriptedInvoker((inv) => (inv.pattern === 'waitForCallback' ? { kind: 'accepted' } : { kind: 'succeeded', output: {} }));

/** Two executions waiting for their callback (cb/newer, cb/plain) and one finished (f/done); returns their tokens. */
async function buildStore(dir: string, deadWeight = false): Promise<Map<string, string>> {
  const backend = new LocalBackend({ storeDir: dir, timeScale: 0, invokers: [invoker()] });
  await backend.open();
  if (deadWeight) {
    // Deleted executions enough for a compaction at the next owner's open.
    for (let i = 0; i < 20; i++) {
      await backend.startExecution({ flowName: 'gone', definition: PASS, executionName: `g${i}`, input: JSON.stringify({ blob: 'x'.repeat(64 * 1024) }) });
      await backend.waitForExecution('gone', `g${i}`);
    }
  }
  for (const name of ['newer', 'plain']) await backend.startExecution({ flowName: 'cb', definition: CALLBACK_FLOW, executionName: name });
  await backend.startExecution({ flowName: 'f', definition: PASS, executionName: 'done', input: '{"n":1}' });
  assert.equal((await backend.waitForExecution('f', 'done')).status, 'Succeeded');
  const tokens = new Map<string, string>();
  await until(() =>
    ['newer', 'plain'].every((name) => {
      const h = backend.readStoredHistory('cb', name);
      const token = (h.find((e) => e.type === 'TaskScheduled')?.detail as { taskToken?: string } | undefined)?.taskToken;
      if (token && h.some((e) => e.type === 'TaskSubmitted')) tokens.set(name, token);
      return tokens.has(name);
    }),
  );
  if (deadWeight) await backend.deleteExecutions(backend.finishedExecutions({ flowName: 'gone' }));
  backend.close();
  return tokens;
}

/** The next event id of `cb/newer` as stored. */
function nextEventId(dir: string): number {
  const h = new ExecutionStore(dir).readHistory('cb', 'newer');
  return h[h.length - 1].eventId + 1;
}

/** A whole line, sealed with the store's own checksum, as a later version would append it. */
function newerLine(text: string): Buffer {
  return sealedLine(text);
}

test('an event code this version does not know: the execution is listed read-only with the reason, not resumed, and nothing is written to it', async (t) => {
  const dir = tempDir(t);
  const tokens = await buildStore(dir);
  const code = EVENT_CODES.length + 5;
  const line = newerLine(`{"x":"cb/newer","b":[[${nextEventId(dir)},${code},0,0,${Date.now()},["future|x"],{"what":"a later version's event"}]]}`);
  const log = join(dir, 'history.jsonl');
  appendFileSync(log, line);
  // A stored report of a kind this version does not know, for the execution it resumes: kept, not handed to its step.
  appendFileSync(log, newerLine(`{"r":{"token":"${tokens.get('plain')}","kind":"heartbeat","progress":0.5}}`));
  const bytes = readFileSync(log);

  const backend = new LocalBackend({ storeDir: dir, timeScale: 0, invokers: [invoker()] });
  t.after(() => backend.close());
  const { resumed } = await backend.open();
  assert.deepEqual(resumed, [{ flowName: 'cb', executionName: 'plain' }], 'only the execution without an unknown line resumes');
  assert.deepEqual(backend.storeDamage, [], 'a whole line is not damage');
  assert.ok(!existsSync(join(dir, 'quarantine')));

  const listed = new Map((await backend.listExecutions()).map((s) => [`${s.flowName}/${s.name}`, s]));
  const ro = listed.get('cb/newer')!;
  assert.equal(ro.error, WRITTEN_BY_NEWER_VERSION_ERROR);
  assert.match(ro.cause!, /cb\/newer was written by a newer version/);
  assert.match(ro.cause!, /line \d+ of .*history\.jsonl/);
  assert.notEqual(ro.status, 'Succeeded');
  // Described from what can be read: its history up to the line it cannot read.
  const history = await backend.getExecutionHistory('cb', 'newer');
  assert.ok(history.some((e) => e.type === 'TaskSubmitted'));
  assert.equal(listed.get('cb/plain')!.error, undefined);
  assert.equal(listed.get('f/done')!.status, 'Succeeded');
  assert.equal(listed.get('f/done')!.error, undefined);

  // Every write refused, with the reason.
  const refusedWith = (e: unknown) => e instanceof FnfApiError && e.message === ro.cause;
  await assert.rejects(backend.stopExecution('cb', 'newer'), refusedWith);
  await assert.rejects(backend.reportTaskSucceeded(tokens.get('newer')!, '{}'), refusedWith);
  await assert.rejects(backend.reportTaskFailed(tokens.get('newer')!, 'E', 'c'), refusedWith);
  await assert.rejects(backend.deleteExecutions([{ flowName: 'cb', executionName: 'newer' }]), refusedWith);
  assert.deepEqual(readFileSync(log).subarray(0, bytes.length), bytes);
  assert.ok(!readFileSync(log).subarray(bytes.length).includes('cb/newer'), 'nothing more written for it');

  // The execution without one is untouched: still waiting, its callback is taken and it finishes.
  assert.equal((await backend.describeExecution('cb', 'plain')).status, 'Running');
  assert.equal(backend.readStoredHistory('cb', 'plain').at(-1)!.type, 'TaskSubmitted');
  await backend.reportTaskSucceeded(tokens.get('plain')!, '{"ok":true}');
  assert.equal((await backend.waitForExecution('cb', 'plain')).status, 'Succeeded');
  assert.equal((await backend.describeExecution('cb', 'newer')).error, WRITTEN_BY_NEWER_VERSION_ERROR);
});

test('the reason is localised', async (t) => {
  const dir = tempDir(t);
  await buildStore(dir);
  appendFileSync(join(dir, 'history.jsonl'), newerLine(`{"x":"cb/newer","b":[[${nextEventId(dir)},${EVENT_CODES.length},0,0,${Date.now()},["k"],{}]]}`));
  const cause = await withEngineLocale('zh-cn', async () => new ExecutionStore(dir).describe('cb', 'newer')?.cause);
  assert.match(cause ?? '', /由较新版本的 Flow Studio 写入/);
});

test('unknown shapes (a new member, a visit shape, a line form, an execution whose start cannot be read) are kept; a compaction copies them byte for byte', async (t) => {
  const dir = tempDir(t);
  await buildStore(dir, true);
  const log = join(dir, 'history.jsonl');
  const id = nextEventId(dir);
  const added = [
    // An event with a member more than this version's events have.
    newerLine(`{"x":"cb/newer","b":[[${id},${EVENT_CODES.indexOf('TaskSucceeded')},3,"approve",${Date.now()},["approve","TaskSucceeded"],{"output":{}},[],{"more":true}]]}`),
    // A line form of its own, naming no execution this version knows.
    newerLine(`{"z":{"schema":2},"note":"a later version's index line"}`),
    // A visit record of a shape this version does not know.
    newerLine(`{"x":"cb/plain","b":[[-${id},77,0,"after",[${Date.now()}],"after",0,{}]]}`),
    // Events this version could decode, in a line with a member it does not know: not read as if it knew what the line means.
    newerLine(`{"x":"cb/plain","b":[[${id + 4},${EVENT_CODES.indexOf('ExecutionSucceeded')},1,0,${Date.now()},["e"],{"output":{}}]],"v":2}`),
    // An execution whose start is in a form this version cannot read, and a later line of it.
    newerLine(`{"x":"f/future","b":[[1,${EVENT_CODES.indexOf('ExecutionStarted')},0,0,${Date.now()},["e"],{"input":{},"def":{"v":2}}]],"v":2}`),
    newerLine(`{"x":"f/future","b":[[2,${EVENT_CODES.indexOf('ExecutionSucceeded')},1,0,0,["e"],{"output":{}}]]}`),
  ];
  for (const l of added) appendFileSync(log, l);
  const reader = new LocalBackend({ storeDir: dir, timeScale: 0 });
  const doneBefore = await reader.getExecutionHistory('f', 'done');
  reader.close();
  const sizeBefore = statSync(log).size;
  assert.ok(sizeBefore > COMPACT_MIN_DEAD_BYTES);

  t.after(acquireStoreLock(dir));
  const backend = new LocalBackend({ storeDir: dir, timeScale: 0, invokers: [invoker()] });
  t.after(() => backend.close());
  const { resumed } = await backend.open();
  const text = readFileSync(log);
  assert.ok(text.length < sizeBefore / 4, `compacted: ${sizeBefore} → ${text.length} bytes`);
  for (const l of added) assert.ok(text.includes(l), `kept as it was: ${l.toString().slice(0, 60)}`);
  // In the order they were written.
  const at = added.map((l) => text.indexOf(l));
  assert.deepEqual(
    [...at].sort((a, b) => a - b),
    at,
  );

  assert.deepEqual(resumed, []);
  const listed = new Map((await backend.listExecutions()).map((s) => [`${s.flowName}/${s.name}`, s]));
  assert.deepEqual([...listed.keys()].sort(), ['cb/newer', 'cb/plain', 'f/done']);
  assert.equal(listed.get('cb/newer')!.error, WRITTEN_BY_NEWER_VERSION_ERROR);
  assert.equal(listed.get('cb/plain')!.error, WRITTEN_BY_NEWER_VERSION_ERROR);
  assert.equal(listed.get('cb/plain')!.status, 'Running');
  for (const name of ['newer', 'plain']) {
    const types = (await backend.getExecutionHistory('cb', name)).map((e) => e.type);
    assert.equal(types.at(-1), 'TaskSubmitted', `${name}: read up to its last line this version knows`);
  }
  assert.deepEqual(await backend.getExecutionHistory('f', 'done'), doneBefore, 'an execution without such lines reads back as it was');
  // The name of the execution whose start it cannot read stays taken: no second start over it.
  await assert.rejects(backend.startExecution({ flowName: 'f', definition: PASS, executionName: 'future' }), /already exists/);
  await assert.rejects(backend.stopExecution('cb', 'plain'), (e: unknown) => e instanceof FnfApiError && e.message === listed.get('cb/plain')!.cause);
  assert.deepEqual(backend.storeDamage, []);
});

test('a pass chain written with next-visit records, read by a version that does not know them (their code made one this version does not know): its start is read, it is listed read-only, and a compaction keeps its definition and lines; with the code back it reads whole', async (t) => {
  const chain = `version: v1\ntype: flow\nsteps:\n${Array.from({ length: 10 }, (_, i) => `  - type: pass\n    name: p${i}`).join('\n')}\n`;
  const dir = tempDir(t);
  const first = new LocalBackend({ storeDir: dir, timeScale: 0 });
  await first.open();
  // Deleted executions enough for a compaction at the next owner's open.
  for (let i = 0; i < 20; i++) {
    await first.startExecution({ flowName: 'gone', definition: PASS, executionName: `g${i}`, input: JSON.stringify({ blob: 'x'.repeat(64 * 1024) }) });
    await first.waitForExecution('gone', `g${i}`);
  }
  await first.startExecution({ flowName: 'f', definition: chain, executionName: 'chain' });
  assert.equal((await first.waitForExecution('f', 'chain')).status, 'Succeeded');
  const whole = first.readStoredHistory('f', 'chain');
  await first.deleteExecutions(first.finishedExecutions({ flowName: 'gone' }));
  first.close();

  // A version before next-visit records knows visit shape codes 0 and 1 only: code 2 is to it
  // what 77 is to this one. Each line that holds one, sealed again with that code.
  const log = join(dir, 'history.jsonl');
  const recode = (from: number, to: number) => recodeOneLine(log, new RegExp(`(\\[-\\d+),${from},"`, 'g'), `$1,${to},"`, 'the chain after its start: one line');
  recode(NEXT_VISIT, 77);
  await assertListedReadOnly(dir, 'chain');
  assert.ok(statSync(log).size < COMPACT_MIN_DEAD_BYTES / 4, 'compacted');

  recode(77, NEXT_VISIT);
  assert.deepEqual(new ExecutionStore(dir).readHistory('f', 'chain'), whole);
});

test('a foreach whose body visits are written as code-3 records (their input holds the collection), read by a version that does not know the code: its start is read, it is listed read-only; with the code back it reads whole', async (t) => {
  const foreach =
    'version: v1\ntype: flow\nsteps:\n  - type: foreach\n    name: each\n    iterationMapping: {collection: $.items, item: item}\n    steps:\n      - type: pass\n        name: body\n';
  const dir = tempDir(t);
  const first = new LocalBackend({ storeDir: dir, timeScale: 0 });
  await first.open();
  const input = JSON.stringify({ items: Array.from({ length: 40 }, (_, i) => i) });
  await first.startExecution({ flowName: 'f', definition: foreach, executionName: 'each', input });
  assert.equal((await first.waitForExecution('f', 'each')).status, 'Succeeded');
  const whole = first.readStoredHistory('f', 'each');
  first.close();

  // A version before code-3 records knows visit shape codes 0–2 only: code 3 is to it what 77 is to this one.
  const log = join(dir, 'history.jsonl');
  const recode = (from: number, to: number) => recodeOneLine(log, new RegExp(`(\\[-\\d+),${from},(\\d+),"`, 'g'), `$1,${to},$2,"`, 'the iterations after the start: one line');
  recode(REF_VISIT, 77);
  await assertListedReadOnly(dir, 'each');

  recode(77, REF_VISIT);
  assert.deepEqual(new ExecutionStore(dir).readHistory('f', 'each'), whole);
});

/** Rewrites the one line of the log whose body `find` matches, sealed again as the store seals a line. */
function recodeOneLine(log: string, find: RegExp, replace: string, what: string): void {
  let changed = 0;
  const out = readFileSync(log, 'utf8')
    .split('\n')
    .map((l) => {
      const body = l.slice(0, l.lastIndexOf(',"c":'));
      const recoded = body.replace(find, replace);
      if (recoded === body) return l;
      changed++;
      return sealedLine(`${recoded}}`).toString('utf8').trimEnd();
    });
  assert.equal(changed, 1, what);
  writeFileSync(log, out.join('\n'));
}

/** A backend opening the store lists execution `name` of flow `f` read-only (written by a newer version) and reads its start. */
async function assertListedReadOnly(dir: string, name: string): Promise<void> {
  const release = acquireStoreLock(dir);
  const older = new LocalBackend({ storeDir: dir, timeScale: 0 });
  await older.open();
  const listed = await older.listExecutions('f');
  assert.deepEqual(
    listed.map((s) => [s.name, s.error]),
    [[name, WRITTEN_BY_NEWER_VERSION_ERROR]],
  );
  assert.equal((await older.getExecutionHistory('f', name))[0].type, 'ExecutionStarted');
  older.close();
  release();
}

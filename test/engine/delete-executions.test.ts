/**
 * Deleting finished executions from the local store, and the compaction that reclaims their
 * bytes: deletions survive a restart, a running execution cannot be deleted, and the log is
 * rewritten (by the store's owner, at open, crash-safely) once deleted data is most of it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FakeClock } from '../../engine/clock';
import { FnfApiError } from '../../engine/errors';
import { LocalBackend } from '../../engine/local-backend';
import { COMPACT_MIN_DEAD_BYTES, ExecutionStore } from '../../engine/store/execution-store';
import { acquireStoreLock } from '../../engine/store/store-lock';
import { CALLBACK_FLOW, scriptedInvoker, tempDir, until } from './helpers';

const PASS = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n';

async function runTo(backend: LocalBackend, flowName: string, executionName: string, input: unknown = {}, definition = PASS) {
  await backend.startExecution({ flowName, definition, executionName, input: JSON.stringify(input) });
  return backend.waitForExecution(flowName, executionName);
}

const names = async (b: LocalBackend) => (await b.listExecutions()).map((e) => `${e.flowName}/${e.name}`).sort();

test('a deleted execution is gone from list, describe and history, also after a restart; the others stay whole', async (t) => {
  const dir = tempDir(t);
  const first = new LocalBackend({ storeDir: dir, timeScale: 0 });
  await first.open();
  for (const n of ['a', 'b', 'c']) await runTo(first, 'f', n, { n });
  const historyOfC = await first.getExecutionHistory('f', 'c');
  assert.deepEqual(await first.deleteExecutions([{ flowName: 'f', executionName: 'b' }]), { deleted: 1 });
  assert.deepEqual(await names(first), ['f/a', 'f/c']);
  await assert.rejects(first.describeExecution('f', 'b'), (e: unknown) => e instanceof FnfApiError && e.code === 'ExecutionNotExists');
  await assert.rejects(first.getExecutionHistory('f', 'b'), (e: unknown) => e instanceof FnfApiError && e.code === 'ExecutionNotExists');
  first.close();
  const second = new LocalBackend({ storeDir: dir, timeScale: 0 });
  t.after(() => second.close());
  await second.open();
  assert.deepEqual(await names(second), ['f/a', 'f/c']);
  assert.deepEqual(await second.getExecutionHistory('f', 'c'), historyOfC);
  // The name is free again, as for an execution that never was.
  assert.equal((await runTo(second, 'f', 'b')).status, 'Succeeded');
});

test('an execution that has not finished is not deleted, nor anything asked with it; a missing one is ExecutionNotExists', async (t) => {
  const dir = tempDir(t);
  // The function accepts the task and never calls back: the execution waits.
  const backend = new LocalBackend({ storeDir: dir, timeScale: 0, invokers: [scriptedInvoker(() => ({ kind: 'accepted' }))] });
  t.after(() => backend.close());
  await backend.open();
  await runTo(backend, 'f', 'done');
  await backend.startExecution({ flowName: 'cb', definition: CALLBACK_FLOW, executionName: 'waiting' });
  await until(() => backend.readStoredHistory('cb', 'waiting').some((e) => e.type === 'TaskSubmitted'));
  await assert.rejects(
    backend.deleteExecutions([
      { flowName: 'f', executionName: 'done' },
      { flowName: 'cb', executionName: 'waiting' },
    ]),
    (e: unknown) => e instanceof FnfApiError && e.code === 'InvalidArgument' && /has not finished/.test(e.message),
  );
  await assert.rejects(backend.deleteExecutions([{ flowName: 'f', executionName: 'nope' }]), (e: unknown) => e instanceof FnfApiError && e.code === 'ExecutionNotExists');
  assert.deepEqual(await names(backend), ['cb/waiting', 'f/done']);
  assert.equal((await backend.describeExecution('cb', 'waiting')).status, 'Running');
});

test('finishedExecutions selects for pruning: oldest first, by flow, by start time, keeping the newest of each flow', async (t) => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const backend = new LocalBackend({ storeDir: tempDir(t), timeScale: 0, clock });
  t.after(() => backend.close());
  await backend.open();
  for (const [flow, n] of [
    ['f', 'f1'],
    ['g', 'g1'],
    ['f', 'f2'],
    ['g', 'g2'],
    ['f', 'f3'],
  ]) {
    await runTo(backend, flow, n);
    await clock.advance(24 * 3600 * 1000); // one a day
  }
  const sel = (filter: Parameters<LocalBackend['finishedExecutions']>[0]) => backend.finishedExecutions(filter).map((e) => e.executionName);
  assert.deepEqual(sel({}), ['f1', 'g1', 'f2', 'g2', 'f3']);
  assert.deepEqual(sel({ flowName: 'f' }), ['f1', 'f2', 'f3']);
  assert.deepEqual(sel({ keepLatest: 1 }), ['f1', 'g1', 'f2']);
  assert.deepEqual(sel({ startedBefore: '2026-01-03T00:00:00.000Z' }), ['f1', 'g1']);
  assert.deepEqual(sel({ flowName: 'f', keepLatest: 5 }), []);
});

test('once deleted executions are most of the log, the owner rewrites it at open: smaller, the rest read back as before', async (t) => {
  const dir = tempDir(t);
  const big = { blob: 'x'.repeat(64 * 1024) };
  const release = acquireStoreLock(dir);
  t.after(release);
  const first = new LocalBackend({ storeDir: dir, timeScale: 0 });
  await first.open();
  const keep = ['k1', 'k2'];
  for (let i = 0; i < 30; i++) await runTo(first, 'f', `d${i}`, big);
  for (const n of keep) await runTo(first, 'f', n, { n });
  await runTo(first, 'other', 'o1', {}, PASS.replace('name: p', 'name: q'));
  const before = await Promise.all([...keep.map((n) => first.getExecutionHistory('f', n)), first.getExecutionHistory('other', 'o1')]);
  await first.deleteExecutions(first.finishedExecutions({ flowName: 'f', keepLatest: 2 }));
  first.close();
  const log = join(dir, 'history.jsonl');
  const sizeBefore = statSync(log).size;
  assert.ok(sizeBefore > COMPACT_MIN_DEAD_BYTES);

  const second = new LocalBackend({ storeDir: dir, timeScale: 0 });
  t.after(() => second.close());
  await second.open();
  const sizeAfter = statSync(log).size;
  assert.ok(sizeAfter < sizeBefore / 10, `${sizeBefore} → ${sizeAfter} bytes`);
  assert.deepEqual(await names(second), ['f/k1', 'f/k2', 'other/o1']);
  assert.deepEqual(await Promise.all([...keep.map((n) => second.getExecutionHistory('f', n)), second.getExecutionHistory('other', 'o1')]), before);
  // Each kept definition once; the deleted executions' input is gone.
  const text = readFileSync(log, 'utf8');
  assert.equal(text.split('"d":').length - 1, 2);
  assert.ok(!text.includes('xxxxxxxx'));
  // The store keeps working on the new log.
  assert.equal((await runTo(second, 'f', 'after')).status, 'Succeeded');
  second.close();
  const third = new ExecutionStore(dir);
  assert.deepEqual(
    third.listNames().map((n) => n.name),
    ['k1', 'k2', 'o1', 'after'],
  );
});

test('no rewrite by a process that does not own the store, nor below the threshold', async (t) => {
  const dir = tempDir(t);
  const first = new LocalBackend({ storeDir: dir, timeScale: 0 });
  await first.open();
  for (let i = 0; i < 20; i++) await runTo(first, 'f', `d${i}`, { blob: 'x'.repeat(64 * 1024) });
  await first.deleteExecutions(first.finishedExecutions({}));
  first.close();
  const size = statSync(join(dir, 'history.jsonl')).size;
  const reader = new LocalBackend({ storeDir: dir, timeScale: 0 });
  await reader.open(); // no lock taken: not the owner
  reader.close();
  assert.equal(statSync(join(dir, 'history.jsonl')).size, size);
});

test("a rewrite a crash cut short (before its rename) leaves the old log in force; its file is removed at the owner's open, not a reader's", (t) => {
  const dir = tempDir(t);
  const release = acquireStoreLock(dir);
  t.after(release);
  const store = new ExecutionStore(dir);
  store.append('f', 'e', {
    eventId: 1,
    type: 'ExecutionStarted',
    time: '2026-01-01T00:00:00.000Z',
    key: '$|ExecutionStarted',
    detail: { input: {}, flowName: 'f', executionName: 'e', flowDefinition: PASS },
  });
  store.close();
  writeFileSync(join(dir, 'history.jsonl.compacting'), '{"d":0,"t":"half a'); // the new log, half written
  release();
  writeFileSync(join(dir, 'engine.lock'), JSON.stringify({ pid: process.ppid })); // another live process owns it
  new ExecutionStore(dir);
  assert.ok(existsSync(join(dir, 'history.jsonl.compacting')), "a reader leaves it: it may be the owner's rewrite in progress");
  rmSync(join(dir, 'engine.lock')); // that process is gone; this one takes the store
  t.after(acquireStoreLock(dir));
  const reopened = new ExecutionStore(dir);
  assert.deepEqual(
    reopened.listNames().map((n) => n.name),
    ['e'],
  );
  assert.ok(!existsSync(join(dir, 'history.jsonl.compacting')));
});

test('a rewrite that cannot be written leaves the log and the store as they were', async (t) => {
  const dir = tempDir(t);
  const release = acquireStoreLock(dir);
  t.after(release);
  const first = new LocalBackend({ storeDir: dir, timeScale: 0 });
  await first.open();
  for (let i = 0; i < 20; i++) await runTo(first, 'f', `d${i}`, { blob: 'x'.repeat(64 * 1024) });
  await runTo(first, 'f', 'kept');
  await first.deleteExecutions(first.finishedExecutions({ keepLatest: 1 }));
  first.close();
  const size = statSync(join(dir, 'history.jsonl')).size;
  const second = new LocalBackend({ storeDir: dir, timeScale: 0 });
  t.after(() => second.close());
  // Something occupies the rewrite's file name (a directory): the rewrite cannot be created.
  mkdirSync(join(dir, 'history.jsonl.compacting', 'x'), { recursive: true });
  await second.open();
  assert.equal(statSync(join(dir, 'history.jsonl')).size, size);
  assert.deepEqual(await names(second), ['f/kept']);
  assert.equal((await runTo(second, 'f', 'after')).status, 'Succeeded');
});

test('deleting an execution of the earlier file-per-execution layout removes its file once the log says so', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'f'));
  const events = [
    {
      eventId: 1,
      type: 'ExecutionStarted',
      time: '2024-01-01T00:00:00.000Z',
      key: '$|ExecutionStarted',
      detail: { input: {}, flowName: 'f', executionName: 'old', flowDefinition: PASS },
    },
    { eventId: 2, scheduleEventId: 1, type: 'ExecutionSucceeded', time: '2024-01-01T00:00:01.000Z', key: '$|ExecutionEnd', detail: { output: {} } },
  ];
  writeFileSync(join(dir, 'f', 'old.jsonl'), events.map((e) => JSON.stringify(e) + '\n').join(''));
  const backend = new LocalBackend({ storeDir: dir, timeScale: 0 });
  await backend.open();
  await backend.deleteExecutions([{ flowName: 'f', executionName: 'old' }]);
  backend.close();
  assert.ok(!existsSync(join(dir, 'f', 'old.jsonl')));
  assert.deepEqual(new ExecutionStore(dir).listNames(), []);
});

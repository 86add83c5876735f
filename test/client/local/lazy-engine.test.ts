/**
 * The engine the extension starts on first need (client/local/lazy-engine.ts), over the real
 * embedded engine in a scratch workspace: nothing exists until a run, one start for concurrent
 * first calls, a failed start given to every caller and tried again on the next.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../../client/local/embedded-engine';
import { LazyEngine } from '../../../client/local/lazy-engine';
import { engineOptions } from './engine-options';

function workspace(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'fdl-lazy-'));
  cpSync(join(__dirname, 'fixtures'), dir, { recursive: true });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function lazyOver(root: string, counter: { starts: number }): LazyEngine {
  const storeDir = join(root, '.fdl', 'executions');
  return new LazyEngine(storeDir, () => {
    counter.starts++;
    return startEmbeddedEngine(engineOptions(root, { storeDir, noInvokerCause: (inv) => `nothing runs ${inv.stepName}` }));
  });
}

test('before a run nothing of the engine exists; the first run starts it once, with its store and local API', async (t) => {
  const root = workspace(t);
  const counter = { starts: 0 };
  const lazy = lazyOver(root, counter);
  t.after(() => lazy.dispose());
  const events: string[] = [];
  lazy.backend.onEvent((_f, _x, e) => events.push(e.type));

  // What the views do at activation: list, and ask for finished executions to delete.
  assert.deepEqual(await lazy.backend.listExecutions(), []);
  assert.deepEqual(await lazy.backend.finishedExecutions({}), []);
  assert.equal(lazy.current, undefined);
  assert.equal(counter.starts, 0);
  assert.equal(existsSync(join(root, '.fdl')), false, 'no .fdl before the first run');

  const flowPath = join(root, 'flows', 'statemachine.flow.yaml');
  const definition = readFileSync(flowPath, 'utf8');
  // Two first calls at once (a run and the view shown): one engine.
  const [started, engine] = await Promise.all([lazy.backend.startExecution({ flowName: 'statemachine', definition, flowPath }), lazy.ensure()]);
  assert.equal(counter.starts, 1);
  assert.equal(lazy.current, engine);
  assert.ok(existsSync(join(root, '.fdl', 'executions')));
  assert.match(engine.api!.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  const end = await engine.backend.waitForExecution('statemachine', started.name);
  assert.equal(end.status, 'Succeeded', `${end.error}: ${end.cause}`);
  // Listeners taken before the start hear the run; the list is the engine's.
  assert.ok(events.includes('ExecutionStarted') && events.includes('ExecutionSucceeded'), events.join(', '));
  assert.deepEqual(
    (await lazy.backend.listExecutions()).map((e) => e.name),
    [started.name],
  );
  assert.equal(counter.starts, 1);
});

test('a store of an earlier session is opened to list its finished executions', async (t) => {
  const root = workspace(t);
  const flowPath = join(root, 'flows', 'statemachine.flow.yaml');
  const first = lazyOver(root, { starts: 0 });
  const started = await first.backend.startExecution({ flowName: 'statemachine', definition: readFileSync(flowPath, 'utf8'), flowPath });
  await (await first.ensure()).backend.waitForExecution('statemachine', started.name);
  await first.dispose();

  const counter = { starts: 0 };
  const again = lazyOver(root, counter);
  t.after(() => again.dispose());
  assert.ok(again.storeExists());
  assert.deepEqual(await again.backend.listExecutions(), [], 'nothing listed before the engine starts');
  assert.deepEqual(
    (await again.backend.finishedExecutions({})).map((e) => e.executionName),
    [started.name],
  );
  assert.equal(counter.starts, 1);
});

test('a failed start reaches every waiting caller, and the next call tries again', async (t) => {
  const root = workspace(t);
  const storeDir = join(root, '.fdl', 'executions');
  // The store's place is taken by a file: the engine cannot create its store there.
  mkdirSync(join(root, '.fdl'));
  writeFileSync(storeDir, 'not a directory');
  let starts = 0;
  let real: EmbeddedEngine | undefined;
  const lazy = new LazyEngine(storeDir, async () => {
    starts++;
    real = await startEmbeddedEngine(engineOptions(root, { storeDir, startApi: false, noInvokerCause: () => '' }));
    return real;
  });
  t.after(() => lazy.dispose());
  const results = await Promise.allSettled([lazy.ensure(), lazy.backend.startExecution({ flowName: 'x', definition: 'version: v1\ntype: flow\nsteps: []\n' })]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
  );
  assert.equal(starts, 1, 'one start for both callers');
  assert.equal(lazy.current, undefined);

  rmSync(storeDir);
  const engine = await lazy.ensure();
  assert.equal(starts, 2, 'tried again');
  assert.equal(engine, real);
  assert.equal(engine.api, undefined, 'no local API when flowStudio.run.startLocalApi is off');
});

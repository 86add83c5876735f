/**
 * The service's limit on events per execution (docs "Limits": 5,000 by default, raised on
 * request): an execution that would record one more fails with FnF.RuntimeError, as it would in
 * the cloud; the limit is raised or lifted per backend, and counts what a restart replays.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isEngineEvent } from '../../engine/history/events';
import { LocalBackend } from '../../engine/local-backend';
import { DEFAULT_MAX_EVENTS_PER_EXECUTION } from '../../engine/run/patterns/event-limit';
import { MemoryStore } from '../../engine/store/memory-store';
import { tempDir, until } from './helpers';

const FOREACH = readFileSync(join(__dirname, 'event-limit', 'foreach-pass.flow.yaml'), 'utf8');
const items = { items: Array.from({ length: 1000 }, (_, i) => i) };

async function run(flow: string, input: unknown, maxEventsPerExecution?: number) {
  const backend = new LocalBackend({ store: new MemoryStore(), timeScale: 0, maxEventsPerExecution });
  try {
    await backend.startExecution({ flowName: 'f', definition: flow, executionName: 'e', input: JSON.stringify(input) });
    const state = await backend.waitForExecution('f', 'e');
    return { state, history: backend.readStoredHistory('f', 'e') };
  } finally {
    backend.close();
  }
}

test('the default is the service default, 5,000', () => {
  assert.equal(DEFAULT_MAX_EVENTS_PER_EXECUTION, 5000);
});

test('a foreach over 1,000 items needs more than 5,000 events: it fails, its last event is ExecutionFailed, number 5,001', async () => {
  const { state, history } = await run(FOREACH, items);
  assert.equal(state.status, 'Failed');
  assert.equal(state.error, 'FnF.RuntimeError');
  assert.match(state.cause ?? '', /5000 events/);
  assert.equal(history.length, 5001);
  assert.deepEqual([history[5000].type, history[5000].eventId], ['ExecutionFailed', 5001]);
  // Nothing is recorded after the end, though 100 iterations were running.
  assert.equal(history.filter((e) => e.type === 'ExecutionFailed').length, 1);
});

test('raised (as a ticket raises it in the cloud) or lifted with 0, the same foreach succeeds', async () => {
  const raised = await run(FOREACH, items, 10_000);
  assert.equal(raised.state.status, 'Succeeded');
  assert.ok(raised.history.length > 6000 && raised.history.length <= 10_000, `${raised.history.length} events`);
  assert.equal((await run(FOREACH, items, 0)).state.status, 'Succeeded');
});

test('a catch on the step does not keep the execution alive: the limit ends the execution, not a step', async () => {
  const caught = FOREACH + '    catch:\n      - errors: [FnF.ALL]\n        goto: after\n  - type: pass\n    name: after\n';
  const { state, history } = await run(caught, items, 500);
  assert.equal(state.status, 'Failed');
  assert.equal(history.length, 501);
  assert.ok(!history.some((e) => e.stepName === 'after'));
});

test("the engine's own timer events do not count; a restart counts what it replays", async (t) => {
  const dir = tempDir(t);
  // 1 start + 4 per pass + 4 for the wait (+ 2 timer events, not counted) = 17 service events before `late`.
  const flow = `version: v1\ntype: flow\nsteps:\n${['a', 'b', 'c'].map((n) => `  - type: pass\n    name: ${n}\n`).join('')}  - type: wait\n    name: w\n    duration: 0.2\n  - type: pass\n    name: late\n`;
  const first = new LocalBackend({ storeDir: dir, timeScale: 1, maxEventsPerExecution: 18 });
  await first.startExecution({ flowName: 'f', definition: flow, executionName: 'e' });
  await until(() => first.readStoredHistory('f', 'e').some((e) => e.type === 'TimerStarted'));
  first.close();
  const second = new LocalBackend({ storeDir: dir, timeScale: 1, maxEventsPerExecution: 18 });
  t.after(() => second.close());
  await second.open();
  const state = await second.waitForExecution('f', 'e');
  const history = second.readStoredHistory('f', 'e');
  assert.equal(state.status, 'Failed');
  assert.deepEqual(
    history.filter((e) => e.stepName === 'late').map((e) => e.type),
    ['StepEntered'],
    "the 18th event is late's StepEntered; its StepStarted would be the 19th",
  );
  assert.equal(history.filter((e) => !isEngineEvent(e.type)).length, 19);
  assert.deepEqual(
    history.filter((e) => isEngineEvent(e.type)).map((e) => e.type),
    ['TimerStarted', 'TimerFired'],
  );
});

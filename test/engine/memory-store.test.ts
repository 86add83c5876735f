/**
 * The in-memory store (engine/store/memory-store.ts) keeps a finished visit in a few slots of the
 * execution's log (engine/history/visit-slots.ts), the visit still running as its record. What a
 * reader sees must not depend on which form a visit is in when it reads: the history read at any
 * moment, and the events a listener is handed turn by turn, are those of the durable store.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { HistoryEvent } from '../../engine/backend';
import { LocalBackend } from '../../engine/local-backend';
import { MemoryStore } from '../../engine/store/memory-store';
import { scriptedInvoker, tempDir, until } from './helpers';

// Pass steps, those in a row with the same data sharing one shape (c, c2, c3), then a visit that
// waits for a callback (its record published and sealed before its end comes), then more steps.
const FLOW = `version: v1
type: flow
steps:
  - type: pass
    name: a
  - type: pass
    name: b
    outputMappings:
      - target: x
        source: $input.n
  - type: pass
    name: c
  - type: pass
    name: c2
  - type: pass
    name: c3
  - type: task
    name: approve
    pattern: waitForCallback
    resourceArn: acs:fc:::services/s/functions/approve
  - type: pass
    name: d
  - type: choice
    name: pick
    choices:
      - condition: $.x == 1
        steps:
          - type: pass
            name: inner
    default:
      goto: d
`;

/** Takes the callback task's invocation and leaves it waiting. */
const accepting = () => scriptedInvoker(() => ({ kind: 'accepted' }));

type Seen = { flowName: string; executionName: string; event: HistoryEvent };

async function runOn(backend: LocalBackend): Promise<{ heard: HistoryEvent[]; midway: HistoryEvent[]; history: HistoryEvent[]; status: string }> {
  const heard: Seen[] = [];
  const off = backend.onEvent((flowName, executionName, event) => heard.push({ flowName, executionName, event }));
  try {
    await backend.startExecution({ flowName: 'f', definition: FLOW, executionName: 'e', input: '{"n":1}' });
    let token = '';
    await until(() => {
      const scheduled = backend.readStoredHistory('f', 'e').find((e) => e.type === 'TaskScheduled');
      token = (scheduled?.detail as { taskToken?: string } | undefined)?.taskToken ?? '';
      return token !== '' && backend.tokens.isWaiting(token);
    });
    const midway = await backend.getExecutionHistory('f', 'e');
    await backend.reportTaskSucceeded(token, '{"ok":true}');
    const state = await backend.waitForExecution('f', 'e');
    // Listeners are told once per turn: let the last turn's events out.
    await new Promise((r) => setImmediate(r));
    const history = await backend.getExecutionHistory('f', 'e');
    return { heard: heard.map((s) => s.event), midway, history, status: state.status };
  } finally {
    off();
    backend.close();
  }
}

/** Times and the task token vary from run to run. */
function stable(events: HistoryEvent[]): unknown[] {
  return events.map((e) => ({ ...e, time: 'T', eventDetail: e.eventDetail?.replace(/"taskToken":"[^"]+"/, '"taskToken":"TOKEN"') }));
}

test('in memory, a listener and readers get the events of the durable store, whether a visit is kept as its record or in slots', async (t) => {
  const memory = await runOn(new LocalBackend({ store: new MemoryStore(), invokers: [accepting()], timeScale: 0 }));
  const durable = await runOn(new LocalBackend({ storeDir: tempDir(t), invokers: [accepting()], timeScale: 0 }));
  assert.equal(memory.status, 'Succeeded');
  assert.deepEqual(stable(memory.history), stable(durable.history));
  assert.deepEqual(stable(memory.midway), stable(durable.midway));
  // Read midway, the history is a beginning of the final one.
  assert.deepEqual(stable(memory.midway), stable(memory.history).slice(0, memory.midway.length));
  // A listener hears every event once, in order.
  assert.deepEqual(stable(memory.heard), stable(memory.history));
  assert.deepEqual(
    memory.history.map((e) => e.eventId),
    memory.history.map((_, i) => i + 1),
  );
});

test('in memory, among a thousand executions every name is found, an existing one is refused, a deleted one is gone and may start again', async () => {
  const backend = new LocalBackend({ store: new MemoryStore(), timeScale: 0 });
  const pass = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n';
  try {
    const start = (flowName: string, executionName: string) => backend.startExecution({ flowName, definition: pass, executionName, input: '{}' });
    for (let i = 0; i < 1000; i++) await start(i % 2 ? 'odd' : 'even', `e${i}`);
    // The last one started (found without a search), before any other lookup.
    assert.deepEqual(await backend.deleteExecutions([{ flowName: 'odd', executionName: 'e999' }]), { deleted: 1 });
    for (let i = 0; i < 999; i++) assert.equal(backend.store.exists(i % 2 ? 'odd' : 'even', `e${i}`), true, `e${i}`);
    // The same name under the other flow is another execution.
    assert.equal(backend.store.exists('odd', 'e0'), false);
    await assert.rejects(start('even', 'e10'), { code: 'ExecutionAlreadyExists' });
    await assert.rejects(start('odd', 'e997'), { code: 'ExecutionAlreadyExists' });
    assert.deepEqual(await backend.deleteExecutions([{ flowName: 'even', executionName: 'e4' }]), { deleted: 1 });
    assert.equal(backend.store.exists('odd', 'e999'), false);
    assert.equal(backend.store.exists('even', 'e4'), false);
    const names = backend.store.listNames().map((n) => `${n.flowName}/${n.name}`);
    assert.equal(names.length, 998);
    assert.ok(!names.includes('odd/e999') && !names.includes('even/e4'));
    await start('even', 'e4');
    assert.equal((await backend.waitForExecution('even', 'e4')).status, 'Succeeded');
    assert.equal(backend.store.listNames().length, 999);
  } finally {
    backend.close();
  }
});

test('in memory, ExecutionStarted reads back as recorded: the same members in the same order, with a flow path, in Express mode, and for a child flow', async (t) => {
  const dir = tempDir(t);
  const child = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: c\n';
  const parent = `version: v1
type: flow
steps:
  - type: task
    name: call
    resourceArn: acs:fnf:::flow/kid
    pattern: sync
`;
  writeFileSync(join(dir, 'kid.flow.yaml'), child);
  const flowPath = join(dir, 'parent.flow.yaml');
  writeFileSync(flowPath, parent);
  const started = async (backend: LocalBackend) => {
    try {
      await backend.startExecution({ flowName: 'p', definition: parent, executionName: 'e1', input: '{"n":1}', flowPath });
      await backend.waitForExecution('p', 'e1');
      await backend.startExecution({ flowName: 'q', definition: child, executionName: 'e2', input: '{}', executionMode: 'Express' });
      await backend.waitForExecution('q', 'e2');
      const kid = backend.store.listNames().find((n) => n.flowName === 'kid');
      assert.ok(kid, 'the child execution');
      await backend.waitForExecution('kid', kid.name);
      const first = (flowName: string, name: string) => {
        const e = backend.readStoredHistory(flowName, name)[0];
        return JSON.stringify({ ...e, time: 'T' });
      };
      return [first('p', 'e1'), first('q', 'e2'), first('kid', kid.name)];
    } finally {
      backend.close();
    }
  };
  const memory = await started(new LocalBackend({ store: new MemoryStore(), timeScale: 0 }));
  const durable = await started(new LocalBackend({ storeDir: join(dir, 'store'), timeScale: 0 }));
  assert.deepEqual(memory, durable);
  assert.match(memory[0], /"flowPath":/);
  assert.match(memory[1], /"executionMode":"Express"/);
  assert.match(memory[2], /"parent":\{"flowName":"p","executionName":"e1"\}/);
});

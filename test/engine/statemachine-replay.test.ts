/**
 * Replay of a StateMachine execution takes what its history recorded, also where the dialect's
 * data is not deterministic (uuid() in a constructor): an execution cut off at any event and
 * resumed carries the recorded values on, so its output agrees with its history.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnyStoredEvent } from '../../engine/history/events';
import { LocalBackend } from '../../engine/local-backend';
import { MemoryStore } from '../../engine/store/memory-store';

const FLOW = `Type: StateMachine
Name: mint
SpecVersion: v1
StartAt: Mint
States:
  - Type: Pass
    Name: Mint
    OutputConstructor:
      id.$: uuid()
    Next: Fails
  - Type: Task
    Name: Fails
    Action: Demo:Fail
    Catch:
      - Errors: [FnF.ALL]
        Description: any
        OutputConstructor:
          id.$: $Input.id
          caughtId.$: uuid()
        Next: Use
    End: true
  - Type: Pass
    Name: Use
    End: true
`;

const failing = { name: 'mock', canInvoke: () => true, invoke: async () => ({ kind: 'failed' as const, error: 'Boom', cause: 'always' }) };

test('cut after any event and resumed, a StateMachine execution ends with the values its history recorded', async () => {
  const backend = new LocalBackend({ store: new MemoryStore(), invokers: [failing], timeScale: 0 });
  await backend.open();
  await backend.startExecution({ flowName: 'f', executionName: 'whole', definition: FLOW, input: '{}' });
  const whole = await backend.waitForExecution('f', 'whole');
  assert.equal(whole.status, 'Succeeded');
  const history = backend.readStoredHistory('f', 'whole');
  backend.close();
  const minted = (history.find((e) => e.type === 'StateSucceeded' && e.stepName === 'Mint')!.detail as { output: { id: string } }).output.id;
  const caught = (history.find((e) => e.type === 'StateEntered' && e.stepName === 'Use')!.detail as { input: { caughtId: string } }).input.caughtId;
  assert.deepEqual(whole.output, { id: minted, caughtId: caught });

  // Every prefix that leaves the execution unfinished: resumed, its output agrees with its own
  // history, and a value the prefix had recorded is the one carried on.
  const recordedId = (h: AnyStoredEvent[]) => (h.find((e) => e.type === 'StateSucceeded' && e.stepName === 'Mint')?.detail as { output: { id: string } } | undefined)?.output.id;
  const recordedCaught = (h: AnyStoredEvent[]) =>
    (h.find((e) => e.type === 'StateEntered' && e.stepName === 'Use')?.detail as { input: { caughtId: string } } | undefined)?.input.caughtId;
  for (let cut = 2; cut < history.length - 1; cut++) {
    const kept = history.slice(0, cut);
    const prefix = new MemoryStore();
    for (const e of kept) prefix.append('f', 'whole', { ...e } as AnyStoredEvent);
    const resumed = new LocalBackend({ store: prefix, invokers: [failing], timeScale: 0 });
    await resumed.open();
    const state = await resumed.waitForExecution('f', 'whole');
    const after = resumed.readStoredHistory('f', 'whole');
    resumed.close();
    const at = `cut after event ${cut} (${history[cut - 1].type} ${history[cut - 1].stepName ?? ''})`;
    assert.equal(state.status, 'Succeeded', at);
    assert.deepEqual(state.output, { id: recordedId(after), caughtId: recordedCaught(after) }, at);
    if (recordedId(kept)) assert.equal((state.output as { id: string }).id, minted, at);
    if (recordedCaught(kept)) assert.equal((state.output as { caughtId: string }).caughtId, caught, at);
  }
});

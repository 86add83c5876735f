/**
 * A succeed ends its scope only (SEMANTICS.md "Steps"): the history of such a run is whole.
 * Every step visit that entered also exited, every branch and iteration exited, and the
 * execution ends once, Succeeded, after the steps that follow the scope.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalBackend } from '../../engine/local-backend';
import { MemoryStore } from '../../engine/store/memory-store';

async function historyOf(fixture: string): Promise<{ type: string; key: string; stepName?: string }[]> {
  const folder = join(__dirname, 'fixtures', fixture);
  const backend = new LocalBackend({ store: new MemoryStore(), timeScale: 0, invokers: [] });
  await backend.open();
  await backend.startExecution({
    flowName: 'f',
    definition: readFileSync(join(folder, 'flow.flow.yaml'), 'utf8'),
    executionName: 'e',
    input: readFileSync(join(folder, 'input.json'), 'utf8'),
  });
  await backend.waitForExecution('f', 'e');
  const events = backend.readStoredHistory('f', 'e').map((e) => ({ type: e.type, key: e.key, stepName: (e as { stepName?: string }).stepName }));
  backend.close();
  return events;
}

for (const fixture of ['succeed-in-choice-body-ends-iteration', 'succeed-in-foreach-in-parallel']) {
  test(`${fixture}: every step, branch and iteration that was entered exited, and the run ends once`, async () => {
    const events = await historyOf(fixture);
    const keysOf = (type: string) =>
      events
        .filter((e) => e.type === type)
        .map((e) => e.key.replace(/\|[A-Za-z]+$/, ''))
        .sort();
    assert.deepEqual(keysOf('StepExited'), keysOf('StepEntered'));
    assert.deepEqual(keysOf('BranchExited'), keysOf('BranchEntered'));
    assert.deepEqual(keysOf('IterationExited'), keysOf('IterationEntered'));
    assert.equal(keysOf('IterationEntered').length, 2);
    const ends = events.filter((e) => e.type.startsWith('Execution') && e.type !== 'ExecutionStarted');
    assert.deepEqual(
      ends.map((e) => e.type),
      ['ExecutionSucceeded'],
    );
    assert.equal(events[events.length - 1].type, 'ExecutionSucceeded');
    assert.ok(
      events.some((e) => e.type === 'StepExited' && e.stepName === 'after'),
      'the step after the scope ran',
    );
  });
}

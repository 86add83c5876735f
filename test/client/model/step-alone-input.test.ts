/**
 * Run Step Alone…'s prefill (client/model/step-alone-input.ts): what a step started from in the
 * newest execution of its flow that reached it, read through a real LocalBackend.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MockInvoker } from '../../../engine/invokers/mock-invoker';
import { lastStepStart } from '../../../client/model/step-alone-input';
import { testStep } from '../../../engine/step-test';
import { engineFor, until } from './engine-run';

const FLOW = join(__dirname, '..', '..', 'engine', 'step-test', 'classic-task-mappings.flow.yaml');

test('the newest execution that reached the step gives its input and $local; none reached: undefined', async (t) => {
  const { backend } = engineFor(t, [new MockInvoker({ tasks: { charge: [{ output: { receiptId: 'r' } }] } })]);
  const definition = readFileSync(FLOW, 'utf8');
  for (const [name, id] of [
    ['e1', 'old'],
    ['e2', 'new'],
  ]) {
    await backend.startExecution({ flowName: 'shop', definition, executionName: name, input: JSON.stringify({ order: { id } }) });
    let status = 'Running';
    await until(() => {
      void backend.describeExecution('shop', name).then((d) => (status = d.status));
      return status !== 'Running';
    });
    assert.equal(status, 'Succeeded');
    // Started in a later millisecond than the one before.
    await new Promise((r) => setTimeout(r, 5));
  }
  const start = await lastStepStart(backend, 'shop', 'charge');
  assert.ok(start);
  assert.equal(start.executionName, 'e2');
  assert.deepEqual(start.input, { order: { id: 'new' } });
  assert.deepEqual(start.local, {});
  assert.deepEqual(start.executionInput, { order: { id: 'new' } });
  // Run alone from it, the step maps what the run mapped.
  const r = await testStep(definition, 'charge', { ...start, result: { receiptId: 'r' } });
  assert.deepEqual(r.mappedInput, { orderId: 'new', amount: null, currency: 'CNY' });
  assert.equal(await lastStepStart(backend, 'shop', 'nope'), undefined);
  assert.equal(await lastStepStart(backend, 'other-flow', 'charge'), undefined);
});

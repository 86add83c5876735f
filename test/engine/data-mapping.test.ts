/** The data-flow rules of engine/run/data-mapping.ts, one rule per test. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyMappings, checkStepDataSize, readSource, resolveServiceParams, stepInput, stepOutput } from '../../engine/run/data-mapping';
import { ExecutionEnd } from '../../engine/errors';
import { parseFlow } from '../../fdl/index';

const steps = parseFlow(`version: v1
type: flow
steps:
  - type: pass
    name: plain
  - type: parallel
    name: par
    branches:
      - steps:
          - type: pass
            name: p
  - type: pass
    name: mapped
    inputMappings:
      - target: id
        source: $input.order.id
      - target: fromLocal
        source: $local.x
    outputMappings:
      - target: out
        source: $local.missing
`).flow.body.steps;
const [plain, par, mapped] = steps;

test('without inputMappings a step gets the parent input merged with the parent local (local wins)', () => {
  assert.deepEqual(stepInput(plain, { a: 1, b: 1 }, { b: 2, c: 3 }, {}), { a: 1, b: 2, c: 3 });
});

test('inputMappings read the parent input and local', () => {
  assert.deepEqual(stepInput(mapped, { order: { id: 'o1' } }, { x: 5 }, {}), { id: 'o1', fromLocal: 5 });
});

test('without outputMappings the local is the output, except parallel and foreach (empty)', () => {
  assert.deepEqual(stepOutput(plain, {}, { r: 1 }, {}), { r: 1 });
  assert.deepEqual(stepOutput(par, {}, [{ r: 1 }], {}), {});
});

test('a path that finds nothing maps to null; constants of every JSON type are copied', () => {
  assert.deepEqual(stepOutput(mapped, {}, {}, {}), { out: null });
  for (const c of ['pass1', '.avi', -1, 0, {}, [], ['A', 'B'], { a: 'b', c: 1 }, '', true]) assert.deepEqual(readSource(c, {}), c);
});

test('wildcards project arrays: $local[*].name and $local[*].parts[*]', () => {
  const local = [
    { name: 'A', parts: [1, 2] },
    { name: 'B', parts: [3] },
  ];
  assert.deepEqual(readSource('$local[*].name', { local }), ['A', 'B']);
  assert.deepEqual(readSource('$local[*].parts[*]', { local }), [1, 2, 3]);
  assert.deepEqual(readSource('$input.events[0].oss.object.key', { input: { events: [{ oss: { object: { key: 'k' } } }] } }), 'k');
});

test('$context exposes execution, flow, step and task token', () => {
  const context = { execution: { name: 'e' }, flow: { name: 'f' }, step: { name: 's', eventId: 4 }, task: { token: 't' } };
  const m = (source: string) => ({ target: { value: 'v', span: { start: 0, end: 0 } }, source: { value: source, span: { start: 0, end: 0 } }, span: { start: 0, end: 0 } });
  assert.deepEqual(applyMappings([m('$context.task.token')], { context }), { v: 't' });
  assert.deepEqual(applyMappings([m('$context.step.eventId')], { context }), { v: 4 });
});

test('serviceParams resolve `$` and `$.x` against the step input, nested values too', () => {
  assert.deepEqual(resolveServiceParams({ Input: '$  ', ExecutionName: '$.childName', Nested: { Key: '$.k' }, Const: 'text' }, { childName: 'c1', k: 2 }), {
    Input: { childName: 'c1', k: 2 },
    ExecutionName: 'c1',
    Nested: { Key: 2 },
    Const: 'text',
  });
});

test('more than 32 KiB of input + output + local ends the execution', () => {
  assert.doesNotThrow(() => checkStepDataSize('s', { a: 'x'.repeat(10_000) }, {}, {}));
  assert.throws(
    () => checkStepDataSize('s', { a: 'x'.repeat(10_000) }, { b: 'x'.repeat(12_000) }, { b: 'x'.repeat(12_000) }),
    (e: unknown) => e instanceof ExecutionEnd && e.error === 'FnF.DataSizeExceeded',
  );
});

/** The data-flow rules of engine/run/data-mapping.ts, one rule per test. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyMappings,
  checkStepDataSize,
  iterationInput,
  MAX_STEP_DATA_BYTES,
  readSource,
  resolveServiceParams,
  stepDataBytes,
  stepInput,
  stepOutput,
} from '../../engine/run/data-mapping';
import { ExecutionEnd, StepFailure } from '../../engine/errors';
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

const fails = (f: () => void) => {
  try {
    f();
    return false;
  } catch (e) {
    if (e instanceof ExecutionEnd && e.error === 'FnF.DataSizeExceeded') return true;
    throw e;
  }
};

test('a foreach iteration input is the step input plus item (and index), and the 32 KiB rule measures it to the byte', () => {
  const wide = 'é'.repeat(100); // two bytes each in UTF-8
  const inputs: Record<string, unknown>[] = [{}, { items: [1, 2, 3] }, { item: 'old', n: 1 }, { 'q"uote': wide, u: undefined }, JSON.parse('{"__proto__": {"x": 1}, "a": 2}')];
  const values: unknown[] = [0, 12345, -1.5, 'plain', 'needs "escaping"\n', wide, null, true, { nested: [wide] }, [], undefined];
  for (const input of inputs)
    for (const value of values)
      for (const [item, indexKey] of [
        ['item', undefined],
        ['item', 'index'],
        ['n', 'item'],
        ['ключ', 'i'],
      ] as const) {
        const built = iterationInput(input, stepDataBytes(input), item, value, indexKey, 7);
        const expected = JSON.parse(JSON.stringify({ ...input }));
        if (value !== undefined) expected[item] = JSON.parse(JSON.stringify(value));
        else delete expected[item];
        if (indexKey) expected[indexKey] = 7;
        assert.deepEqual(JSON.parse(JSON.stringify(built)), expected, `${JSON.stringify(input)} + ${item}=${JSON.stringify(value)}`);
        assert.equal(Object.getPrototypeOf(built), Object.prototype);
        // The same verdict as measuring the text, at the limit and one byte over it (output and local `{}`: 4 bytes).
        const bytes = Buffer.byteLength(JSON.stringify(built));
        const pad = MAX_STEP_DATA_BYTES - 4 - bytes - Buffer.byteLength(',"pad":""');
        for (const extra of [pad, pad + 1]) {
          const padded = { ...input, pad: 'x'.repeat(extra) };
          const input2 = iterationInput(padded, stepDataBytes(padded), item, value, indexKey, 7);
          assert.equal(
            fails(() => checkStepDataSize('s', input2, {}, {})),
            Buffer.byteLength(JSON.stringify(input2)) + 4 > MAX_STEP_DATA_BYTES,
            `${JSON.stringify(input)} + ${item}=${JSON.stringify(value)}, ${extra}`,
          );
        }
      }
});

test('an invalid mapping path fails the step at every visit, not only the first', () => {
  for (let i = 0; i < 2; i++)
    assert.throws(
      () => readSource('$input.[', { input: {} }),
      (e: unknown) => e instanceof StepFailure && e.error === 'FnF.InvalidMapping',
    );
});

test('steps that add nothing share their data, and a merge of two non-empty objects is a new object (local wins)', () => {
  const input = { a: 1 };
  const local = { a: 2, b: 3 };
  const first = stepInput(plain, input, local, {});
  assert.deepEqual(first, { a: 2, b: 3 });
  assert.notEqual(first, input);
  assert.notEqual(first, local);
  assert.equal(stepInput(plain, input, local, {}), first);
  assert.deepEqual(stepInput(plain, { a: 1 }, local, {}), { a: 2, b: 3 });
  assert.equal(stepInput(plain, input, {}, {}), input);
});

test('a mapping reads a path as the path language evaluates it: missing fields, null, indexes from the end, wildcards', () => {
  const m = (source: unknown) => ({ target: { value: 'v', span: { start: 0, end: 0 } }, source: { value: source, span: { start: 0, end: 0 } }, span: { start: 0, end: 0 } });
  const scope = {
    input: { a: { b: [1, { c: 'x' }, null], n: null, u: undefined }, list: [{ id: 1 }, { id: 2 }], 'k y': 3 },
    local: [{ name: 'A' }, { name: 'B' }],
    context: { step: { name: 's' } },
  };
  const paths = [
    '$input',
    '$',
    '$input.a.b[1].c',
    '$input.a.b[-1]',
    '$input.a.b[-3]',
    '$input.a.b[3]',
    '$input.a.b[-4]',
    '$input.a.n',
    '$input.a.n.x',
    '$input.a.u',
    '$input.a.u.x',
    '$input.list[0].id',
    '$input.list[*].id',
    '$input.a.b.c',
    '$input.a.b.length',
    '$input.a.b[0].c',
    '$input["k y"]',
    '$local[0].name',
    '$local[*].name',
    '$local.name',
    '$context.step.name',
    '$context.task.token',
    '$input.missing',
  ];
  for (const path of paths) assert.deepEqual(applyMappings([m(path)], scope), { v: readSource(path, scope) }, path);
  // Read once more (compiled by then), and with a constant beside them.
  assert.deepEqual(applyMappings([m('$input.a.b[1].c'), m(7)], scope), { v: 7 });
});

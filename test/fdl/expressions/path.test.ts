/** Reference paths: what parses (and to which segments), what is rejected where, and what a path finds. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluatePath, formatPath, isPathSource, classifySource, parsePath, type PathAst } from '../../../fdl/expressions/index';
import { localize } from '../../../fdl/messages';

function parsed(text: string): PathAst {
  const r = parsePath(text);
  if (!r.ok) throw new Error(`${text}: ${localize(r.error.message, 'en')}`);
  return r.ast;
}

const accepted: [string, string][] = [
  ['$input', '$input'],
  ['$local', '$local'],
  ['$context.task.token', '$context.task.token'],
  ['$', '$'],
  ['$.x', '$.x'],
  ['$input.orderId', '$input.orderId'],
  ['$local[*].name', '$local[*].name'],
  ['$local[*].parts[*]', '$local[*].parts[*]'],
  ['$input.key_info[0]', '$input.key_info[0]'],
  ['$input.events[0].oss.object.key', '$input.events[0].oss.object.key'],
  ['$input["a b"]', '$input["a b"]'],
  ["$input['a b'].c", '$input["a b"].c'],
  ['$input[ 2 ]', '$input[2]'],
  ['$input[-1]', '$input[-1]'],
  ['$input.*', '$input[*]'],
  ['$.dest-bucket', '$.dest-bucket'],
  ['$.名字', '$.名字'],
  ['  $input.a  ', '$input.a'],
  ['$input["say \\"hi\\""]', '$input["say \\"hi\\""]'],
];

for (const [text, canonical] of accepted) {
  test(`path ${JSON.stringify(text)} parses as ${canonical}`, () => {
    assert.equal(formatPath(parsed(text)), canonical);
  });
}

const rejected: [string, string, number][] = [
  ['', 'empty', 0],
  ['input.a', 'unknown-root', 0],
  ['$Input.a', 'unknown-root', 0],
  ['$inputs.a', 'unknown-root', 0],
  ['$input.', 'expected-field', 6],
  ['$input..a', 'recursive-descent', 6],
  ['$input[', 'bad-bracket', 6],
  ['$input[abc]', 'bad-bracket', 6],
  ['$input[1', 'bad-bracket', 8],
  ['$input["a', 'unterminated-string', 7],
  ['$input["\\q"]', 'bad-escape', 8],
  ['$input.a b', 'trailing-input', 9],
  ['$input.a == 1', 'trailing-input', 9],
  ['$input.a)', 'trailing-input', 8],
];

for (const [text, code, start] of rejected) {
  test(`path ${JSON.stringify(text)} is rejected with ${code} at ${start}`, () => {
    const r = parsePath(text);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.code, code, localize(r.error.message, 'en'));
    assert.equal(r.error.start, start);
    assert.ok(r.error.end > r.error.start || text.length === 0);
    assert.ok(localize(r.error.message, 'en').length > 0 && localize(r.error.message, 'zh-cn').length > 0);
  });
}

test('a misspelt root suggests the right one in both languages', () => {
  const r = parsePath('$Input.a');
  assert.ok(!r.ok && localize(r.error.message, 'en').includes('Did you mean `$input`'));
  assert.ok(!r.ok && localize(r.error.message, 'zh-cn').includes('`$input`'));
});

test('a hostile path is refused quickly, not parsed', () => {
  const started = Date.now();
  const r = parsePath('$input' + '.a'.repeat(50_000));
  assert.ok(!r.ok && r.error.code === 'too-long');
  assert.ok(Date.now() - started < 200);
});

const scope = {
  input: { a: { b: 1 }, list: [10, 20, 30], 'a b': 'spaced', nil: null },
  local: [{ name: 'A', parts: [1, 2] }, { name: 'B', parts: [3] }, { other: true }],
  context: { task: { token: 'tok' }, execution: { name: 'run1' } },
};

const evaluations: [string, unknown][] = [
  ['$input.a.b', 1],
  ['$.a.b', 1],
  ['$input.missing', undefined],
  ['$input.missing.deeper', undefined],
  ['$input.nil', null],
  ['$input.nil.x', undefined],
  ['$input.list[1]', 20],
  ['$input.list[-1]', 30],
  ['$input.list[3]', undefined],
  ['$input.a[0]', undefined],
  ['$input.list.x', undefined],
  ['$input["a b"]', 'spaced'],
  ['$local[*].name', ['A', 'B']],
  ['$local[*].parts[*]', [1, 2, 3]],
  ['$local[*].parts', [[1, 2], [3]]],
  ['$local[0].name', 'A'],
  ['$local[*].missing', []],
  ['$input.a[*]', [1]],
  ['$input.missing[*]', []],
  ['$context.task.token', 'tok'],
  ['$context.execution.name', 'run1'],
  ['$input', scope.input],
];

for (const [text, expected] of evaluations) {
  test(`${text} evaluates to ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(evaluatePath(parsed(text), scope), expected);
  });
}

test('fields of the prototype are never found', () => {
  assert.equal(evaluatePath(parsed('$input.constructor'), { input: {} }), undefined);
  assert.equal(evaluatePath(parsed('$input.__proto__'), { input: {} }), undefined);
});

test('a mapping source is a path exactly when it is a string starting with `$`', () => {
  assert.equal(isPathSource('$input.a'), true);
  assert.equal(isPathSource('$'), true);
  for (const constant of ['pass1', '.avi', 'http://x/$y', ' $input', 1, -1, true, null, {}, [], ['$input']]) {
    assert.equal(isPathSource(constant), false, JSON.stringify(constant));
    assert.deepEqual(classifySource(constant), { kind: 'constant', value: constant });
  }
  const c = classifySource('$local[*].name');
  assert.ok(c.kind === 'path' && c.parsed.ok);
});

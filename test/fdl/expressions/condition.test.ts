/** Choice conditions: the syntax the docs and real flows use, located errors, hostile input, and the evaluation semantics. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conditionPaths, evaluateCondition, formatPath, parseCondition, type ConditionAst } from '../../../fdl/expressions/index';
import { localize } from '../../../fdl/messages';

function ast(text: string): ConditionAst {
  const r = parseCondition(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.code} ${localize(r.error.message, 'en')}`);
  return r.ast;
}

const input = {
  status: 'ready',
  hasMore: true,
  notBool: 'true',
  count: 3,
  limit: 5,
  key1: 'x',
  key2: 'x',
  marker: '',
  offset: -1,
  nested: { status: 'success' },
  list: [1, 2],
  sameList: [1, 2],
  nil: null,
};

/** [condition, value with the input above] — every form seen in the docs and in published flows. */
const cases: [string, boolean][] = [
  ['$.status == "ready"', true],
  ['$.status == "failed"', false],
  ["$.status == 'ready'", true],
  ['$.status == `ready`', true],
  ['$.status=="ready"', true],
  ['$.key1==$.key2', true],
  ['$.key1!=$.key2', false],
  ['$.hasMore', true],
  ['$.notBool', false],
  ['$.missing', false],
  ['!$.hasMore', false],
  ['!$.missing', true],
  ['!!$.hasMore', true],
  ['$.count < $.limit', true],
  ['$.count <= 3', true],
  ['$.count > 3', false],
  ['$.count >= 3', true],
  ['$.count >= 3.5', false],
  ['$.count < 1e3', true],
  ['$.offset != -1', false],
  ['$.offset == -1', true],
  ['$.marker != ""', false],
  ['$.nested.status == "success"', true],
  ['$.hasMore && $.count >= $.limit', false],
  ['$.hasMore && ($.count >= 4 || $.limit >= 5)', true],
  ['$.hasMore&&$.count<$.limit', true],
  ['$.count > 10 || $.status == "ready"', true],
  ['($.status == "ready")', true],
  ['(($.hasMore))', true],
  ['$.missing == null', true],
  ['$.nil == null', true],
  ['$.missing != "x"', true],
  ['$.status == null', false],
  ['$.notBool == true', false],
  ['$.count == "3"', false],
  ['$.status > 1', false],
  ['$.status > "a"', true],
  ['$.missing < 1', false],
  ['$.list == $.sameList', true],
  ['true', true],
  ['false || true', true],
  ['true && false', false],
  ['null == null', true],
  ['"b" > "a"', true],
  ['$.hasMore && $.hasMore && $.hasMore || false', true],
  ['!($.count > 1) || $.status == "ready"', true],
  ['$input.status == "ready"', true],
];

for (const [text, expected] of cases) {
  test(`condition ${text} is ${expected}`, () => {
    assert.equal(evaluateCondition(ast(text), { input }), expected);
  });
}

const errors: [string, string, number][] = [
  ['', 'empty', 0],
  ['   ', 'empty', 0],
  ['$.a = 1', 'single-equals', 4],
  ['$.a == 1 & $.b', 'single-ampersand', 9],
  ['$.a | $.b', 'single-bar', 4],
  ['$.a ==', 'unexpected-end', 6],
  ['$.a == ready', 'unknown-word', 7],
  ['status == "x"', 'unknown-word', 0],
  ['($.a == 1', 'missing-close-paren', 0],
  ['$.a == 1)', 'trailing-input', 8],
  ['$.a $.b', 'trailing-input', 4],
  ['1 < $.a < 3', 'chained-comparison', 8],
  ['$.a == "abc', 'unterminated-string', 7],
  ['$.a == 12abc', 'bad-number', 7],
  ['$.a == 1..2', 'bad-number', 7],
  ['$x == 1', 'unknown-root', 0],
  ['$. == 1', 'expected-field', 1],
  ['$.a == #', 'unexpected-character', 7],
  ['&& $.a', 'unexpected-character', 0],
  ['$.a &&', 'unexpected-end', 6],
];

for (const [text, code, start] of errors) {
  test(`condition ${JSON.stringify(text)} is rejected with ${code} at ${start}`, () => {
    const r = parseCondition(text);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.code, code, localize(r.error.message, 'en'));
    assert.equal(r.error.start, start);
    assert.ok(localize(r.error.message, 'en') && localize(r.error.message, 'zh-cn'));
  });
}

test('spans point into the condition text', () => {
  const a = ast('$.a == "x" && ($.b)');
  assert.equal(a.kind, 'and');
  if (a.kind !== 'and') return;
  assert.deepEqual(a.span, { start: 0, end: 19 });
  const cmp = a.operands[0];
  assert.ok(cmp.kind === 'compare');
  if (cmp.kind !== 'compare') return;
  assert.deepEqual(cmp.opSpan, { start: 4, end: 6 });
  assert.deepEqual(cmp.right.span, { start: 7, end: 10 });
  assert.deepEqual(a.operands[1].span, { start: 14, end: 19 });
});

test('conditionPaths lists every referenced path in order', () => {
  const paths = conditionPaths(ast('$.a && ($.b.c == $context.step.name || !$.d)'));
  assert.deepEqual(paths.map(formatPath), ['$.a', '$.b.c', '$context.step.name', '$.d']);
});

test('hostile conditions return an error quickly instead of throwing', () => {
  const hostile = [
    '('.repeat(10_000) + '$.a' + ')'.repeat(10_000),
    '!'.repeat(10_000) + '$.a',
    '$.a == 1 && '.repeat(10_000) + 'true',
    '"'.repeat(100_000),
    'x'.repeat(100_000),
    '('.repeat(100_000),
  ];
  for (const h of hostile) {
    const started = Date.now();
    const r = parseCondition(h);
    assert.equal(r.ok, false, h.slice(0, 20));
    assert.ok(Date.now() - started < 200, `took ${Date.now() - started} ms`);
  }
  const deep = parseCondition('('.repeat(100) + '$.a' + ')'.repeat(100));
  assert.ok(!deep.ok && deep.error.code === 'too-deep');
});

test('the longest accepted flat condition evaluates without deep recursion', () => {
  const text = Array.from({ length: 300 }, () => '$.hasMore').join(' && ');
  assert.equal(evaluateCondition(ast(text), { input }), true);
});

/**
 * Parsed expressions remembered by text (fdl/cloudflow/expressions/parse-cache.ts over fdl/memo-by-text.ts): a run
 * evaluates the same constructors at every visit; the results must be those of a fresh parse, a
 * failing entry must still be located at every evaluation, and the cache must stay bounded.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateSmConstructor, parseSmExpression, parseSmExpressionCached, type SmScope } from '../../fdl/cloudflow/expressions/index';

const scope = (input: unknown): SmScope => ({ Input: input, Context: {}, random: () => 0.5 });

test('a remembered parse is the fresh parse, for valid and invalid text alike', () => {
  for (const text of ['$Input.a.b[0]', 'length($Input.list) > 2 && $Input.ok == true', '$Input.a ==', '']) {
    const first = parseSmExpressionCached(text);
    assert.deepEqual(first, parseSmExpression(text));
    assert.equal(parseSmExpressionCached(text), first);
  }
});

test('the same constructor evaluated again gives each input its own value and locates each failure', () => {
  const constructor = { body: { 'n.$': '$Input.n', list: [{ 'x.$': 'intAdd($Input.n, 1)' }] } };
  for (let n = 0; n < 3; n++) assert.deepEqual(evaluateSmConstructor(constructor, scope({ n })), { ok: true, value: { body: { n, list: [{ x: n + 1 }] } } });
  for (let i = 0; i < 2; i++) {
    const bad = evaluateSmConstructor({ a: [1, { 'b.$': '$Input.n ==' }], 'c.$': '$Input.n' }, scope({ n: 1 }));
    assert.ok(!bad.ok);
    assert.deepEqual([bad.error.code, bad.error.path, bad.error.inExpression], ['unexpected-end', ['a', 1, 'b.$'], true]);
    const wrongType = evaluateSmConstructor({ a: { 'b.$': 'intAdd($Input.n, "2")' } }, scope({ n: 1 }));
    assert.ok(!wrongType.ok);
    assert.deepEqual(wrongType.error.path, ['a', 'b.$']);
  }
});

test('the cache is bounded: after many distinct expressions the first is parsed again', () => {
  const first = parseSmExpressionCached('$Input.first');
  for (let i = 0; i < 5000; i++) parseSmExpressionCached(`$Input.k${i}`);
  const again = parseSmExpressionCached('$Input.first');
  assert.notEqual(again, first);
  assert.deepEqual(again, first);
  // Long texts count against a budget of characters as well: a few near the length limit evict the rest.
  const long = (c: string) => `"${c.repeat(16_000)}"`;
  const kept = parseSmExpressionCached('$Input.kept');
  for (let i = 0; i < 70; i++) parseSmExpressionCached(long(String.fromCharCode(97 + (i % 26))) + ` == ${i}`);
  assert.notEqual(parseSmExpressionCached('$Input.kept'), kept);
});

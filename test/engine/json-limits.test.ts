import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkJsonValue, jsonDepth, jsonLimitText, MAX_JSON_BYTES, MAX_JSON_DEPTH, parseJsonWithinLimits } from '../../engine/json-limits';

/** An array nested `n` levels: [[[…]]]. */
function nested(n: number): unknown {
  let v: unknown = [];
  for (let i = 1; i < n; i++) v = [v];
  return v;
}

const deepText = (n: number) => '['.repeat(n) + ']'.repeat(n);

test('values within the limits pass, up to exactly 128 levels', () => {
  assert.deepEqual(checkJsonValue({ a: [1, 'x', null, true, { b: {} }] }), { ok: true });
  assert.deepEqual(checkJsonValue(nested(MAX_JSON_DEPTH)), { ok: true });
  assert.deepEqual(checkJsonValue('just text'), { ok: true });
});

test('one level more than 128 is refused with the path where it goes too deep', () => {
  const r = checkJsonValue({ a: nested(MAX_JSON_DEPTH) });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.problem, 'depth');
  assert.match(!r.ok && r.problem === 'depth' ? r.path : '', /^\$\.a\[0\]\[0\]\[0\]\[0\]…\[0\]\[0\]$/);
});

test('5,000 and 100,000 levels are refused without a RangeError (the walk is iterative)', () => {
  for (const n of [5000, 100_000]) {
    const r = checkJsonValue({ a: nested(n) });
    assert.equal(!r.ok && r.problem, 'depth', `${n}`);
  }
});

test('a value referring to itself reads as too deep instead of looping', () => {
  const o: Record<string, unknown> = {};
  o.self = o;
  assert.equal((checkJsonValue(o) as { problem?: string }).problem, 'depth');
});

test('size: over 1 MiB of JSON text is refused, also when escapes make the text larger than the estimate', () => {
  assert.equal((checkJsonValue({ s: 'x'.repeat(MAX_JSON_BYTES) }) as { problem?: string }).problem, 'size');
  // 200,000 control characters: 200 KB as a string, 1.2 MB as JSON (\u0001 each).
  assert.equal((checkJsonValue({ s: '\u0001'.repeat(200_000) }) as { problem?: string }).problem, 'size');
  assert.deepEqual(checkJsonValue({ s: 'x'.repeat(100_000) }), { ok: true });
  // Counted as written: 300,000 ones are 600 KB of text (accepted), 600,000 are 1.2 MB.
  assert.deepEqual(checkJsonValue(new Array(300_000).fill(1)), { ok: true });
  assert.equal((checkJsonValue(new Array(600_000).fill(1)) as { problem?: string }).problem, 'size');
  // Members JSON leaves out do not count.
  assert.deepEqual(checkJsonValue(Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, undefined]))), { ok: true });
  // A value sharing one array everywhere: small in memory, gigabytes as text; refused without building it.
  let shared: unknown = ['x'.repeat(100)];
  for (let i = 0; i < 40; i++) shared = [shared, shared];
  assert.equal((checkJsonValue(shared) as { problem?: string }).problem, 'size');
});

test('a BigInt, which JSON.stringify cannot write, is refused by type with its path', () => {
  assert.deepEqual(checkJsonValue({ n: [1, 2n] }), { ok: false, problem: 'type', path: '$.n[1]', type: 'bigint' });
});

test('parseJsonWithinLimits: a 100,000-deep text is an answer, not an exception; syntax and size too', () => {
  const deep = parseJsonWithinLimits(`{"a":${deepText(100_000)}}`);
  assert.equal(!deep.ok && deep.problem, 'depth');
  const bad = parseJsonWithinLimits('{"a":');
  assert.equal(!bad.ok && bad.problem, 'syntax');
  const big = parseJsonWithinLimits(`"${'x'.repeat(MAX_JSON_BYTES)}"`);
  assert.equal(!big.ok && big.problem, 'size');
  assert.deepEqual(parseJsonWithinLimits('{"a":[1]}'), { ok: true, value: { a: [1] } });
});

test('jsonDepth counts levels up to the limit + 1 and remembers what it measured', () => {
  assert.equal(jsonDepth(1), 0);
  assert.equal(jsonDepth({}), 1);
  assert.equal(jsonDepth({ a: [{}] }), 3);
  assert.equal(jsonDepth(nested(MAX_JSON_DEPTH)), MAX_JSON_DEPTH);
  assert.equal(jsonDepth(nested(100_000)), MAX_JSON_DEPTH + 1);
  const big = nested(100);
  assert.equal(jsonDepth(big), 100);
  // A new object holding the measured one: only the new level is walked.
  assert.equal(jsonDepth({ big, other: { big } }), 102);
});

test('the refusal names the value, the limit and the place, in English and Chinese', () => {
  const r = checkJsonValue({ a: nested(200) });
  assert.ok(!r.ok);
  assert.equal(jsonLimitText('Output', r, 'en'), 'Output nests more than 128 levels deep (at $.a[0][0][0][0]…[0][0]); the engine accepts JSON values nested at most 128 levels.');
  assert.match(jsonLimitText('Output', r, 'zh-cn'), /^Output的嵌套超过 128 层/);
});

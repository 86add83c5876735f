/** Texts and sizes computed without re-serialising large values must equal JSON.stringify's. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonBytes, jsonText, surelyWithin } from '../../engine/history/json-text';

const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `näme "${i}"` }));
const cases: unknown[] = [
  {},
  [],
  { items, item: items[3], index: 3 },
  { input: { items, item: 5, skip: undefined, 'k"ey': 'ü' }, local: {} },
  [items, undefined, 1, 'x'],
  { nested: { deeper: { items } } },
  // Boxed primitives have no members, yet JSON writes their value (not `{}`).
  Object(5),
  Object(false),
  { boxed: Object(5), items },
  [Object('x'), items],
  new Map([[1, 2]]),
];

test('jsonText and jsonBytes agree with JSON.stringify, large members included', () => {
  for (const v of cases) {
    const text = JSON.stringify(v);
    assert.equal(jsonText(v), text);
    assert.equal(jsonBytes(v), Buffer.byteLength(text));
    // A second time (remembered texts and sizes of the large members are reused).
    assert.equal(jsonBytes(v), Buffer.byteLength(text));
  }
});

test('surelyWithin never answers true for a value whose JSON is over the limit', () => {
  const values: unknown[] = [
    ...cases,
    { item: 5 },
    { Body: { paid: true } },
    { s: '\u0001\u001f"\\', e: 'ü😀', lone: '\ud800', n: -1.7976931348623157e308, small: 5e-324, big: 123456789012345680000 },
    [null, true, false, 'x', [1, [2, [3]]], { a: undefined }],
    { long: 'x'.repeat(20_000) },
  ];
  for (const v of values) {
    const bytes = Buffer.byteLength(JSON.stringify(v) ?? 'null');
    assert.equal(surelyWithin(v, bytes - 1), false, JSON.stringify(v)?.slice(0, 80));
  }
  // What it is for: a state's few small members are known to fit without building their text.
  assert.equal(surelyWithin({ item: 5, Body: { paid: true, id: 'order-1' } }, 65_536), true);
  // Unsure is false: the caller measures (a value past the walk's budget, one with a toJSON).
  assert.equal(surelyWithin({ items }, 65_536), false);
  assert.equal(surelyWithin({ at: new Date(0) }, 65_536), false);
});

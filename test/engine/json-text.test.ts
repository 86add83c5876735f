/** Texts and sizes computed without re-serialising large values must equal JSON.stringify's. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonBytes, jsonText } from '../../engine/history/json-text';

const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `näme "${i}"` }));
const cases: unknown[] = [
  {},
  [],
  { items, item: items[3], index: 3 },
  { input: { items, item: 5, skip: undefined, 'k"ey': 'ü' }, local: {} },
  [items, undefined, 1, 'x'],
  { nested: { deeper: { items } } },
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

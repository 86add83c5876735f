import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readLine } from '../../../fdl/navigation/yaml-lines';

test('keys, dashes and values of a line as an editor sees them', () => {
  const l = readLine('  - - name: "a b" # note', 0);
  assert.deepEqual(l.dashes, [2, 4]);
  assert.equal(l.key, 'name');
  assert.equal(l.keyColumn, 6);
  assert.equal(l.value, '"a b"');
  assert.equal(readLine('    "quoted: key": 1', 0).key, 'quoted: key');
  assert.equal(readLine("    'it''s': 1", 0).key, "it''s");
  assert.equal(readLine('    url: http://x:80/a', 0).key, 'url');
  assert.equal(readLine('    condition: $.a==$.b', 0).value, '$.a==$.b');
});

test('no key: plain scalars, comments, colons without a space, indicators', () => {
  assert.equal(readLine('    pat', 0).key, undefined);
  assert.equal(readLine('    # a: b', 0).key, undefined);
  assert.equal(readLine('    a:b', 0).key, undefined);
  assert.equal(readLine('    x # c: d', 0).key, undefined);
  assert.equal(readLine('    {% for x in y %}', 0).key, undefined);
});

test('a megabyte-long line is read in linear time', () => {
  const t = performance.now();
  readLine('a' + ' '.repeat(1_000_000) + 'b', 0);
  readLine('"' + 'x'.repeat(1_000_000), 0);
  assert.ok(performance.now() - t < 500);
});

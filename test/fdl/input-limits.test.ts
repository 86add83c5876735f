import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../fdl/index';
import { MAX_NESTING } from '../../fdl/input-limits';

test('parseFlow refuses a too-deep document with one located error and an empty flow', () => {
  const text = 'x: ' + '['.repeat(1000);
  const { parsed, diagnostics } = analyze(text, { locale: 'zh-cn' });
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.span.start]),
    [['document-too-deep', 3 + MAX_NESTING - 1]],
  );
  assert.match(diagnostics[0].message, /嵌套/);
  assert.equal(parsed.steps.length, 0);
  // Positions still convert over the real text.
  assert.equal(parsed.lines.positionAt(text.length).character, text.length);
});

test('parseFlow refuses a document over the size limit', () => {
  assert.deepEqual(
    analyze('a'.repeat(2_000_001)).diagnostics.map((d) => d.code),
    ['document-too-large'],
  );
});

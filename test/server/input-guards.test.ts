import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkInputLimits, MAX_NESTING, tooDeepAt } from '../../server/input-guards';

test('published flows are far from the nesting limit', () => {
  const dir = join(__dirname, '..', 'fixtures', 'real-flows');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.flow.yaml'))) {
    assert.equal(tooDeepAt(readFileSync(join(dir, f), 'utf8'), 40), undefined, f);
  }
});

test('flow brackets, block indentation and inline dashes all count as levels', () => {
  // The line itself is one level, so the 200th bracket is the 201st level.
  assert.equal(tooDeepAt('['.repeat(MAX_NESTING + 1), MAX_NESTING), MAX_NESTING - 1);
  assert.equal(tooDeepAt('['.repeat(MAX_NESTING - 1) + ']'.repeat(MAX_NESTING - 1), MAX_NESTING), undefined);
  let block = '';
  for (let i = 0; i < MAX_NESTING + 5; i++) block += ' '.repeat(i) + 'k:\n';
  assert.notEqual(tooDeepAt(block, MAX_NESTING), undefined);
  assert.notEqual(tooDeepAt('- '.repeat(MAX_NESTING + 5) + 'x', MAX_NESTING), undefined);
});

test('brackets inside quotes and comments do not count', () => {
  const text = `a: "${'['.repeat(500)}"\nb: '${'{'.repeat(500)}'\n# ${'['.repeat(500)}\nc: x # ${'['.repeat(500)}\n`;
  assert.equal(tooDeepAt(text, MAX_NESTING), undefined);
});

test('the refusal is located and worded in both languages', () => {
  const d = checkInputLimits('x: ' + '['.repeat(1000), 'zh-cn');
  assert.equal(d?.code, 'document-too-deep');
  assert.equal(d?.span.start, 3 + MAX_NESTING - 1);
  assert.match(d!.message, /嵌套/);
  assert.equal(checkInputLimits('a'.repeat(2_000_001), 'en')?.code, 'document-too-large');
});

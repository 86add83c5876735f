/**
 * Expand Selection's spans (fdl/navigation/selection-spans.ts) on a classic flow: from a value out to
 * its entry, step, list item (with its `-`), `steps`, the document; each span holds the one before;
 * a flow collection's items are steps of their own; a deeply nested text does not exhaust the stack.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectionSpans } from '../../../fdl/navigation/selection-spans';
import { parseFlow } from '../../../fdl/parse';

const flow = `version: v1
type: flow
steps:
  - type: task
    name: Charge
    catch:
      - errors: [FC.Timeout, Declined]
        goto: Failed
  - type: fail
    name: Failed
`;

function spansAt(text: string, needle: string, delta = 0): string[] {
  const spans = selectionSpans(parseFlow(text).tree, text, text.indexOf(needle) + delta);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].start <= spans[i - 1].start && spans[i].end >= spans[i - 1].end, 'each span holds the one before');
  return spans.map((s) => text.slice(s.start, s.end));
}

test('from a goto target out to the document', () => {
  const texts = spansAt(flow, 'goto: Failed', 7);
  assert.deepEqual(texts.slice(0, 2), ['Failed', 'goto: Failed']);
  assert.equal(texts[2], 'errors: [FC.Timeout, Declined]\n        goto: Failed');
  assert.equal(texts[3], '- errors: [FC.Timeout, Declined]\n        goto: Failed');
  // The one-item `catch` list is the same text as its item: one step, not two.
  assert.ok(texts[4].startsWith('catch:'));
  assert.ok(texts.includes('- type: task\n    name: Charge\n    catch:\n      - errors: [FC.Timeout, Declined]\n        goto: Failed'));
  assert.equal(texts.at(-1), flow.trimEnd());
});

test('an item of a flow sequence, then the sequence', () => {
  const texts = spansAt(flow, 'Declined');
  assert.deepEqual(texts.slice(0, 3), ['Declined', '[FC.Timeout, Declined]', 'errors: [FC.Timeout, Declined]']);
});

test('a key selects the key first', () => {
  assert.deepEqual(spansAt(flow, 'name: Failed', 1).slice(0, 2), ['name', 'name: Failed']);
});

test('a deeply nested document does not exhaust the stack', () => {
  const depth = 150;
  const text = `a:\n${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} x\n`;
  const spans = selectionSpans(parseFlow(text).tree, text, text.indexOf(' x') + 1);
  assert.ok(spans.length > depth);
});

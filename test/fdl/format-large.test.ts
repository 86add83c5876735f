/**
 * Formatting large flows (fdl/format.ts): a flow of thousands of aliases formats in one walk of
 * its document, not one walk per alias (`yaml`'s Alias.resolve walks the whole document each time:
 * 4,000 aliases took minutes), and a megabyte flow comes back with its value, aliases and comments.
 * The work is counted, not timed: the whole-document walks `yaml` makes while formatting.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Alias, parse } from 'yaml';
import { formatFlowText } from '../../fdl/format';

/**
 * A classic flow of `n` pass steps, each but the first reusing the first's mappings through an
 * alias, written unformatted (items flush with `steps:`, three spaces before comments), or
 * formatted (items indented under `steps:`, one space before comments).
 */
function aliasedFlow(n: number, formatted = false): string {
  const item = formatted ? '  ' : '';
  const gap = formatted ? ' ' : '   ';
  let s = `version: v1\ntype: flow\nsteps:\n${item}- type: pass${gap}# the first\n${item}  name: s0\n${item}  inputMappings: &m\n${item}  ${item}- target: a\n${item}  ${item}  source: $input.a\n`;
  for (let i = 1; i < n; i++) s += `${item}- type: pass\n${item}  name: s${i}${gap}# step ${i}\n${item}  inputMappings: *m\n`;
  return s;
}

/** Formats `text`, counting the whole-document walks `yaml` makes to resolve aliases. */
function formatCounting(text: string): { result: ReturnType<typeof formatFlowText>; walks: number } {
  const resolve = Alias.prototype.resolve;
  let walks = 0;
  Alias.prototype.resolve = function (this: Alias, ...args: Parameters<Alias['resolve']>) {
    walks++;
    return resolve.apply(this, args);
  };
  try {
    return { result: formatFlowText(text, 'en'), walks };
  } finally {
    Alias.prototype.resolve = resolve;
  }
}

const comments = (t: string) => (t.match(/#.*$/gm) ?? []).map((c) => c.trim());

test('the whole-document walks do not grow with the number of aliases (one walk per alias before)', () => {
  const small = formatCounting(aliasedFlow(10));
  const large = formatCounting(aliasedFlow(4_000));
  assert.ok(small.result.ok && large.result.ok);
  assert.equal(large.walks, small.walks, `${small.walks} walks for 9 aliases, ${large.walks} for 3,999`);
});

test('a 1.5 MB flow of 25,000 aliases formats to exactly its formatted form, aliases and comments in place', () => {
  const text = aliasedFlow(25_000);
  assert.ok(text.length > 1_500_000 && text.length < 2_000_000, `${text.length}`);
  const { result } = formatCounting(text);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  assert.equal(result.text, aliasedFlow(25_000, true));
  assert.deepEqual(comments(result.text), comments(text));
  const again = formatFlowText(result.text, 'en');
  assert.ok(again.ok && again.text === result.text, 'formatting the result changes nothing');
});

test('the formatted form the large test expects is what formatting gives, value and all, on a small flow', () => {
  const text = aliasedFlow(50);
  const result = formatFlowText(text, 'en');
  assert.ok(result.ok);
  assert.equal(result.text, aliasedFlow(50, true));
  assert.deepEqual(parse(result.text), parse(text));
});

test('an alias before its anchor, or of a collection used as a key, is still refused after the single walk', () => {
  const early = formatFlowText('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: *later\n  - type: pass\n    name: &later b\n', 'en');
  assert.deepEqual(early, { ok: false, reason: 'The flow was not formatted: it has YAML syntax errors (the first on line 5). Fix them and format again.' });
  // An anchor set again later: an alias takes the last one set before it (a scalar here), so the key is no collection.
  assert.equal(formatFlowText('a: &k {x: 1}\nb: &k y\n*k : z\n', 'en').ok, true);
  assert.match((formatFlowText('a: &k y\nb: &k {x: 1}\n*k : z\n', 'en') as { reason: string }).reason, /collections as mapping keys/);
});

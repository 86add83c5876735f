/**
 * fdl/format.ts over every published flow we hold (classic and StateMachine) and the examples:
 * formatting never changes a flow's value, keeps every comment in order, and is idempotent.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { formatFlowText } from '../../fdl/format';

const root = join(__dirname, '..', '..');
const dirs = ['test/fixtures/real-flows', 'test/fixtures/cloudflow', 'examples/flows'];
const files = dirs.flatMap((d) =>
  readdirSync(join(root, d))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(root, d, f)),
);
const comments = (t: string) => (t.match(/#.*$/gm) ?? []).map((c) => c.trim());
const value = (t: string) => parse(t, { logLevel: 'silent' }) as unknown;

test('formatting keeps the value and every comment of each published flow, and formats its own output to itself', () => {
  let formatted = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const r = formatFlowText(text, 'en');
    if (!r.ok) {
      // Only a text `yaml` cannot read is refused (a template with Jinja markup in the corpus).
      assert.match(r.reason, /syntax errors/, file);
      continue;
    }
    formatted++;
    assert.deepEqual(value(r.text), value(text), file);
    assert.deepEqual(comments(r.text), comments(text), file);
    const again = formatFlowText(r.text, 'en');
    assert.ok(again.ok && again.text === r.text, file);
  }
  assert.ok(formatted >= files.length - 1, `${formatted} of ${files.length}`);
});

test('the indentation follows the tab size', () => {
  const r = formatFlowText('version: v1\ntype: flow\nsteps:\n- type: pass\n  name: a\n', 'en', { indent: 4 });
  assert.deepEqual(r, { ok: true, text: 'version: v1\ntype: flow\nsteps:\n    - type: pass\n      name: a\n' });
});

test('texts formatting cannot write back are refused saying why, never a throw: an alias of no anchor, a collection as a key, a !!binary scalar, past the input limits', () => {
  const refused = (text: string, locale: 'en' | 'zh-cn' = 'en') => {
    const r = formatFlowText(text, locale);
    assert.equal(r.ok, false, text.slice(0, 60));
    return (r as { reason: string }).reason;
  };
  assert.equal(
    refused('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: *nowhere\n'),
    'The flow was not formatted: it has YAML syntax errors (the first on line 5). Fix them and format again.',
  );
  assert.match(refused('version: v1\nsteps:\n  - ? [a, [b]]\n    : c\n'), /^The flow was not formatted: This document uses collections as mapping keys/);
  assert.match(refused('version: v1\nsteps:\n  - &k {a: 1}\n  - *k : x\n'), /^The flow was not formatted: This document uses collections as mapping keys/);
  assert.match(refused('steps: ' + '['.repeat(10_000) + ']'.repeat(10_000)), /^The flow was not formatted: This document nests collections more than 200 levels deep/);
  assert.match(refused('steps: ' + '['.repeat(10_000) + ']'.repeat(10_000), 'zh-cn'), /^未格式化此流程：/);
  assert.match(refused('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: !!binary aGVsbG8=\n'), /^The flow was not formatted: /);
  assert.match(refused('version: v1\n# ' + 'x'.repeat(2_000_001)), /^The flow was not formatted: This document is larger than 2000000 characters/);
});

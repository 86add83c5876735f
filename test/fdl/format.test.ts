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

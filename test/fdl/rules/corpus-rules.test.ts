/**
 * The semantic rules over the published flows in test/fixtures/real-flows: every file INDEX.md
 * does not call FRAGMENT / INVALID / not YAML gets no error from a rule, and the only warnings
 * are deploy-time placeholders (`{region}`, `<name>`, `${x}`) that really are there; `!Ref`-style
 * references get one information finding per file (`deploy-tag-references`).
 * Below warnings, the only finding allowed is `choice-without-default` (information), and only
 * on a choice that really has no default (published flows often omit it).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../fdl/index';
import { RULE_CODES } from '../../../fdl/rules/index';

const corpus = join(__dirname, '..', '..', 'fixtures', 'real-flows');
const index = readFileSync(join(corpus, 'INDEX.md'), 'utf8');
const negative = new Set(
  index
    .split('\n')
    .filter((row) => row.startsWith('| `'))
    .map((row) => row.split('|'))
    .filter((cells) => /FRAGMENT|INVALID|NOT parseable|not YAML/.test(cells[6] ?? ''))
    .map((cells) => cells[1].trim().replace(/`/g, '')),
);
const codes = new Set<string>(RULE_CODES);
const valid = readdirSync(corpus).filter((f) => f.endsWith('.flow.yaml') && !negative.has(f));

test('the corpus has valid flows to judge', () => {
  assert.ok(valid.length >= 50, `${valid.length} valid flows`);
});

for (const file of valid) {
  test(`${file}: no rule errors, warnings only for real placeholders`, () => {
    const text = readFileSync(join(corpus, file), 'utf8');
    for (const locale of ['en', 'zh-cn'] as const) {
      const { parsed, diagnostics } = analyze(text, { locale });
      const mine = diagnostics.filter((d) => codes.has(d.code));
      const shown = mine.map((d) => `${d.code} at ${parsed.lines.positionAt(d.span.start).line + 1}: ${d.message}`).join('\n');
      assert.deepEqual(
        mine.filter((d) => d.severity === 'error'),
        [],
        shown,
      );
      for (const d of mine) {
        if (d.code === 'choice-without-default') {
          assert.equal(d.severity, 'information', shown);
          const choice = parsed.steps.find((s) => s.type === 'choice' && s.span.start <= d.span.start && d.span.end <= s.span.end && s.name === d.data?.choice);
          assert.ok(choice && choice.type === 'choice' && !choice.default, `choice-without-default on a choice with a default: ${shown}`);
          continue;
        }
        const written = text.slice(d.span.start, d.span.end);
        const tagged = /!\w+\s*$/.test(text.slice(Math.max(0, d.span.start - 20), d.span.start));
        if (d.code === 'deploy-tag-references') {
          // A template's `!Ref` values: one finding for the whole file, on a value that carries a tag.
          assert.equal(d.severity, 'information', shown);
          assert.ok(tagged, `deploy-tag-references on untagged \`${written}\``);
          assert.equal(mine.filter((x) => x.code === d.code).length, 1, shown);
          continue;
        }
        assert.equal(d.code, 'resource-arn-placeholder', shown);
        assert.ok(!tagged, `a tagged value gets a placeholder warning of its own: ${shown}`);
        assert.ok(/[{<]|\$\{|\*\*/.test(written), `placeholder warning on \`${written}\``);
      }
    }
  });
}

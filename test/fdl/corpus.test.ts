/**
 * The published flows in test/fixtures/real-flows, judged by the full analysis (YAML, schema and
 * every semantic rule): the valid ones (INDEX.md: valid v1 / v1beta1, deploy-time tags and
 * placeholders, `action:` tasks) get no error; the negative ones get the codes listed in
 * corpus-expected.json.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../fdl/index';

const corpus = join(__dirname, '..', 'fixtures', 'real-flows');
const expected = JSON.parse(readFileSync(join(__dirname, 'corpus-expected.json'), 'utf8')) as {
  negative: Record<string, { why: string; errors: string[] }>;
};
const files = readdirSync(corpus).filter((f) => f.endsWith('.flow.yaml'));

test('corpus-expected.json lists exactly the files INDEX.md calls FRAGMENT, INVALID or not YAML', () => {
  const index = readFileSync(join(corpus, 'INDEX.md'), 'utf8');
  const negativeInIndex = index
    .split('\n')
    .filter((row) => row.startsWith('| `'))
    .map((row) => row.split('|'))
    .filter((cells) => /FRAGMENT|INVALID|NOT parseable|not YAML/.test(cells[6] ?? ''))
    .map((cells) => cells[1].trim().replace(/`/g, ''));
  assert.deepEqual(Object.keys(expected.negative).sort(), negativeInIndex.sort());
  for (const f of negativeInIndex) assert.ok(files.includes(f), `${f} is in the corpus folder`);
});

for (const file of files) {
  const negative = expected.negative[file];
  test(negative ? `${file} is rejected (${negative.why})` : `${file} has no errors`, () => {
    const text = readFileSync(join(corpus, file), 'utf8');
    const { parsed, diagnostics } = analyze(text);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const shown = errors.map((d) => `${d.code} at ${parsed.lines.positionAt(d.span.start).line + 1}: ${d.message}`).join('\n');
    if (!negative) {
      assert.equal(errors.length, 0, `${file}:\n${shown}`);
      return;
    }
    for (const code of negative.errors)
      assert.ok(
        errors.some((d) => d.code === code),
        `${file} should get ${code}; got:\n${shown}`,
      );
  });
}

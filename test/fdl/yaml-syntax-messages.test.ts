/**
 * YAML syntax findings speak our words, not the `yaml` library's: each fixture in yaml-syntax/ is a
 * broken flow with `*.expected.json` beside it listing every YAML finding (code, severity, 1-based
 * line and column, the whole message in English and in Simplified Chinese). The table
 * (fdl/yaml/syntax-errors.ts) covers every code the library can emit, and its codes are ours.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../fdl/index';
import { UNKNOWN_YAML_ERROR_CODE, YAML_ERRORS, YAML_SYNTAX_CODES, yamlSyntaxDiagnostic, yamlSyntaxMessage } from '../../fdl/yaml/syntax-errors';
import { localize } from '../../fdl/messages';

interface Expected {
  diagnostics: { code: string; severity: string; line: number; column: number; message: { en: string; 'zh-cn': string } }[];
}

const DIR = join(__dirname, 'yaml-syntax');
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.flow.yaml'));

for (const file of fixtures) {
  for (const locale of ['en', 'zh-cn'] as const) {
    test(`YAML findings of ${file} in ${locale}`, () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const expected = JSON.parse(readFileSync(join(DIR, file.replace(/\.flow\.yaml$/, '.expected.json')), 'utf8')) as Expected;
      const { parsed, diagnostics } = analyze(text, { locale });
      const actual = diagnostics
        .filter((d) => d.code.startsWith('yaml-'))
        .map((d) => {
          const p = parsed.lines.positionAt(d.span.start);
          return { code: d.code, severity: d.severity, line: p.line + 1, column: p.character + 1, message: d.message };
        });
      assert.deepEqual(
        actual,
        expected.diagnostics.map((e) => ({ ...e, message: e.message[locale] })),
      );
    });
  }
}

test('every fixture has a finding, and together they cover the common library codes', () => {
  const seen = new Set<string>();
  for (const f of fixtures) {
    const expected = JSON.parse(readFileSync(join(DIR, f.replace(/\.flow\.yaml$/, '.expected.json')), 'utf8')) as Expected;
    assert.ok(expected.diagnostics.length > 0, f);
    for (const d of expected.diagnostics) seen.add(d.code);
  }
  for (const c of [
    'yaml-bad-indent',
    'yaml-block-as-implicit-key',
    'yaml-duplicate-key',
    'yaml-missing-char',
    'yaml-multiline-implicit-key',
    'yaml-tab-as-indent',
    'yaml-unexpected-token',
    'yaml-bad-scalar-start',
  ]) {
    assert.ok(seen.has(c), `a fixture shows ${c}`);
  }
});

test('Simplified Chinese syntax messages carry no English sentence from the library', () => {
  for (const f of fixtures) {
    const { diagnostics } = analyze(readFileSync(join(DIR, f), 'utf8'), { locale: 'zh-cn' });
    for (const d of diagnostics.filter((x) => x.code.startsWith('yaml-'))) {
      const outsideCode = d.message.replace(/`[^`]*`/g, '');
      assert.match(outsideCode, /^YAML 语法错误：/, d.message);
      assert.doesNotMatch(outsideCode, /[A-Za-z]{3,} [A-Za-z]{2,}/, `English left in: ${d.message}`);
    }
  }
});

test('the published codes are ours: fixed names, one per library code, unknown library codes fall back', () => {
  // A `yaml` upgrade cannot rename these: they are written out in the table.
  assert.deepEqual(
    Object.fromEntries(Object.entries(YAML_ERRORS).map(([k, v]) => [k, v.code])),
    Object.fromEntries(Object.keys(YAML_ERRORS).map((k) => [k, `yaml-${k.toLowerCase().replace(/_/g, '-')}`])),
  );
  assert.equal(new Set(Object.values(YAML_ERRORS).map((e) => e.code)).size, Object.keys(YAML_ERRORS).length);
  assert.ok(YAML_SYNTAX_CODES.includes(UNKNOWN_YAML_ERROR_CODE));
  const d = yamlSyntaxDiagnostic({ code: 'SOMETHING_NEW', message: 'Something new went wrong', pos: [3, 3] }, 'error', 'en');
  assert.equal(d.code, 'yaml-syntax-error');
  assert.deepEqual(d.span, { start: 3, end: 4 });
  assert.match(d.message, /Something new went wrong/);
});

test('the library text stays as a detail only where it names something', () => {
  // An unexpected token names the token: kept.
  assert.match(yamlSyntaxMessage('UNEXPECTED_TOKEN', 'Unexpected block-scalar token', 'zh-cn'), /Unexpected block-scalar token/);
  // A duplicate key says nothing the wording does not: dropped.
  assert.doesNotMatch(yamlSyntaxMessage('DUPLICATE_KEY', 'Map keys must be unique', 'en'), /must be unique/);
  // A known variant is said in our words, with its specifics.
  assert.equal(
    yamlSyntaxMessage('BAD_DQ_ESCAPE', 'Invalid escape sequence \\q', 'en'),
    'YAML syntax error: `\\q` is not an escape sequence in a double-quoted value. Write `\\\\` for a backslash, or use single quotes.',
  );
});

test('every wording says what to do, in both languages', () => {
  for (const [code, entry] of Object.entries(YAML_ERRORS)) {
    for (const text of [entry.text, ...(entry.variants ?? []).map((v) => v.text)]) {
      // At least two sentences: what is wrong, then what to do.
      assert.ok(localize(text, 'en').split(/\. /).length >= 2, `${code}: ${localize(text, 'en')}`);
      assert.ok(localize(text, 'zh-cn').split('。').filter(Boolean).length >= 2, `${code}: ${localize(text, 'zh-cn')}`);
    }
  }
});

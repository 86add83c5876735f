/**
 * Schema fixtures: each `fixtures/*.flow.yaml` has `*.expected.json` beside it listing the
 * schema findings (code, severity, 1-based line and column, a message substring), in order.
 * Only schema codes are compared, so semantic rules added elsewhere do not change these pins.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze, type FdlDiagnostic } from '../../../fdl/index';

const dir = join(__dirname, 'fixtures');

interface Expected {
  locale?: 'en' | 'zh-cn';
  diagnostics: { code: string; severity: string; line: number; column: number; message: string; replacement?: string }[];
}

export function isSchemaFinding(d: FdlDiagnostic): boolean {
  return d.code.startsWith('schema-') || d.code === 'fdl-version-v1beta1';
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.flow.yaml'))) {
  test(`schema findings of ${file}`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const expected = JSON.parse(readFileSync(join(dir, file.replace(/\.flow\.yaml$/, '.expected.json')), 'utf8')) as Expected;
    const { parsed, diagnostics } = analyze(text, { locale: expected.locale ?? 'en' });
    const actual = diagnostics.filter(isSchemaFinding).map((d) => {
      const p = parsed.lines.positionAt(d.span.start);
      return { d, line: p.line + 1, column: p.character + 1 };
    });
    const describe = actual.map((a) => `${a.d.code} ${a.line}:${a.column} ${a.d.message}`).join('\n');
    assert.equal(actual.length, expected.diagnostics.length, `findings of ${file}:\n${describe}`);
    expected.diagnostics.forEach((e, i) => {
      const a = actual[i];
      assert.equal(a.d.code, e.code, `#${i} code\n${describe}`);
      assert.equal(a.d.severity, e.severity, `#${i} severity`);
      assert.deepEqual([a.line, a.column], [e.line, e.column], `#${i} position of ${e.code}`);
      assert.ok(a.d.message.includes(e.message), `#${i} message "${a.d.message}" should contain "${e.message}"`);
      if (e.replacement !== undefined) assert.equal(a.d.data?.replacement, e.replacement, `#${i} quick-fix replacement`);
    });
  });
}

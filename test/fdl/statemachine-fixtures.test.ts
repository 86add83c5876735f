/**
 * StateMachine flows (`Type: StateMachine`) through the language core's analysis (`analyze`, the
 * entry the server, the CLI and the engine share):
 * - every valid public example in test/fixtures/cloudflow/ gets no error and no warning;
 * - each flow in test/fixtures/cloudflow/invalid/ and dialect/ (every rule code has one) gets exactly the findings listed in
 *   the `.expected.json` beside it (code, severity, 1-based line and column, a piece of the English
 *   message), in document order, and each of them speaks Simplified Chinese too.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../fdl/index';
import { stateMachineRuleCodes } from '../../fdl/cloudflow/analyze-statemachine';

const fixtures = join(__dirname, '..', 'fixtures', 'cloudflow');
const yamlIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.yaml'));

interface Expected {
  code: string;
  severity: string;
  line: number;
  column: number;
  message: string;
}

test('every valid StateMachine example gets no error and no warning', () => {
  const files = yamlIn(fixtures);
  assert.ok(files.length >= 11, `expected the 11 example flows, found ${files.length}`);
  for (const f of files) {
    const { parsed, diagnostics } = analyze(readFileSync(join(fixtures, f), 'utf8'));
    assert.equal(parsed.dialect, 'statemachine', f);
    const shown = diagnostics.map((d) => `${d.severity} ${d.code} @${parsed.lines.positionAt(d.span.start).line + 1}: ${d.message}`);
    assert.deepEqual(shown, [], f);
  }
});

for (const dir of ['dialect', 'invalid']) {
  for (const f of yamlIn(join(fixtures, dir))) {
    const file = join(fixtures, dir, f);
    const expectedFile = file.replace(/\.yaml$/, '.expected.json');
    test(`findings of ${dir}/${f}`, () => {
      assert.ok(existsSync(expectedFile), `${dir}/${f} needs its expected findings beside it`);
      const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected[];
      const text = readFileSync(file, 'utf8');
      const { parsed, diagnostics } = analyze(text);
      const actual = diagnostics.map((d) => {
        const p = parsed.lines.positionAt(d.span.start);
        return { d, line: p.line + 1, column: p.character + 1 };
      });
      const describe = actual.map((a) => `${a.d.severity} ${a.d.code} ${a.line}:${a.column} ${a.d.message}`).join('\n');
      assert.equal(actual.length, expected.length, `findings of ${f}:\n${describe}`);
      expected.forEach((e, i) => {
        const a = actual[i];
        assert.deepEqual([a.d.code, a.d.severity, a.line, a.column], [e.code, e.severity, e.line, e.column], `#${i}\n${describe}`);
        assert.ok(a.d.message.includes(e.message), `#${i} "${a.d.message}" should contain "${e.message}"`);
        assert.ok(a.d.span.end > a.d.span.start, `#${i} ${e.code} has a non-empty range`);
      });
      for (const d of analyze(text, { locale: 'zh-cn' }).diagnostics) {
        assert.match(d.message, /[\u4e00-\u9fff]/, `${d.code}: ${d.message}`);
        assert.doesNotMatch(d.message, /\{\d\}/, `${d.code}: ${d.message}`);
      }
    });
  }
}

test('every StateMachine rule code has a fixture that shows it', () => {
  const shown = new Set<string>();
  for (const dir of ['dialect', 'invalid']) {
    for (const f of readdirSync(join(fixtures, dir)).filter((x) => x.endsWith('.expected.json'))) {
      for (const e of JSON.parse(readFileSync(join(fixtures, dir, f), 'utf8')) as Expected[]) shown.add(e.code);
    }
  }
  assert.deepEqual(
    stateMachineRuleCodes().filter((c) => !shown.has(c)),
    [],
  );
});

test('no text cut from the examples makes a StateMachine check fail', () => {
  // Every prefix (as while typing) and every text with one line removed, of every example.
  for (const f of [...yamlIn(fixtures), ...yamlIn(join(fixtures, 'invalid')).map((x) => join('invalid', x))]) {
    const text = readFileSync(join(fixtures, f), 'utf8');
    const lines = text.split('\n');
    const variants = [
      ...Array.from({ length: Math.ceil(text.length / 17) }, (_, i) => text.slice(0, i * 17)),
      ...lines.map((_, i) => [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n')),
    ];
    for (const v of variants) {
      const failed = analyze(v).diagnostics.filter((d) => d.code === 'internal-check-failed');
      assert.deepEqual(
        failed.map((d) => d.message),
        [],
        `${f}:\n${v}`,
      );
    }
  }
});

test('an unreachable state is faded, so the editor shows it never runs', () => {
  const { diagnostics } = analyze(readFileSync(join(fixtures, 'invalid', 'transitions.yaml'), 'utf8'));
  const unreachable = diagnostics.filter((d) => d.code === 'sm-unreachable-state');
  assert.ok(unreachable.length === 1 && unreachable[0].unnecessary === true);
});

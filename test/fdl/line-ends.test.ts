/**
 * Line ends: YAML 1.2 takes CR LF, a lone CR (old Mac) and LF alike as a line break (`b-break`),
 * and so does every position we report. Each fixture in line-ends/ (classic, StateMachine, a YAML
 * syntax error) is read with its LF line ends, with CRLF, with lone CRs and with the three mixed,
 * and gives the same findings at the same line and column, the same steps and the same value, as
 * its `.expected.json` says. An edit that writes a lone CR reads as a full parse does. Formatting
 * a CR text writes it with LF, as formatting its LF twin does.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeParsed } from '../../fdl/analyze';
import { formatFlowText } from '../../fdl/format';
import { parseFlow, reparseFlow, type ParsedFlow } from '../../fdl/parse';
import { stateMachineOf } from '../../fdl/cloudflow/statemachine-model';

const dir = join(__dirname, 'line-ends');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.flow.yaml'));

const VARIANTS: Record<string, (lf: string) => string> = {
  CRLF: (t) => t.replace(/\n/g, '\r\n'),
  'lone CR': (t) => t.replace(/\n/g, '\r'),
  mixed: (t) => {
    let i = 0;
    return t.replace(/\n/g, () => ['\r', '\n', '\r\n'][i++ % 3]);
  },
};

function findings(p: ParsedFlow) {
  return analyzeParsed(p, { locale: 'en' }).map((d) => {
    const at = p.lines.rangeOf(d.span).start;
    return { code: d.code, severity: d.severity, line: at.line + 1, column: at.character + 1, message: d.message };
  });
}

function names(p: ParsedFlow): string[] {
  return p.dialect === 'statemachine' ? (stateMachineOf(p)?.states.map((s) => s.name) ?? []) : p.steps.map((s) => s.name);
}

test('there are fixtures of both dialects', () => {
  assert.deepEqual(fixtures.sort(), ['classic.flow.yaml', 'statemachine.flow.yaml', 'syntax-error.flow.yaml']);
});

for (const file of fixtures) {
  const lf = readFileSync(join(dir, file), 'utf8');
  const expected: unknown = JSON.parse(readFileSync(join(dir, file.replace('.flow.yaml', '.expected.json')), 'utf8'));
  for (const [variant, make] of Object.entries(VARIANTS)) {
    test(`${file} with ${variant} line ends: the same findings at the same lines and columns, the same steps and value`, () => {
      const text = make(lf);
      const p = parseFlow(text, 'en');
      const q = parseFlow(lf, 'en');
      assert.deepEqual(findings(p), expected);
      assert.deepEqual(findings(q), expected);
      assert.deepEqual(names(p), names(q));
      assert.deepEqual(p.value, q.value);
      assert.equal(p.text, text, 'the parse holds the text as given');
    });
  }
}

test('a lone CR inside a double-quoted value is a line break, folded to a space as LF is', () => {
  const lf = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: "a\n      b"\n';
  assert.deepEqual(parseFlow(lf.replace(/\n/g, '\r')).value, parseFlow(lf).value);
  assert.equal((parseFlow(lf.replace(/\n/g, '\r')).value as { steps: { name: string }[] }).steps[0].name, 'a b');
});

test('an edit that writes a lone CR reads as the full parse of the edited text', () => {
  const lf = readFileSync(join(dir, 'classic.flow.yaml'), 'utf8');
  const prev = parseFlow(lf, 'en');
  findings(prev);
  // The CR splits `name: nap` from a new `type: pass` line, which is then a duplicate key of that item.
  const edited = lf.replace('    name: nap\n', '    name: nap\r    type: pass\n');
  const reparsed = reparseFlow(prev, edited, 'en') ?? parseFlow(edited, 'en');
  assert.deepEqual(findings(reparsed), findings(parseFlow(edited, 'en')));
  assert.deepEqual(reparsed.value, parseFlow(edited, 'en').value);
  assert.ok(findings(reparsed).some((f) => f.code === 'yaml-duplicate-key' && f.line === 10));
});

test('formatting a lone-CR text gives what formatting its LF twin gives, and a syntax error is placed on the line its LF twin names', () => {
  const lf = readFileSync(join(dir, 'classic.flow.yaml'), 'utf8');
  assert.deepEqual(formatFlowText(lf.replace(/\n/g, '\r'), 'en'), formatFlowText(lf, 'en'));
  const broken = readFileSync(join(dir, 'syntax-error.flow.yaml'), 'utf8');
  const refused = formatFlowText(broken, 'en');
  assert.match(refused.ok ? '' : refused.reason, /^The flow was not formatted: it has YAML syntax errors \(the first on line \d+\)/);
  assert.deepEqual(formatFlowText(broken.replace(/\n/g, '\r'), 'en'), refused);
});

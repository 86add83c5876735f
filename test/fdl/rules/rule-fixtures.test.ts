/**
 * Rule fixtures: each `<rule>/*.flow.yaml` has `*.expected.json` beside it listing, in document
 * order, every finding of the semantic rules (code, severity, 1-based line and column, a message
 * substring in the fixture's locale). Schema findings are left to test/fdl/schema.
 * Every fixture is also run in Simplified Chinese: each rule finding must speak Chinese.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../fdl/index';
import { RULE_CODES } from '../../../fdl/rules/index';

interface Expected {
  locale?: 'en' | 'zh-cn';
  /** Analysis options the fixture is read with (the user's settings), e.g. `{ "deployTags": "placeholder" }`. */
  options?: { deployTags?: 'file-hint' | 'placeholder' };
  diagnostics: { code: string; severity: string; line: number; column: number; message: string }[];
}

const codes = new Set<string>(RULE_CODES);
const fixtures = readdirSync(__dirname)
  .filter((d) => statSync(join(__dirname, d)).isDirectory())
  .flatMap((d) =>
    readdirSync(join(__dirname, d))
      .filter((f) => f.endsWith('.flow.yaml'))
      .map((f) => join(d, f)),
  );

test('there is a fixture for every rule code', () => {
  const seen = new Set<string>();
  for (const f of fixtures) {
    const expected = JSON.parse(readFileSync(join(__dirname, f.replace(/\.flow\.yaml$/, '.expected.json')), 'utf8')) as Expected;
    for (const d of expected.diagnostics) seen.add(d.code);
  }
  assert.deepEqual(
    [...codes].filter((c) => !seen.has(c)),
    [],
  );
});

for (const file of fixtures) {
  test(`rule findings of ${file}`, () => {
    const text = readFileSync(join(__dirname, file), 'utf8');
    const expected = JSON.parse(readFileSync(join(__dirname, file.replace(/\.flow\.yaml$/, '.expected.json')), 'utf8')) as Expected;
    const { parsed, diagnostics } = analyze(text, { ...expected.options, locale: expected.locale ?? 'en' });
    const actual = diagnostics
      .filter((d) => codes.has(d.code))
      .map((d) => ({ d, ...parsed.lines.positionAt(d.span.start) }))
      .map((a) => ({ d: a.d, line: a.line + 1, column: a.character + 1 }));
    const describe = actual.map((a) => `${a.d.code} ${a.line}:${a.column} ${a.d.message}`).join('\n');
    assert.equal(actual.length, expected.diagnostics.length, `findings of ${file}:\n${describe}`);
    expected.diagnostics.forEach((e, i) => {
      const a = actual[i];
      assert.equal(a.d.code, e.code, `#${i} code\n${describe}`);
      assert.equal(a.d.severity, e.severity, `#${i} severity of ${e.code}`);
      assert.deepEqual([a.line, a.column], [e.line, e.column], `#${i} position of ${e.code}`);
      assert.ok(a.d.message.includes(e.message), `#${i} message "${a.d.message}" should contain "${e.message}"`);
      assert.ok(a.d.span.end > a.d.span.start, `#${i} ${e.code} has a non-empty range`);
    });
  });

  test(`rule findings of ${file} speak Simplified Chinese`, () => {
    const { diagnostics } = analyze(readFileSync(join(__dirname, file), 'utf8'), { locale: 'zh-CN' });
    for (const d of diagnostics.filter((x) => codes.has(x.code))) {
      assert.match(d.message, /[\u4e00-\u9fff]/, `${d.code}: ${d.message}`);
      assert.doesNotMatch(d.message, /\{\d\}/, `${d.code} leaves a template argument: ${d.message}`);
    }
  });
}

test('unreachable steps are marked unnecessary so editors fade them', () => {
  const { diagnostics } = analyze(readFileSync(join(__dirname, 'unreachable-step', 'after-terminal.flow.yaml'), 'utf8'));
  const unreachable = diagnostics.filter((d) => d.code === 'unreachable-step');
  assert.ok(unreachable.length > 0 && unreachable.every((d) => d.unnecessary === true));
});

test('quick-fix data: goto targets, StatefulAsyncInvocationID and the callback token', () => {
  const goto = analyze(readFileSync(join(__dirname, 'unknown-goto-target', 'choice-and-catch.flow.yaml'), 'utf8')).diagnostics.filter((d) => d.code === 'unknown-goto-target');
  assert.deepEqual(goto[0].data?.replacement, 'final');
  assert.equal(goto[0].data?.target, 'finall');
  assert.equal(goto[0].data?.scopeHint, '');
  assert.equal(goto[3].data?.scopeHint, 'each');
  assert.equal(goto[3].data?.outOfScope, true);
  const sp = analyze(readFileSync(join(__dirname, 'service-params', 'fc-and-mns.flow.yaml'), 'utf8')).diagnostics;
  assert.deepEqual(sp.find((d) => d.code === 'stateful-async-without-async')?.data?.insert, { key: 'InvocationType', value: 'Async' });
  assert.equal(sp.find((d) => d.code === 'invalid-invocation-type')?.data?.replacement, 'Async');
  const cb = analyze(readFileSync(join(__dirname, 'callback-token', 'wait-for-callback.flow.yaml'), 'utf8')).diagnostics;
  assert.deepEqual(cb.find((d) => d.code === 'callback-token-not-passed')?.data, { target: 'taskToken', source: '$context.task.token' });
});

/** Behaviour of the schema check beyond the fixtures: collapsing, odd input, and cost. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { analyze, parseFlow } from '../../../fdl/index';
import { checkSchema } from '../../../fdl/schema/check-schema';
import { validateFlowValue } from '../../../fdl/schema/schema-validator';

function schemaFindings(text: string, locale: 'en' | 'zh-cn' = 'en') {
  return analyze(text, { locale })
    .diagnostics.filter((d) => d.code.startsWith('schema-'))
    .map((d) => ({ code: d.code, at: text.slice(d.span.start, d.span.end), message: d.message, data: d.data }));
}

test('a step that is not a mapping gets one error, not one per step kind', () => {
  const found = schemaFindings('version: v1\ntype: flow\nsteps:\n  - just a string\n');
  assert.deepEqual(
    found.map((f) => [f.code, f.at]),
    [['schema-wrong-type', 'just a string']],
  );
  assert.match(found[0].message, /`steps\[0\]` must be a mapping/);
});

test('a misspelt required key is reported once, as the misspelling', () => {
  const found = schemaFindings('version: v1\ntype: flow\nsteps:\n  - type: pass\n    nme: x\n');
  assert.deepEqual(
    found.map((f) => [f.code, f.at, f.data?.replacement]),
    [['schema-unknown-property', 'nme', 'name']],
  );
});

test('resourceArn and action together are a conflict; neither is a missing key', () => {
  const both = schemaFindings('version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: acs:fnf:::flow/x\n    action: fnf:StartExecution\n');
  assert.deepEqual(
    both.map((f) => [f.code, f.at]),
    [['schema-conflicting-properties', 'action']],
  );
  const neither = schemaFindings('version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n', 'zh-cn');
  assert.deepEqual(
    neither.map((f) => [f.code, f.at]),
    [['schema-missing-property', 'type: task']],
  );
  assert.match(neither[0].message, /task 步骤需要 `resourceArn` 或 `action`/);
});

test('flow-style mappings and CRLF files are located on the offending key', () => {
  assert.deepEqual(
    schemaFindings('version: v1\ntype: flow\nsteps:\n  - {type: task, name: t, resourceArn: x, patern: sync}\n').map((f) => f.at),
    ['patern'],
  );
  const crlf = 'version: v1\r\ntype: flow\r\nsteps:\r\n  - type: wait\r\n    name: w\r\n    duraton: 3\r\n';
  const found = analyze(crlf).diagnostics.filter((d) => d.code.startsWith('schema-'));
  assert.equal(found.length, 1);
  assert.deepEqual(analyze(crlf).parsed.lines.positionAt(found[0].span.start), { line: 5, character: 4 });
});

test('a document that contains itself through aliases is reported, not looped over', () => {
  const found = schemaFindings('version: v1\ntype: flow\nsteps: &s\n  - type: parallel\n    name: p\n    branches:\n      - steps: *s\n');
  assert.deepEqual(
    found.map((f) => f.code),
    ['schema-recursive-document'],
  );
});

function bigFlow(steps: number, typo = false): string {
  const lines = ['version: v1', 'type: flow', 'steps:'];
  for (let i = 0; i < steps; i++) {
    lines.push('  - type: task', `    name: t${i}`, `    resourceArn: acs:fc:::services/s/functions/f${i}`, '    retry:', '      - errors: [FnF.ALL]');
    lines.push(typo ? '        maxAtempts: 3' : '        maxAttempts: 3', '    inputMappings:', '      - target: a', '        source: $input.a');
  }
  return lines.join('\n') + '\n';
}

function median(f: () => void, runs = 5): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

test('the schema check costs a small fraction of parsing, valid or full of typos', () => {
  const valid = bigFlow(1500);
  const typos = bigFlow(1500, true);
  const parse = median(() => parseDocument(valid).toJS());
  const parsedValid = parseFlow(valid);
  const parsedTypos = parseFlow(typos);
  const checkValid = median(() => checkSchema.run!({ parsed: parsedValid, locale: 'en', report() {} }));
  let reported = 0;
  const checkTypos = median(() => {
    reported = 0;
    checkSchema.run!({ parsed: parsedTypos, locale: 'en', report: () => reported++ });
  });
  assert.equal(validateFlowValue(parsedValid.value).length, 0);
  assert.equal(reported, 1500);
  // Generous bounds (shared CI machines): measured ~1% and ~7% of the parse time.
  assert.ok(checkValid < parse * 0.5, `valid: check ${checkValid.toFixed(1)} ms vs parse ${parse.toFixed(1)} ms`);
  assert.ok(checkTypos < parse * 1.0, `typos: check ${checkTypos.toFixed(1)} ms vs parse ${parse.toFixed(1)} ms`);
});

test('a number written where a name is expected still gets a suggestion', () => {
  const found = schemaFindings('version: 1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n');
  assert.deepEqual(
    found.map((f) => [f.code, f.at, f.data?.replacement]),
    [['schema-invalid-enum', '1', 'v1']],
  );
});

test("a value not in the schema's pattern is explained by its x-pattern-hint, translated through the bundle", () => {
  const text = 'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: w\n    duration: soon\n';
  const [en] = schemaFindings(text);
  const [zh] = schemaFindings(text, 'zh-cn');
  assert.equal(zh?.at, 'soon');
  assert.match(en.message, /write a number of seconds or a `\$\.x` reference to the step input/);
  assert.match(zh.message, /请写秒数，或引用步骤输入的 `\$\.x`/);
});

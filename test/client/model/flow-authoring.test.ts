/**
 * New Flow and Convert to CloudFlow StateMachine, the parts without vscode (client/model/flow-templates.ts,
 * client/model/convert-flow.ts):
 * - every template of both formats is a real flow that analyses with zero errors and zero warnings, in
 *   the format its folder names; a StateMachine template takes the new file's flow name as `Name`;
 * - converting a classic flow gives the StateMachine text (which itself analyses without errors), named
 *   for the file it goes to, and the converter's findings at their places in the original, in the
 *   editor's language; a StateMachine flow or a text with syntax errors is refused.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../fdl/analyze';
import { parseFlow } from '../../../fdl/parse';
import { convertedFlowPath, convertFlow } from '../../../client/model/convert-flow';
import { FLOW_FORMATS, FLOW_TEMPLATES, instantiateTemplate, templatePath } from '../../../client/model/flow-templates';

const ROOT = join(__dirname, '..', '..', '..');

test('every template is a flow of its format that analyses with no error and no warning', () => {
  for (const format of FLOW_FORMATS) {
    const files = readdirSync(join(ROOT, 'templates', format)).sort();
    assert.deepEqual(files, FLOW_TEMPLATES.map((t) => `${t}.flow.yaml`).sort(), `templates/${format}`);
    for (const template of FLOW_TEMPLATES) {
      const text = readFileSync(join(ROOT, templatePath(format, template)), 'utf8');
      const { parsed, diagnostics } = analyze(text);
      assert.equal(parsed.dialect, format, templatePath(format, template));
      assert.deepEqual(
        diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.code}: ${d.message}`),
        [],
        templatePath(format, template),
      );
    }
  }
});

test('a StateMachine template takes the flow name of the file it is saved as; a classic one is unchanged', () => {
  const sm = readFileSync(join(ROOT, templatePath('statemachine', 'approval')), 'utf8');
  const made = instantiateTemplate(sm, 'statemachine', '/ws/flows/leave request.flow.yaml');
  assert.match(made, /^Name: leave_request$/m);
  assert.equal(made.match(/^Name: /gm)?.length, 1);
  assert.deepEqual(
    analyze(made).diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  const classic = readFileSync(join(ROOT, templatePath('classic', 'batch')), 'utf8');
  assert.equal(instantiateTemplate(classic, 'classic', '/ws/x.flow.yaml'), classic);
});

test('a classic flow converts into a StateMachine file beside it, its findings located in the original', () => {
  const file = join(ROOT, 'test', 'fixtures', 'convert', 'choice.flow.yaml');
  const text = readFileSync(file, 'utf8');
  const expected = JSON.parse(readFileSync(file.replace(/\.flow\.yaml$/, '.findings.json'), 'utf8')) as { code: string; line: number }[];
  const r = convertFlow(file, text, 'en');
  assert.ok(r.ok);
  assert.equal(r.path, join(ROOT, 'test', 'fixtures', 'convert', 'choice-statemachine.flow.yaml'));
  assert.equal(r.text, readFileSync(file.replace(/\.flow\.yaml$/, '.expected.yaml'), 'utf8').replace(/^Name: .*$/m, 'Name: choice-statemachine'));
  assert.deepEqual(
    r.problems.map((p) => ({ code: p.code, line: p.range.start.line + 1 })),
    expected,
  );
  const converted = analyze(r.text);
  assert.equal(converted.parsed.dialect, 'statemachine');
  assert.deepEqual(
    converted.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  // In Chinese for a Chinese editor.
  const zh = convertFlow(file, text, 'zh-cn');
  assert.ok(zh.ok && zh.problems.every((p) => /[\u4e00-\u9fff]/.test(p.message)));
});

test('the example order approval converts, and what could not be carried over is listed on its lines', () => {
  const file = join(ROOT, 'examples', 'flows', 'order-approval.flow.yaml');
  const text = readFileSync(file, 'utf8');
  const r = convertFlow(file, text, 'en');
  assert.ok(r.ok);
  assert.match(r.text, /^Type: StateMachine\nName: order-approval-statemachine\n/);
  assert.ok(r.problems.length > 0);
  const lines = text.split('\n');
  for (const p of r.problems) assert.ok(p.range.start.line < lines.length && p.message.length > 0, p.code);
  assert.ok(r.problems.some((p) => p.code === 'flow-timeout' && lines[p.range.start.line].includes('timeoutSeconds')));
});

test('a StateMachine flow and a text with syntax errors are refused', () => {
  const sm = readFileSync(join(ROOT, 'examples', 'statemachine', 'flows', 'leave-approval.flow.yaml'), 'utf8');
  assert.deepEqual(convertFlow('/ws/a.flow.yaml', sm, 'en'), { ok: false, reason: 'not-classic' });
  assert.deepEqual(convertFlow('/ws/a.flow.yaml', 'version: v1\ntype: flow\nsteps: [\n', 'en'), { ok: false, reason: 'syntax', line: 3 });
  assert.equal(parseFlow(sm).dialect, 'statemachine');
});

test('the converted file is named for the original', () => {
  assert.equal(convertedFlowPath('/ws/flows/order.flow.yaml'), '/ws/flows/order-statemachine.flow.yaml');
  assert.equal(convertedFlowPath('/ws/flows/order.yml'), '/ws/flows/order-statemachine.flow.yaml');
});

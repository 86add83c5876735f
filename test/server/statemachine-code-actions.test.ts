/**
 * Quick fixes in StateMachine flows: fixtures/statemachine/quick-fixes.flow.yaml lists, beside it,
 * each finding and its fixes (create a missing state, fix a misspelt key or value, the invocation
 * type a TaskMode needs, pass the task token to a callback task: into an FC body, merged into a
 * `body.$` expression, as a parameter, or in new Parameters); applying every preferred fix leaves a
 * flow without findings. A near-miss state name gets "use the suggestion" before "create".
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../../server/code-actions';
import { toLspDiagnostics } from '../../server/diagnostics';
import { FlowDocumentCache } from '../../server/documents';
import type { FeatureEnv } from '../../server/feature-env';

const dir = join(__dirname, 'fixtures', 'statemachine');
const text = readFileSync(join(dir, 'quick-fixes.flow.yaml'), 'utf8');
const expected = JSON.parse(readFileSync(join(dir, 'quick-fixes.expected.json'), 'utf8')) as { findings: { code: string; line: number; fixes: string[] }[] };
const docOf = (t: string, locale: 'en' | 'zh-cn' = 'en') => new FlowDocumentCache(() => locale).get(TextDocument.create('file:///ws/q.flow.yaml', 'fdl', 1, t));
const env = (locale: 'en' | 'zh-cn' = 'en'): FeatureEnv => ({ locale, workspaceFunctions: () => [] });

test('each finding gets the fixes listed beside the flow', () => {
  const doc = docOf(text);
  const diagnostics = toLspDiagnostics(doc);
  assert.deepEqual(
    diagnostics.map((d) => ({ code: d.code, line: d.range.start.line + 1, fixes: codeActions(doc, [d], env()).map((a) => a.title) })),
    expected.findings,
  );
});

test('every preferred fix applied: no finding left, and the token reaches each callback task', () => {
  const doc = docOf(text);
  const actions = codeActions(doc, toLspDiagnostics(doc), env()).filter((a) => a.isPreferred);
  const fixed = TextDocument.applyEdits(
    TextDocument.create('file:///q', 'fdl', 1, text),
    actions.flatMap((a) => Object.values(a.edit!.changes!)[0]),
  );
  assert.deepEqual(
    toLspDiagnostics(docOf(fixed)).map((d) => `${d.code} ${d.range.start.line + 1}: ${d.message}`),
    [],
  );
  assert.match(fixed, /body\.\$: "jsonMerge\(\$Input, \{\\"taskToken\\": \$Context\.Current\.TaskToken\}\)"/);
  assert.match(fixed, /\n {6}taskToken\.\$: \$Context\.Current\.TaskToken\n {6}url:/);
  assert.match(fixed, /\n {6}body:\n {8}taskToken\.\$: \$Context\.Current\.TaskToken\n {8}document\.\$/);
  assert.match(fixed, /\n {2}- Type: Pass\n {4}Name: Archive\n {4}End: true\n$/);
});

test('a near-miss state name: use the suggestion first, then create; titles in Chinese', () => {
  const broken = text.replace('Next: Notify', 'Next: Notfy');
  const doc = docOf(broken, 'zh-cn');
  const d = toLspDiagnostics(doc).find((x) => x.code === 'sm-unknown-state' && x.range.start.line === 13)!;
  assert.deepEqual(
    codeActions(doc, [d], env('zh-cn')).map((a) => [a.title, a.isPreferred]),
    [
      ['改为 `Notify`', true],
      ['创建状态 `Notfy`', false],
    ],
  );
});

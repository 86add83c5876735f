/**
 * Completion in StateMachine flows. The cases are in fixtures/statemachine/completion.expected.json,
 * each an edit of navigation.flow.yaml with the cursor and the labels offered: state names of the
 * cursor's own scope, enum values, Action values, FC:InvokeFunction parameters, expression paths
 * where each root is readable, built-in functions, error names, snippets only where a state may
 * start. Also: Chinese words, a new StateMachine flow in an empty document, and typing in a
 * 1,000-state flow answered from the text alone, never a parse.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from '../../server/completion';
import { CompletionSources } from '../../server/completion-source';
import { FlowDocumentCache } from '../../server/documents';
import type { FeatureEnv } from '../../server/feature-env';

const dir = join(__dirname, 'fixtures', 'statemachine');
const base = readFileSync(join(dir, 'navigation.flow.yaml'), 'utf8');
interface Case {
  name: string;
  replace: string;
  with: string;
  first?: string[];
  includes?: string[];
  excludes?: string[];
}
const { cases } = JSON.parse(readFileSync(join(dir, 'completion.expected.json'), 'utf8')) as { cases: Case[] };
const env = (locale: 'en' | 'zh-cn' = 'en'): FeatureEnv => ({ locale, workspaceFunctions: () => [] });

function completeAt(text: string, offset: number, locale: 'en' | 'zh-cn' = 'en') {
  const doc = new FlowDocumentCache(() => locale).get(TextDocument.create('file:///ws/c.flow.yaml', 'fdl', 1, text));
  return complete(doc, offset, env(locale));
}

function edited(c: Pick<Case, 'replace' | 'with'>): { text: string; offset: number } {
  const i = base.indexOf(c.replace);
  assert.ok(i >= 0, `\`${c.replace}\` is in the fixture`);
  const insert = c.with.replace('|', '');
  return { text: base.slice(0, i) + insert + base.slice(i + c.replace.length), offset: i + c.with.indexOf('|') };
}

for (const c of cases) {
  test(`completion: ${c.name}`, () => {
    const { text, offset } = edited(c);
    const items = completeAt(text, offset);
    const labels = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
    if (c.first) assert.deepEqual(labels.slice(0, c.first.length), c.first, labels.join(', '));
    for (const l of c.includes ?? []) assert.ok(labels.includes(l), `${l} in ${labels.join(', ')}`);
    for (const l of c.excludes ?? []) assert.ok(!labels.includes(l), `${l} not in ${labels.join(', ')}`);
  });
}

test('completion speaks Chinese: enum values, Action values, paths, functions and snippets', () => {
  const docs = (c: Pick<Case, 'replace' | 'with'>) => {
    const { text, offset } = edited(c);
    return completeAt(text, offset, 'zh-cn').map((i) => (typeof i.documentation === 'object' ? i.documentation.value : (i.documentation ?? i.detail ?? '')));
  };
  for (const c of [cases[4], cases[8], cases[11], cases[12], cases[17]]) {
    const texts = docs(c);
    assert.ok(texts.length > 0 && texts.every((t) => /[\u4e00-\u9fff]/.test(t)), `${c.name}: ${texts.join(' | ')}`);
  }
});

test('a snippet is inserted at the item column, and a value edit replaces the whole token', () => {
  const { text, offset } = edited({ replace: '  - Type: Succeed\n', with: '  - Wa|\n  - Type: Succeed\n' });
  const wait = completeAt(text, offset).find((i) => i.label === 'Wait' && i.kind === 15)!;
  const edit = wait.textEdit as { newText: string; range: { start: { character: number }; end: { character: number } } };
  assert.deepEqual([edit.range.start.character, edit.range.end.character], [4, 6]);
  assert.equal(edit.newText, 'Type: Wait\n    Name: ${1:Wait}\n    Seconds: ${2:10}\n    End: true');
});

test('an empty document is offered a new StateMachine flow', () => {
  for (const text of ['', 'Ty']) {
    const items = completeAt(text, text.length);
    assert.ok(
      items.some((i) => i.label === 'StateMachine flow'),
      items.map((i) => i.label).join(', '),
    );
  }
  // Not once the document has begun in either format.
  assert.ok(!completeAt('version: v1\n', 12).some((i) => i.label === 'StateMachine flow'));
});

function bigStateMachine(states: number): string {
  const lines = ['Type: StateMachine', 'Name: big', 'SpecVersion: v1', 'StartAt: s0', 'States:'];
  for (let i = 0; i < states; i++) {
    lines.push(
      '  - Type: Task',
      `    Name: s${i}`,
      '    Action: FC:InvokeFunction',
      '    Parameters:',
      '      resourceArn: acs:fc:cn-hangzhou:123456789:functions/f',
      '      body.$: $Input',
      '    Retry:',
      '      - Errors: [FC.ResourceThrottled]',
      '        Description: throttled',
      '        MaxAttempts: 3',
      '        IntervalSeconds: 1',
      i + 1 < states ? `    Next: s${i + 1}` : '    End: true',
    );
  }
  return lines.join('\n') + '\n';
}

// How fast each answer is, is the language bench's to measure (its completion-while-typing table), not a test's.
test('typing in a 1,000-state flow: state names, keys and paths from the text, no version parsed', () => {
  const text = bigStateMachine(1000);
  const cache = new FlowDocumentCache(() => 'en');
  const doc = TextDocument.create('file:///big.flow.yaml', 'fdl', 1, text);
  cache.get(doc);
  const sources = new CompletionSources(cache);
  const line = text.slice(0, text.indexOf('    Next: s501')).split('\n').length - 1;
  TextDocument.update(doc, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '    Ma\n' }], 2);
  const source = sources.get(doc);
  const t = doc.getText();
  const labelsAt = (offset: number) => complete(source, offset, env()).map((i) => i.label);
  assert.equal(labelsAt(t.indexOf('Next: s501') + 'Next: s'.length).length, 1000);
  assert.deepEqual(
    labelsAt(doc.offsetAt({ line, character: 6 })).filter((l) => l.startsWith('Ma')),
    [],
  );
  assert.ok(labelsAt(t.indexOf('body.$: $Input', t.indexOf('Name: s700')) + 'body.$: $In'.length).includes('$Context.Current.TaskToken'));
  assert.equal(cache.peek(doc), undefined, 'the typed version was not parsed');
});

/**
 * Hover in StateMachine flows: every key and every scalar value of CloudFlow's public examples and
 * of the navigation fixture gets words, in English and in Chinese (from the StateMachine schema,
 * the expression vocabulary, or the state a transition names); and the answers a user relies on
 * most say what the docs say.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FlowDocumentCache } from '../../server/documents';
import { hover } from '../../server/hover';
import { isMapNode, isScalarNode, isSeqNode, type YNode } from '../../fdl/yaml/tree';

const examples = join(__dirname, '..', 'fixtures', 'cloudflow');
const files = [
  ...readdirSync(examples)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(examples, f)),
  join(__dirname, 'fixtures', 'statemachine', 'navigation.flow.yaml'),
];
const docOf = (text: string) => new FlowDocumentCache(() => 'en').get(TextDocument.create('file:///ws/h.flow.yaml', 'fdl', 1, text));
const words = (text: string, offset: number, locale: 'en' | 'zh-cn') => {
  const h = hover(docOf(text), offset, { locale, workspaceFunctions: () => [] });
  return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : undefined;
};

/** Every scalar key and value of the tree, with whether it is a key. */
function scalars(node: YNode | null | undefined, out: { node: YNode; key: boolean }[] = []): { node: YNode; key: boolean }[] {
  if (isMapNode(node)) {
    for (let i = 0; i < node.items.length; i += 2) {
      const k = node.items[i];
      if (isScalarNode(k)) out.push({ node: k, key: true });
      scalars(node.items[i + 1], out);
    }
  } else if (isSeqNode(node)) {
    for (const n of node.items) scalars(n, out);
  } else if (isScalarNode(node)) {
    out.push({ node, key: false });
  }
  return out;
}

for (const file of files) {
  test(`every key and value of ${file.split('/').pop()} has words in English and Chinese`, () => {
    const text = readFileSync(file, 'utf8');
    const missing: string[] = [];
    for (const { node } of scalars(docOf(text).parsed.tree)) {
      const at = node.s + Math.floor((node.e - node.s) / 2);
      const en = words(text, at, 'en');
      const zh = words(text, at, 'zh-cn');
      if (!en || !zh || !/[\u4e00-\u9fff]/.test(zh)) missing.push(`${text.slice(node.s, node.e)} (en: ${!!en}, zh: ${zh?.slice(0, 40)})`);
    }
    assert.deepEqual(missing, []);
  });
}

const nav = readFileSync(join(__dirname, 'fixtures', 'statemachine', 'navigation.flow.yaml'), 'utf8');
const on = (needle: string, into = 1, locale: 'en' | 'zh-cn' = 'en') => words(nav, nav.indexOf(needle) + into, locale) ?? '';

test('hover says what the docs say about the words that matter', () => {
  assert.match(on('WaitForCustomCallback', 0) || on('TaskMode: RequestComplete', 12), /Goes on as soon as the service answers/);
  assert.match(on('TaskMode: RequestComplete', 12, 'zh-cn'), /服务响应请求后即继续/);
  assert.match(on('Type: Parallel', 8), /Parallel/);
  assert.match(on('FnF.ALL'), /Matches every error/);
  assert.match(on('$Input.items', 3), /\$Input\*\*/);
  assert.match(on('Action: FC:InvokeFunction', 10), /Function Compute/);
  // A transition shows the state it names, in its own scope.
  assert.match(on('Default: Charge', 10), /\*\*Charge\*\* — Task state at line 12/);
  assert.match(on('StartAt: Ship', 10), /Pass state at line 43/);
  assert.match(words(nav.replace('Default: Charge', 'Default: Chrage'), nav.indexOf('Default: Charge') + 10, 'en') ?? '', /No state named `Chrage` in this scope/);
  const withToken = nav.replace(
    'invocationType: Sync\n',
    'invocationType: Sync\n      body:\n        token.$: $Context.Current.TaskToken\n        when.$: format("{}", length($Input.items))\n',
  );
  assert.match(words(withToken, withToken.indexOf('TaskToken'), 'en') ?? '', /ReportTaskSucceeded/);
  assert.match(words(withToken, withToken.indexOf('length(') + 2, 'en') ?? '', /length\(value/);
  assert.match(words(withToken, withToken.indexOf('token.$') + 1, 'zh-cn') ?? '', /表达式/);
});

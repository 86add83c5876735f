/**
 * Completion on a 1,000-step flow while the user types: every keystroke is a new version whose
 * text is not valid YAML (`    pa`), whose full parse takes the slow error-tolerant path. What
 * keeps completion fast is that no such version is parsed for it: that is what these tests check
 * (structurally, not by the clock; `npm run bench:language` reports the times).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from '../../server/completion';
import { CompletionSources } from '../../server/completion-source';
import { FlowDocumentCache } from '../../server/documents';
import type { FeatureEnv } from '../../server/feature-env';

const env: FeatureEnv = { locale: 'en', workspaceFunctions: () => [] };

function bigFlow(steps: number): string {
  const lines = ['version: v1', 'type: flow', 'steps:'];
  for (let i = 0; i < steps; i++) {
    lines.push(
      '  - type: task',
      `    name: task${i}`,
      '    resourceArn: acs:fc:::services/orders/functions/f',
      '    inputMappings:',
      `      - target: a${i}`,
      '        source: $input.orderId',
      '    retry:',
      '      - errors: [FC.ResourceThrottled]',
      '    catch:',
      '      - errors: [FnF.ALL]',
      '        goto: task0',
    );
  }
  return lines.join('\n') + '\n';
}

test('typing a key in a 1,000-step flow: every new version is completed (keys, gotos, data paths) without being parsed', () => {
  const base = bigFlow(1000);
  const cache = new FlowDocumentCache(() => 'en');
  const doc = TextDocument.create('file:///big.flow.yaml', 'fdl', 1, base);
  cache.get(doc); // the diagnostics parsed the text before typing
  const sources = new CompletionSources(cache);
  const line = base.slice(0, base.indexOf('\n', base.indexOf('resourceArn:', base.indexOf('name: task500\n'))) + 1).split('\n').length - 1;
  let typed = '';
  for (const letter of ['', 'p', 'a', 't']) {
    // As TextDocuments applies didChange: an incremental edit, a new version.
    const text = letter ? letter : '    \n';
    const at = letter ? { line, character: 4 + typed.length } : { line, character: 0 };
    TextDocument.update(doc, [{ range: { start: at, end: at }, text }], doc.version + 1);
    typed += letter;
    const source = sources.get(doc);
    const keys = complete(source, doc.offsetAt({ line, character: 4 + typed.length }), env).map((i) => i.label);
    assert.ok(keys.includes('pattern') && !keys.includes('resourceArn'), `after "${typed}": ${keys.join(', ')}`);
    const text2 = doc.getText();
    const gotoAt = text2.indexOf('goto: task0', doc.offsetAt({ line, character: 0 })) + 'goto: task'.length;
    assert.equal(complete(source, gotoAt, env).length, 999);
    const sourceAt = text2.lastIndexOf('$input.orderId') + '$input.'.length;
    assert.ok(complete(source, sourceAt, env).some((i) => i.label === '$input.a998'));
    assert.equal(cache.peek(doc), undefined, `version ${doc.version} was parsed`);
    assert.deepEqual(source.modelOrigin(), { from: 'last good parse' });
  }
});

test('a version the diagnostics parsed already is completed from its own parse', () => {
  const text = bigFlow(1000);
  const cache = new FlowDocumentCache(() => 'en');
  const doc = TextDocument.create('file:///big.flow.yaml', 'fdl', 3, text);
  cache.get(doc);
  const source = new CompletionSources(cache).get(doc);
  assert.equal(complete(source, text.indexOf('goto: task0') + 'goto: task'.length, env).length, 999);
  assert.deepEqual(source.modelOrigin(), { from: 'this version' });
});

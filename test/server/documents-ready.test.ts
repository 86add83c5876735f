/**
 * FlowDocumentCache with a parse runner (the server's worker): a parse that finishes after its
 * document moved on or was closed never stands in for a newer text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseFlow, type Locale, type ParsedFlow } from '../../fdl/index';
import { FlowDocumentCache } from '../../server/documents';
import type { ParseRunner } from '../../server/parse-worker';

/** A runner whose parses finish when the test says (a slow worker). */
function heldRunner() {
  const held: (() => void)[] = [];
  const runner: ParseRunner = {
    parse: (text: string, locale: Locale) => new Promise<ParsedFlow>((resolve) => held.push(() => resolve(parseFlow(text, locale)))),
    dispose: () => undefined,
  };
  return { runner, release: () => held.splice(0).forEach((r) => r()) };
}

const flow = (name: string) => `version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: ${name}\n`;

test('a parse finishing after its document was closed and reopened does not replace the reopened text', async () => {
  const { runner, release } = heldRunner();
  const cache = new FlowDocumentCache(() => 'en', runner);
  const uri = 'file:///ws/a.flow.yaml';
  const before = cache.ready(TextDocument.create(uri, 'fdl', 5, flow('old')));
  cache.delete(uri);
  const reopened = TextDocument.create(uri, 'fdl', 1, flow('new'));
  const after = cache.ready(reopened);
  release();
  assert.deepEqual(
    (await before).parsed.steps.map((s) => s.name),
    ['old'],
  );
  assert.deepEqual(
    (await after).parsed.steps.map((s) => s.name),
    ['new'],
  );
  // The reopened version is the cached one, and the last good parse is of its text.
  assert.deepEqual(
    cache.peek(reopened)?.parsed.steps.map((s) => s.name),
    ['new'],
  );
  assert.deepEqual(
    cache.lastGoodParse(uri)?.steps.map((s) => s.name),
    ['new'],
  );
});

test('requests for one version share one parse; an edit meanwhile starts the next', async () => {
  const { runner, release } = heldRunner();
  let parses = 0;
  const counting: ParseRunner = { ...runner, parse: (t, l) => (parses++, runner.parse(t, l)) };
  const cache = new FlowDocumentCache(() => 'en', counting);
  const doc = TextDocument.create('file:///ws/b.flow.yaml', 'fdl', 1, flow('one'));
  const a = cache.ready(doc);
  const b = cache.ready(doc);
  assert.equal(cache.isParsing(doc), true);
  TextDocument.update(doc, [{ text: flow('two') }], 2);
  const c = cache.ready(doc);
  release();
  assert.equal(await a, await b);
  assert.equal(parses, 2);
  assert.deepEqual(
    (await c).parsed.steps.map((s) => s.name),
    ['two'],
  );
  assert.equal(cache.peek(doc), await c);
});

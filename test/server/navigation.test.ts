import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DocumentSymbol, FoldingRange, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../fdl/index';
import { buildOnce, LspClient, positionOf } from './lsp-client';

const uri = 'file:///ws/order.flow.yaml';
const text = readFileSync(join(__dirname, 'fixtures', 'order.flow.yaml'), 'utf8');
let client: LspClient;

before(async () => {
  buildOnce();
  client = new LspClient();
  await client.initialize({ locale: 'en' });
  await client.open(uri, text);
  await client.diagnosticsOf(uri);
});
after(() => client.stop());

const doc = { uri };

test('document symbols nest branches, parallel branches and foreach bodies', async () => {
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: doc });
  assert.deepEqual(
    symbols.map((s) => `${s.name}:${s.detail}`),
    ['reserve:task', 'decide:choice', 'ship:parallel', 'cancel:fail'],
  );
  const decide = symbols[1];
  assert.deepEqual(
    decide.children!.map((c) => c.name),
    ['$.approved == true', 'default'],
  );
  assert.equal(decide.children![0].children![0].name, 'approved');
  const ship = symbols[2];
  assert.deepEqual(
    ship.children!.map((c) => c.name),
    ['branch 1', 'branch 2'],
  );
  const each = ship.children![1].children![0];
  assert.equal(each.name, 'each');
  assert.deepEqual(
    each.children!.map((c) => c.name),
    ['inner'],
  );
  assert.equal(symbols[0].selectionRange.start.line, positionOf(text, 'name: reserve').line);
});

test('go to definition jumps from a choice goto, a default goto and a catch goto to the step', async () => {
  const cancelLine = positionOf(text, 'name: cancel').line;
  for (const [needle, nth, line] of [
    ['goto: ship', 0, positionOf(text, 'name: ship').line],
    ['goto: cancel', 0, cancelLine],
    ['goto: cancel', 1, cancelLine],
  ] as const) {
    const loc = await client.request<Location | null>('textDocument/definition', { textDocument: doc, position: positionOf(text, needle, 7, nth) });
    assert.equal(loc?.range.start.line, line, needle);
    assert.equal(loc?.uri, uri);
  }
  assert.equal(await client.request('textDocument/definition', { textDocument: doc, position: positionOf(text, 'pattern') }), null);
});

test('find references lists every goto naming a step, from the step name or a goto', async () => {
  const fromName = await client.request<Location[]>('textDocument/references', {
    textDocument: doc,
    position: positionOf(text, 'name: cancel', 7),
    context: { includeDeclaration: true },
  });
  assert.deepEqual(
    fromName.map((l) => l.range.start.line),
    [positionOf(text, 'name: cancel').line, positionOf(text, 'goto: cancel').line, positionOf(text, 'goto: cancel', 0, 1).line],
  );
  const fromGoto = await client.request<Location[]>('textDocument/references', {
    textDocument: doc,
    position: positionOf(text, 'goto: ship', 8),
    context: { includeDeclaration: false },
  });
  assert.deepEqual(
    fromGoto.map((l) => l.range.start.line),
    [positionOf(text, 'goto: ship').line],
  );
});

test('rename updates the step name and every goto naming it; prepareRename gives the range', async () => {
  const prep = await client.request<{ range: { start: { line: number; character: number } }; placeholder: string }>('textDocument/prepareRename', {
    textDocument: doc,
    position: positionOf(text, 'goto: cancel', 8),
  });
  assert.equal(prep.placeholder, 'cancel');
  assert.deepEqual(prep.range.start, positionOf(text, 'goto: cancel', 6));
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: doc, position: positionOf(text, 'name: cancel', 8), newName: 'rollback' });
  const edits = edit.changes![uri];
  assert.equal(edits.length, 3);
  assert.ok(edits.every((e) => e.newText === 'rollback'));
  await assert.rejects(client.request('textDocument/rename', { textDocument: doc, position: positionOf(text, 'name: cancel', 8), newName: 'ship' }), /already exists/);
  await assert.rejects(client.request('textDocument/prepareRename', { textDocument: doc, position: positionOf(text, 'pattern') }), /step name/);
});

test('rename to a name with quotes, a backslash or a line break: each quoted place escapes it for its quotes, and the flow reads back that name', async () => {
  const quotedUri = 'file:///ws/quoted-names.flow.yaml';
  const quoted = `version: v1
type: flow
steps:
  - type: choice
    name: pick
    choices:
      - condition: $.a > 1
        goto: 'cancel'
    default:
      goto: "cancel"
  - type: pass
    name: cancel
`;
  await client.open(quotedUri, quoted);
  await client.diagnosticsOf(quotedUri);
  for (const newName of [`it's`, 'say "no"', 'back\\slash', 'two\nlines', 'x: y']) {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: quotedUri }, position: positionOf(quoted, 'name: cancel', 8), newName });
    const renamed = TextDocument.applyEdits(TextDocument.create(quotedUri, 'fdl', 1, quoted), edit.changes![quotedUri]);
    const { parsed, diagnostics } = analyze(renamed);
    assert.deepEqual(diagnostics, [], `${JSON.stringify(newName)}:\n${renamed}`);
    assert.deepEqual(
      parsed.steps.map((s) => s.name),
      ['pick', newName],
    );
  }
});

test('folding ranges cover steps and nested blocks', async () => {
  const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: doc });
  const steps = positionOf(text, 'steps:').line;
  assert.ok(ranges.some((r) => r.startLine === steps && r.endLine >= positionOf(text, 'cause:').line));
  const reserve = positionOf(text, 'type: task').line;
  assert.ok(ranges.some((r) => r.startLine === reserve && r.endLine === positionOf(text, 'goto: cancel').line));
});

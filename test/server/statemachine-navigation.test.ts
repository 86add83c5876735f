/**
 * Go to definition, find references and rename of state names in a StateMachine flow, through the
 * same name-reference machinery as classic gotos (fdl/navigation/name-references.ts): the fixture
 * fixtures/statemachine/navigation.flow.yaml lists, beside it, each state and the lines naming it
 * (StartAt, Next, a Choice's Default and branch Next, a Catch's Next). Scoped: a Parallel branch
 * and a Map processor each hold their own `Done` / `Ship`, and nothing crosses scopes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { analyze } from '../../fdl/index';
import { definition } from '../../server/definition';
import { FlowDocumentCache } from '../../server/documents';
import type { FeatureEnv } from '../../server/feature-env';
import { references } from '../../server/references';
import { prepareRename, rename } from '../../server/rename';
import { buildOnce, LspClient } from './lsp-client';

const dir = join(__dirname, 'fixtures', 'statemachine');
const text = readFileSync(join(dir, 'navigation.flow.yaml'), 'utf8');
const expected = JSON.parse(readFileSync(join(dir, 'navigation.expected.json'), 'utf8')) as { states: { name: string; line: number; references: number[] }[] };
const env: FeatureEnv = { locale: 'en', workspaceFunctions: () => [] };
const uri = 'file:///ws/navigation.flow.yaml';
const doc = new FlowDocumentCache(() => 'en').get(TextDocument.create(uri, 'fdl', 1, text));
const lines = text.split('\n');

/** The offset of `name` as a value on 1-based `line` (after `Name: `, `Next: `, `StartAt: ` or `Default: `). */
function offsetOn(line: number, name: string): number {
  const start = lines.slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
  const col = lines[line - 1].lastIndexOf(name);
  assert.ok(col >= 0, `\`${name}\` on line ${line}`);
  return start + col + 1;
}
const linesOf = (locations: Location[]) => locations.map((l) => l.range.start.line + 1);

test('the fixture is a valid flow: navigation is checked on what the rules accept', () => {
  assert.deepEqual(
    analyze(text).diagnostics.map((d) => d.code),
    [],
  );
});

for (const s of expected.states) {
  test(`references, definition and rename of ${s.name} (line ${s.line})`, () => {
    for (const from of [s.line, ...s.references]) {
      const offset = offsetOn(from, s.name);
      assert.deepEqual(linesOf(references(doc, offset, true)), [s.line, ...s.references], `references from line ${from}`);
      assert.deepEqual(linesOf(references(doc, offset, false)), s.references, `references without the declaration, from line ${from}`);
      if (from !== s.line) assert.equal(definition(doc, offset)?.range.start.line, s.line - 1, `definition from line ${from}`);
      assert.equal(prepareRename(doc, offset, env).placeholder, s.name);
    }
    const edit = rename(doc, offsetOn(s.line, s.name), `${s.name}Renamed`, env) as WorkspaceEdit;
    const edits = edit.changes![uri];
    assert.deepEqual(
      edits.map((e) => e.range.start.line + 1),
      [s.line, ...s.references],
    );
    // The renamed flow is as valid as before: every place naming the state moved with it, no other did.
    const renamed = TextDocument.applyEdits(TextDocument.create(uri, 'fdl', 1, text), edits);
    assert.deepEqual(
      analyze(renamed).diagnostics.map((d) => d.code),
      [],
    );
  });
}

test('rename refuses a name already taken in the scope, and accepts one taken only in another scope', () => {
  const charge = offsetOn(13, 'Charge');
  assert.throws(() => rename(doc, charge, 'Fanout', env), /A state named `Fanout` already exists in this scope/);
  // `Ship` is a state of the branch and of the processor, not of the flow.
  const edit = rename(doc, charge, 'Ship', env) as WorkspaceEdit;
  assert.equal(edit.changes![uri].length, 2);
  assert.throws(() => prepareRename(doc, offsetOn(14, 'FC'), env), /state name/);
});

test('a transition to a missing state has no definition, and renaming from it is refused', () => {
  const broken = text.replace('Default: Charge', 'Default: Chrage');
  const d = new FlowDocumentCache(() => 'en').get(TextDocument.create(uri, 'fdl', 2, broken));
  const offset = broken.indexOf('Chrage') + 1;
  assert.equal(definition(d, offset), null);
  assert.deepEqual(references(d, offset, true), []);
  assert.throws(() => prepareRename(d, offset, env), /state name/);
});

let client: LspClient;
before(async () => {
  buildOnce();
  client = new LspClient();
  await client.initialize({ locale: 'zh-cn' });
  await client.open(uri, text);
  await client.diagnosticsOf(uri);
});
after(() => client.stop());

test('over stdio: definition and references of a state in a Map processor stay in the processor', async () => {
  const at = (line: number, name: string) => doc.parsed.lines.positionAt(offsetOn(line, name));
  const loc = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: at(41, 'Ship') });
  assert.equal(loc?.range.start.line, 43);
  const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: at(44, 'Ship'), context: { includeDeclaration: true } });
  assert.deepEqual(linesOf(refs), [44, 41]);
  await assert.rejects(client.request('textDocument/rename', { textDocument: { uri }, position: at(7, 'Check'), newName: 'Each' }), /此作用域中已存在名为 `Each` 的状态/);
});

/**
 * StateMachine flows (`Type: StateMachine`) in the language server:
 * - diagnostics through the server's own path (the document cache, `toLspDiagnostics`, and a real
 *   `node dist/server.js --stdio`): none on CloudFlow's public examples, today's seven classic
 *   schema errors gone; one finding on a document that mixes both formats;
 * - the outline: states, with Parallel branches and Map processors as children;
 * - folding of states, branches and processors;
 * - every feature answers at every position without failing and offers nothing of classic FDL (the
 *   StateMachine answers themselves are pinned in statemachine-completion, -hover and -navigation
 *   tests); no classic quick fix (once `Type` → `type`); typo fixes from the StateMachine schema apply.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, DocumentSymbol } from 'vscode-languageserver-protocol';
import { codeActions } from '../../server/code-actions';
import { complete } from '../../server/completion';
import { definition } from '../../server/definition';
import { toLspDiagnostics } from '../../server/diagnostics';
import { FlowDocumentCache } from '../../server/documents';
import type { FeatureEnv } from '../../server/feature-env';
import { foldingRanges } from '../../server/folding';
import { hover } from '../../server/hover';
import { references } from '../../server/references';
import { prepareRename } from '../../server/rename';
import { documentSymbols } from '../../server/symbols';
import { buildOnce, LspClient, positionOf } from './lsp-client';

const fixtures = join(__dirname, '..', 'fixtures', 'cloudflow');
const valid = readdirSync(fixtures).filter((f) => f.endsWith('.yaml'));
const read = (f: string) => readFileSync(join(fixtures, f), 'utf8');
const env: FeatureEnv = { locale: 'en', workspaceFunctions: () => [] };

function cached(text: string, name = 'flow') {
  const cache = new FlowDocumentCache(() => 'en');
  return cache.get(TextDocument.create(`file:///ws/${name}.flow.yaml`, 'fdl', 1, text));
}

test('the server finds nothing in any public StateMachine example', () => {
  assert.ok(valid.length >= 11);
  for (const f of valid) {
    const shown = toLspDiagnostics(cached(read(f), f)).map((d) => `${d.code} ${d.range.start.line + 1}: ${d.message}`);
    assert.deepEqual(shown, [], f);
  }
});

test('the outline of a StateMachine flow: states, branches and processors as children', () => {
  const par = documentSymbols(cached(read('06-parallel.yaml')));
  assert.deepEqual(
    par.map((s) => [s.name, s.detail, s.children?.map((b) => [b.name, b.children?.map((c) => c.name)])]),
    [
      [
        'Parallel1',
        'Parallel',
        [
          ['Branches[0]', ['Pass1']],
          ['Branches[1]', ['Pass2']],
        ],
      ],
    ],
  );
  const map = documentSymbols(cached(read('07-map-inline.yaml')));
  const withProcessor = map.find((s) => s.detail === 'Map')!;
  assert.equal(withProcessor.children?.[0]?.name, 'Processor');
  assert.ok((withProcessor.children?.[0]?.children?.length ?? 0) > 0);
});

/** Keys and values of classic FDL that have no place in a StateMachine flow. */
const CLASSIC_WORDS = new Set(['type', 'steps', 'goto', 'pattern', 'serviceParams', 'inputMappings', 'requestResponse', 'waitForCallback', 'foreach']);

test('every other feature answers on a StateMachine flow without classic vocabulary', () => {
  for (const f of valid) {
    const text = read(f);
    const doc = cached(text, f);
    assert.ok(foldingRanges(doc).length > 0, f);
    for (let offset = 0; offset <= text.length; offset += 7) {
      const h = hover(doc, offset, env);
      const said = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
      assert.doesNotMatch(said, /\$local|\bgoto\b|serviceParams|\bstep\b/, `${f} hover @${offset}`);
      const offered = complete(doc, offset, env).map((i) => i.label);
      assert.deepEqual(
        offered.filter((l) => CLASSIC_WORDS.has(l)),
        [],
        `${f} completion @${offset}`,
      );
      // Navigation answers, or is refused with a reason (statemachine-navigation.test.ts pins what it finds).
      definition(doc, offset);
      references(doc, offset, true);
      try {
        prepareRename(doc, offset, env);
      } catch (e) {
        assert.match((e as Error).message, /state name/);
      }
    }
  }
});

test('folding: each state, its Parameters, Catch rules, branches and processor fold', () => {
  const text = readFileSync(join(__dirname, 'fixtures', 'statemachine', 'navigation.flow.yaml'), 'utf8');
  const ranges = foldingRanges(cached(text)).map((r) => `${r.startLine + 1}-${r.endLine + 1}`);
  // States (6-11 Check, 12-24 Charge, 25-36 Fanout, 37-46 Each, 47-49 Done), Parameters, Catch, Branches, a branch's States, Processor.
  for (const r of ['6-11', '12-24', '16-18', '19-23', '25-36', '27-35', '29-35', '37-46', '40-45', '47-49', '5-49']) assert.ok(ranges.includes(r), `${r} in ${ranges.join(' ')}`);
});

test('quick fixes on a StateMachine flow: a typo gets its fix, a classic-only fix is never offered', () => {
  const text = read('invalid/map-typo-key.yaml');
  const doc = cached(text);
  const diagnostics = toLspDiagnostics(doc);
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['schema-unknown-property'],
  );
  const actions = codeActions(doc, diagnostics, env);
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Change to `Processor`'],
  );
  // A classic finding (from a client holding stale diagnostics) gets no classic fix here.
  const stale: Diagnostic = { range: diagnostics[0].range, message: 'x', code: 'choice-without-default', data: { step: 'x' } };
  assert.deepEqual(codeActions(doc, [stale], env), []);
});

test('a literal that reads as an expression gets the quick fix that adds `.$`, quoted key or not', () => {
  const text = read('invalid/literal-expression.yaml');
  const doc = cached(text);
  const diagnostics = toLspDiagnostics(doc);
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['sm-literal-looks-like-expression', 'sm-literal-looks-like-expression', 'sm-literal-looks-like-expression'],
  );
  const actions = codeActions(doc, diagnostics, env);
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Change to `id.$`', 'Change to `token.$`', 'Change to `requestId.$`'],
  );
  const fixed = TextDocument.applyEdits(
    TextDocument.create('file:///f.yaml', 'fdl', 1, text),
    actions.flatMap((a) => Object.values(a.edit!.changes!)[0]),
  );
  assert.match(fixed, /\n {8}id\.\$: \$Input\.id\n {8}"token\.\$": \$Context/);
  assert.deepEqual(toLspDiagnostics(cached(fixed)), []);
});

let client: LspClient;
before(async () => {
  buildOnce();
  client = new LspClient();
  await client.initialize({ locale: 'en' });
});
after(() => client.stop());

test('over stdio: a console export gets no diagnostic and no quick fix, and an outline', async () => {
  const text = read('10-real-video-edit.yaml');
  const uri = 'file:///ws/exported.flow.yaml';
  await client.open(uri, text);
  assert.deepEqual(await client.diagnosticsOf(uri), []);
  const at = positionOf(text, 'Type: StateMachine');
  const range = { start: at, end: { line: at.line, character: at.character + 4 } };
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
  assert.deepEqual(actions, []);
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(symbols.length > 0);
});

test('over stdio: a document mixing both formats gets one finding naming both', async () => {
  const uri = 'file:///ws/mixed.yaml';
  await client.open(uri, read('dialect/mixed.yaml'));
  const diagnostics = await client.diagnosticsOf(uri);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity, d.range.start.line]),
    [['dialect-mixed', 1, 2]],
  );
  assert.match(String(diagnostics[0].message), /classic FDL.*StateMachine/);
});

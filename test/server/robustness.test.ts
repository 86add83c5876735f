import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LogMessageNotification, MessageType, type CompletionItem, type DocumentSymbol } from 'vscode-languageserver-protocol';
import { buildOnce, LspClient } from './lsp-client';

let client: LspClient;
/** Handler failures the server logged (`fdl <handler> failed: …`): each answered a user with nothing. */
const failures: string[] = [];
before(async () => {
  buildOnce();
  client = new LspClient();
  client.connection.onNotification(LogMessageNotification.type, (p) => {
    if (p.type === MessageType.Error && / failed: /.test(p.message)) failures.push(p.message.split('\n').slice(0, 2).join(' | '));
  });
  await client.initialize({ locale: 'en' });
});
after(() => client.stop());

function garbage(length: number, seed = 7): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(x % 0xd7ff);
  }
  return s;
}

function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 3000; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]`);
  return `version: v1\ntype: flow\n${lines.join('\n')}\nsteps:\n  - type: pass\n    name: p\n    inputMappings:\n      - target: x\n        source: *a2999\n`;
}

function blockNesting(levels: number): string {
  let s = 'steps:\n';
  for (let i = 0; i < levels; i++) s += ' '.repeat(i + 1) + '-\n';
  return s;
}

/**
 * Steps nested `levels` deep, cycling parallel → foreach → choice, each scope holding the next.
 * `compact` writes each sequence at its key's column (`steps:` then `- type:` below it, a common
 * YAML style); otherwise sequences are indented under their key. The nesting limit
 * (fdl/input-limits.ts MAX_NESTING, 200 YAML levels) counts indentation levels: a step level
 * costs about 2 of them in the compact style (up to 119 step levels analysed) and about 3.4 in
 * the indented one (up to 59), beyond which the text gets only `document-too-deep`.
 */
function nestedSteps(levels: number, compact: boolean): string {
  const out = ['version: v1', 'type: flow', 'steps:'];
  const seq = compact ? '' : '  ';
  let pad = seq;
  for (let i = 0; i < levels; i++) {
    const kind = ['parallel', 'foreach', 'choice'][i % 3];
    out.push(`${pad}- type: ${kind}`, `${pad}  name: level${i}`);
    if (kind === 'parallel') {
      out.push(`${pad}  branches:`, `${pad}  ${seq}- steps:`);
      pad += `    ${seq}${seq}`;
    } else if (kind === 'foreach') {
      out.push(`${pad}  iterationMapping:`, `${pad}    collection: $.items`, `${pad}    item: item`, `${pad}  steps:`);
      pad += `  ${seq}`;
    } else {
      out.push(`${pad}  choices:`, `${pad}  ${seq}- condition: $.go == true`, `${pad}  ${seq}  steps:`);
      pad += `    ${seq}${seq}`;
    }
  }
  out.push(`${pad}- type: pass`, `${pad}  name: innermost`, `${pad}  en`);
  return out.join('\n') + '\n';
}

const SM_HEAD = 'Type: StateMachine\nName: hostile\nSpecVersion: v1\nStartAt: s0\nStates:\n';

/** Parallel and Map states nested `levels` deep, each scope holding the next; the innermost state is half typed. */
function nestedStates(levels: number): string {
  const out = ['Type: StateMachine', 'Name: nested', 'SpecVersion: v1', 'StartAt: level0', 'States:'];
  let pad = '  ';
  for (let i = 0; i < levels; i++) {
    const parallel = i % 2 === 0;
    out.push(`${pad}- Type: ${parallel ? 'Parallel' : 'Map'}`, `${pad}  Name: level${i}`, `${pad}  End: true`);
    if (parallel) {
      out.push(`${pad}  Branches:`, `${pad}    - StartAt: level${i + 1}`, `${pad}      States:`);
      pad += '        ';
    } else {
      out.push(`${pad}  ItemsPath: $Input.items`, `${pad}  Processor:`, `${pad}    StartAt: level${i + 1}`, `${pad}    States:`);
      pad += '      ';
    }
  }
  out.push(`${pad}- Type: Pass`, `${pad}  Name: level${levels}`, `${pad}  En`);
  return out.join('\n') + '\n';
}

function symbolDepth(symbols: DocumentSymbol[] | null): number {
  return Math.max(0, ...(symbols ?? []).map((s) => 1 + symbolDepth(s.children ?? [])));
}

/*
 * Texts over the input limit (fdl/input-limits.ts MAX_DOCUMENT_CHARS, 2,000,000 characters) get
 * only `document-too-large`, by design: they are not parsed, so there are no other findings,
 * no symbols and no completions for them (the 10 MB case below and in the next-but-one test).
 */
const HOSTILE: Record<string, () => string> = {
  empty: () => '',
  'only whitespace': () => '   \n\t\n',
  'binary garbage': () => garbage(200_000),
  'NUL bytes': () => 'version: v1\u0000\u0000\ntype: flow\nsteps:\n  - \u0000type: pass\n',
  '10 MB file': () => ('version: v1\ntype: flow\nsteps:\n' + '  - type: pass\n    name: p\n'.repeat(10_000_000 / 26)).slice(0, 10_000_000),
  'thousands of anchors and aliases': aliasBomb,
  '10,000-level nested flow sequences': () => '['.repeat(10_000) + ']'.repeat(10_000),
  '10,000-level nested flow sequences, unclosed': () => 'steps: ' + '['.repeat(10_000),
  '5,000-level nested block sequences': () => blockNesting(5_000),
  '5,000-level nested flow mappings': () => '{a: '.repeat(5000) + '1' + '}'.repeat(5000),
  'dashes on one line': () => 'steps:\n' + '- '.repeat(10_000) + 'x\n',
  'CRLF, BOM and tabs': () => '\ufeffversion: v1\r\ntype: flow\r\nsteps:\r\n\t- type: pass\r\n  - type: task\r\n    name: t\r\n    goto: \r\n',
  'unterminated quotes': () => 'version: "v1\ntype: \'flow\nsteps:\n  - name: "',
  'many documents': () => '---\na: 1\n'.repeat(5000),
  'a 1 MB line of spaces': () => 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    a' + ' '.repeat(1_000_000) + 'b\n',
  'lone surrogates': () => 'version: v1\n\ud800\udc00\ud800 x: \udfff\nsteps:\n  - type: pass\n    name: \ud83d\n',
  'odd keys': () => 'version: v1\ntype: flow\nsteps:\n  - ? [a, b]\n    : c\n    !!binary x: 1\n    &anchor type: *anchor\n    <<: {name: x}\n',
  'StateMachine: 10 MB of states': () => (SM_HEAD + '  - Type: Pass\n    Name: p\n    End: true\n'.repeat(10_000_000 / 40)).slice(0, 10_000_000),
  'StateMachine: a state list of scalars and nulls': () =>
    SM_HEAD + '  - x\n  -\n  - [1, 2]\n  - {Type: Choice, Branches: 3, Default: [a]}\n  - Type: Parallel\n    Branches: [null, 1, {StartAt: 7, States: x}]\n',
  'StateMachine: transitions that are not strings': () =>
    SM_HEAD.replace('StartAt: s0', 'StartAt: [s0]') + '  - Type: Task\n    Name: {a: 1}\n    Next: 12\n    Catch: [{Next: [x]}, 3]\n    Retry: {Errors: 1}\n',
  'StateMachine: expressions of brackets and calls': () =>
    SM_HEAD +
    '  - Type: Pass\n    Name: s0\n    InputConstructor:\n      a.$: ' +
    'length('.repeat(5000) +
    '$Input' +
    ')'.repeat(5000) +
    '\n      b.$: $Input' +
    '[0]'.repeat(20_000) +
    '\n    End: true\n',
  'StateMachine: thousands of states named alike': () => SM_HEAD + Array.from({ length: 3000 }, (_, i) => `  - Type: Pass\n    Name: s0\n    Next: s${i % 7}\n`).join(''),
  'StateMachine and classic at once': () => 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n' + SM_HEAD + '  - Type: Pass\n    Name: s0\n    End: true\n',
};

const POSITIONS = [
  { line: 0, character: 0 },
  { line: 0, character: 3 },
  { line: 1, character: 5 },
  { line: 3, character: 10 },
  { line: 5000, character: 5000 },
];

for (const [name, make] of Object.entries(HOSTILE)) {
  test(`survives ${name} and keeps answering`, async () => {
    const uri = `file:///ws/hostile-${name.replace(/\W+/g, '-')}.flow.yaml`;
    await client.open(uri, make());
    await client.diagnosticsOf(uri, 60_000);
    const doc = { textDocument: { uri } };
    for (const position of POSITIONS) {
      await client.request('textDocument/completion', { ...doc, position });
      await client.request('textDocument/hover', { ...doc, position });
      await client.request('textDocument/definition', { ...doc, position });
      await client.request('textDocument/references', { ...doc, position, context: { includeDeclaration: true } });
      await client.request('textDocument/prepareRename', { ...doc, position }).catch(() => undefined);
      await client.request('textDocument/rename', { ...doc, position, newName: 'renamed' }).catch(() => undefined);
    }
    await client.request('textDocument/formatting', { ...doc, options: { tabSize: 2, insertSpaces: true } });
    await client.request('textDocument/selectionRange', { ...doc, positions: POSITIONS });
    await client.request('textDocument/documentSymbol', doc);
    await client.request('textDocument/foldingRange', doc);
    await client.request('textDocument/codeAction', {
      ...doc,
      range: { start: POSITIONS[0], end: POSITIONS[2] },
      context: { diagnostics: [{ range: { start: POSITIONS[0], end: POSITIONS[2] }, message: 'x', code: 'unknown-goto-target' }] },
    });
    assert.equal(client.exited, false, 'server still running');
    assert.deepEqual(failures.splice(0), [], 'no handler failed');
  });
}

test('deep nesting is reported as a located document-too-deep error instead of being parsed', async () => {
  const uri = 'file:///ws/deep.flow.yaml';
  await client.open(uri, 'version: v1\ntype: flow\nsteps: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n');
  const diags = await client.diagnosticsOf(uri);
  assert.deepEqual(
    diags.map((d) => d.code),
    ['document-too-deep'],
  );
  assert.equal(diags[0].range.start.line, 2);
  const big = 'file:///ws/big.flow.yaml';
  await client.open(big, HOSTILE['10 MB file']());
  assert.deepEqual(
    (await client.diagnosticsOf(big)).map((d) => d.code),
    ['document-too-large'],
  );
});

for (const levels of [66, 119]) {
  test(`steps nested ${levels} levels deep (parallel, foreach, choice) are analysed: diagnostics, symbols and completion answer`, async () => {
    const uri = `file:///ws/nested-steps-${levels}.flow.yaml`;
    const text = nestedSteps(levels, true);
    await client.open(uri, text);
    const started = Date.now();
    const codes = (await client.diagnosticsOf(uri)).map((d) => d.code);
    // Only the half-typed key of the innermost step is wrong; nothing is refused as too deep.
    assert.ok(!codes.includes('document-too-deep') && codes.length > 0 && codes.every((c) => String(c).startsWith('yaml-')), codes.join(', '));
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbolDepth(symbols) >= levels + 1, `symbol depth ${symbolDepth(symbols)}`);
    const lines = text.split('\n');
    const line = lines.length - 2;
    const items = await client.request<CompletionItem[] | { items: CompletionItem[] }>('textDocument/completion', {
      textDocument: { uri },
      position: { line, character: lines[line].length },
    });
    const labels = (Array.isArray(items) ? items : items.items).map((i) => i.label);
    assert.ok(labels.includes('end'), `completion at the innermost step: ${labels.join(', ')}`);
    assert.ok(Date.now() - started < 15_000, 'answered promptly');
    assert.equal(client.exited, false);
  });
}

test('StateMachine states nested 30 levels deep (Parallel, Map) are analysed: diagnostics, an outline two levels per scope, completion and navigation answer', async () => {
  const uri = 'file:///ws/nested-states.flow.yaml';
  const levels = 30;
  const text = nestedStates(levels);
  await client.open(uri, text);
  const started = Date.now();
  const codes = (await client.diagnosticsOf(uri)).map((d) => d.code);
  assert.ok(!codes.includes('document-too-deep') && codes.length > 0, codes.join(', '));
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(symbolDepth(symbols) >= 2 * levels + 1, `symbol depth ${symbolDepth(symbols)}`);
  const lines = text.split('\n');
  const line = lines.length - 2;
  const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: lines[line].length } });
  assert.ok(
    items.some((i) => i.label === 'End'),
    items.map((i) => i.label).join(', '),
  );
  const startAt = lines.findIndex((l) => l.includes(`StartAt: level${levels}`));
  const def = await client.request<{ range: { start: { line: number } } } | null>('textDocument/definition', {
    textDocument: { uri },
    position: { line: startAt, character: lines[startAt].indexOf('level') + 2 },
  });
  assert.equal(def?.range.start.line, line - 1);
  assert.ok(Date.now() - started < 15_000, 'answered promptly');
  assert.equal(client.exited, false);
});

test('steps nested 66 levels deep with indented sequences pass the nesting limit: a located document-too-deep, and every request still answers', async () => {
  const uri = 'file:///ws/nested-steps-indented.flow.yaml';
  await client.open(uri, nestedSteps(66, false));
  const diags = await client.diagnosticsOf(uri);
  assert.deepEqual(
    diags.map((d) => d.code),
    ['document-too-deep'],
  );
  assert.ok(diags[0].range.start.line > 100);
  const doc = { textDocument: { uri } };
  assert.deepEqual(await client.request('textDocument/documentSymbol', doc), []);
  await client.request('textDocument/completion', { ...doc, position: { line: 300, character: 10 } });
  await client.request('textDocument/hover', { ...doc, position: { line: 300, character: 10 } });
  assert.equal(client.exited, false);
});

test('after all of that, a normal document still gets completions', async () => {
  const uri = 'file:///ws/after.flow.yaml';
  await client.open(uri, 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    pat\n');
  const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 7 } });
  assert.ok(items.some((i) => i.label === 'pattern'));
  assert.equal(client.stderr.includes('RangeError'), false);
});

test('while typing, diagnostics wait for a pause and describe the last version only', async () => {
  const typing = new LspClient();
  try {
    await typing.initialize({ locale: 'en', initializationOptions: { diagnosticsDelayMs: 100 } });
    const uri = 'file:///ws/typing.flow.yaml';
    await typing.open(uri, 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n');
    for (let i = 0; i < 5; i++) await typing.change(uri, `version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a${i}\n`);
    const diags = await typing.diagnosticsOf(uri);
    assert.deepEqual(diags, []);
    assert.deepEqual(
      typing.publications.filter((p) => p.uri === uri).map((p) => p.version),
      [6],
    );
  } finally {
    await typing.stop();
  }
});

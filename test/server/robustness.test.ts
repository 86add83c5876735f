import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { buildOnce, LspClient } from './lsp-client';

let client: LspClient;
before(async () => {
  buildOnce();
  client = new LspClient();
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
    }
    await client.request('textDocument/documentSymbol', doc);
    await client.request('textDocument/foldingRange', doc);
    await client.request('textDocument/codeAction', {
      ...doc,
      range: { start: POSITIONS[0], end: POSITIONS[2] },
      context: { diagnostics: [{ range: { start: POSITIONS[0], end: POSITIONS[2] }, message: 'x', code: 'unknown-goto-target' }] },
    });
    assert.equal(client.exited, false, 'server still running');
  });
}

test('deep nesting is reported as a located document-too-deep error instead of being parsed', async () => {
  const uri = 'file:///ws/deep.flow.yaml';
  await client.open(uri, 'version: v1\ntype: flow\nsteps: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n');
  const diags = await client.diagnosticsOf(uri);
  assert.deepEqual(diags.map((d) => d.code), ['document-too-deep']);
  assert.equal(diags[0].range.start.line, 2);
  const big = 'file:///ws/big.flow.yaml';
  await client.open(big, HOSTILE['10 MB file']());
  assert.deepEqual((await client.diagnosticsOf(big)).map((d) => d.code), ['document-too-large']);
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
    assert.deepEqual(typing.publications.filter((p) => p.uri === uri).map((p) => p.version), [6]);
  } finally {
    await typing.stop();
  }
});

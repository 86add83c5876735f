/**
 * Format Document and smart selection through the real server over stdio (`node dist/server.js --stdio`):
 * - a hand-written flow comes back as its formatted fixture, every comment and key in place;
 *   formatting the result changes nothing (no edit);
 * - a flow with a YAML syntax error is left alone, and the user is told why (English and Chinese);
 * - a 1,000-step flow formats within the budget, its comments kept;
 * - Expand Selection grows from a value to its entry, its state, the list item, `States`, the document.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SelectionRange, TextEdit } from 'vscode-languageserver-protocol';
import { parse } from 'yaml';
import { buildOnce, LspClient, positionOf } from './lsp-client';

const fixtures = join(__dirname, 'fixtures', 'format');
const messy = readFileSync(join(fixtures, 'messy.flow.yaml'), 'utf8');
const formatted = readFileSync(join(fixtures, 'messy.formatted.yaml'), 'utf8');
const options = { tabSize: 2, insertSpaces: true };

let client: LspClient;
const warnings: string[] = [];
let n = 0;

before(async () => {
  buildOnce();
  client = new LspClient();
  // The server tells the user through window/showMessageRequest (a notification without actions).
  client.connection.onRequest('window/showMessageRequest', (p: { message: string }) => (warnings.push(p.message), null));
  await client.initialize();
});
after(() => client.stop());

async function format(text: string): Promise<{ edits: TextEdit[]; result: string }> {
  const uri = `file:///ws/format-${n++}.flow.yaml`;
  await client.open(uri, text);
  const edits = (await client.request<TextEdit[] | null>('textDocument/formatting', { textDocument: { uri }, options })) ?? [];
  return { edits, result: TextDocument.applyEdits(TextDocument.create(uri, 'fdl', 1, text), edits) };
}

const comments = (t: string) => (t.match(/#.*$/gm) ?? []).map((c) => c.trim());

test('Format Document re-indents a flow and keeps its comments, keys and values', async () => {
  const { result } = await format(messy);
  assert.equal(result, formatted);
  assert.deepEqual(comments(result), comments(messy));
  assert.deepEqual(parse(result), parse(messy));
});

test('a formatted flow gets no edit', async () => {
  assert.deepEqual((await format(formatted)).edits, []);
});

test('a flow with a syntax error is not formatted, and the user is told where the error is', async () => {
  const broken = messy.replace('Next: Done', 'Next: [Done');
  const before = warnings.length;
  const { edits } = await format(broken);
  assert.deepEqual(edits, []);
  for (let i = 0; i < 50 && warnings.length === before; i++) await new Promise((r) => setTimeout(r, 20));
  assert.match(warnings.at(-1) ?? '', /not formatted: it has YAML syntax errors \(the first on line \d+\)/);
});

test('the refusal is worded in Chinese for a Chinese editor', async () => {
  const zh = new LspClient();
  const said: string[] = [];
  zh.connection.onRequest('window/showMessageRequest', (p: { message: string }) => (said.push(p.message), null));
  try {
    await zh.initialize({ locale: 'zh-cn' });
    const uri = 'file:///ws/zh.flow.yaml';
    await zh.open(uri, 'Type: StateMachine\nStates: [a\n');
    assert.deepEqual(await zh.request('textDocument/formatting', { textDocument: { uri }, options }), []);
    for (let i = 0; i < 50 && !said.length; i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(said[0] ?? '', /未格式化该流程：存在 YAML 语法错误（第一处在第 3 行）/);
  } finally {
    await zh.stop();
  }
});

// Measured on a shared 2-core machine: about 1.2 s for the first request (cold JIT), 0.2 s warm.
test('a 1,000-step flow formats within three seconds, every comment kept', async () => {
  const states = Array.from({ length: 1000 }, (_, i) =>
    [`# step ${i}`, `-   Type: Pass`, `    Name: S${i}`, `    OutputConstructor:`, `          n: ${i}   # the index`, i < 999 ? `    Next: S${i + 1}` : `    End: true`].join('\n'),
  );
  const text = `Type: StateMachine\nName: big\nSpecVersion: v1\nStartAt: S0\nStates:\n${states.join('\n')}\n`;
  const t0 = performance.now();
  const { result } = await format(text);
  const ms = performance.now() - t0;
  console.log(`formatting 1,000 states (${text.length} chars): ${ms.toFixed(0)} ms`);
  assert.ok(ms < 3000, `${ms} ms`);
  assert.deepEqual(comments(result), comments(text));
  assert.deepEqual(parse(result), parse(text));
  assert.match(result, /\n {2}- Type: Pass\n {4}Name: S1\n {4}OutputConstructor:\n {6}n: 1 # the index\n/);
});

test('Expand Selection grows from a value to its entry, state, item, States and the document', async () => {
  const uri = `file:///ws/select.flow.yaml`;
  await client.open(uri, formatted);
  const at = positionOf(formatted, 'TaskToken');
  const [range] = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri }, positions: [at] });
  const doc = TextDocument.create(uri, 'fdl', 1, formatted);
  const texts: string[] = [];
  for (let r: SelectionRange | undefined = range; r; r = r.parent) texts.push(doc.getText(r.range));
  const firstLine = (s: string) => s.split('\n')[0];
  assert.deepEqual(texts.slice(0, 3), [
    '$Context.Current.TaskToken',
    'token.$: $Context.Current.TaskToken',
    formatted.slice(formatted.indexOf('token.$'), formatted.indexOf('$Input.amount') + '$Input.amount'.length),
  ]);
  assert.deepEqual(texts.slice(3).map(firstLine), [
    'body:',
    'resourceArn: acs:fc:::functions/notify-approver/LATEST',
    'Parameters:',
    'Type: Task # a person answers',
    '- Type: Task # a person answers',
    '- Type: Task # a person answers',
    'States:',
    'Type: StateMachine',
    '# An approval, written by hand: uneven indentation, comments everywhere.',
  ]);
});

/**
 * Format Document of a large flow runs off the server's request thread (server/parse-worker.ts):
 * while a 1.5 MB flow is formatted, other requests are answered; the formatted text is the one
 * formatting on the calling thread gives; a format past its budget is refused saying why, and the
 * next text is served by a new worker. Nothing here is timed: only which answer comes first.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FoldingRange, TextEdit } from 'vscode-languageserver-protocol';
import { formatFlowText } from '../../fdl/format';
import { WorkerParser } from '../../server/parse-worker';
import { buildOnce, LspClient, ROOT } from './lsp-client';

const SCRIPT = join(ROOT, 'dist', 'parse-worker.js');
const options = { tabSize: 2, insertSpaces: true };

/** A StateMachine flow of `n` Pass states, written unformatted (items flush with `States:`), about 60 characters a state. */
function bigFlow(n: number): string {
  const states = Array.from({ length: n }, (_, i) => `- Type: Pass\n  Name: S${i}   # ${i}\n  ${i < n - 1 ? `Next: S${i + 1}` : 'End: true'}\n`);
  return `Type: StateMachine\nName: big\nSpecVersion: v1\nStartAt: S0\nStates:\n${states.join('')}`;
}
const BIG = bigFlow(29_000);

const parsers: WorkerParser[] = [];
before(() => buildOnce());
after(() => parsers.forEach((p) => p.dispose()));

async function loaded(formatBudgetMs?: number): Promise<WorkerParser> {
  const p = new WorkerParser(SCRIPT, undefined, undefined, true, formatBudgetMs);
  parsers.push(p);
  assert.equal(await p.whenLoaded(), true);
  return p;
}

test('a 1.5 MB flow formats in the worker to what this thread gives, and this thread runs meanwhile', async () => {
  assert.ok(BIG.length > 1_400_000, `${BIG.length}`);
  const p = await loaded();
  const order: string[] = [];
  const formatting = p.format(BIG, 'en', { indent: 2 }).then((r) => (order.push('formatted'), r));
  // Formatted on this thread, the format would settle before any timer could run.
  await new Promise((r) => setTimeout(r, 0)).then(() => order.push('timer'));
  const there = await formatting;
  assert.deepEqual(order, ['timer', 'formatted']);
  const here = formatFlowText(BIG, 'en', { indent: 2 });
  assert.ok(there.ok && here.ok);
  assert.equal(there.text, here.text);
  assert.match(there.text, /^States:\n {2}- Type: Pass\n {4}Name: S0 # 0\n {4}Next: S1\n/m);
});

test('a format past its budget is refused saying why (English and Chinese), and the next one is served by a new worker', async () => {
  const p = await loaded(1);
  assert.deepEqual(await p.format(BIG, 'en', {}), {
    ok: false,
    reason: 'The flow was not formatted: formatting it took longer than 0.001 s, and was stopped. Split it into smaller flows to format them.',
  });
  const zh = await p.format(BIG, 'zh-cn', {});
  assert.match(zh.ok ? '' : zh.reason, /^未格式化此流程：格式化耗时超过 0\.001 秒/);
  // A parse shares the worker and its queue: it still comes back whole.
  const parsed = await p.parse('Type: StateMachine\nStates: []\n', 'en');
  assert.equal(parsed.dialect, 'statemachine');
});

test('the language server answers a folding request on another document while it formats a 1.5 MB flow', { timeout: 120_000 }, async () => {
  const client = new LspClient();
  try {
    await client.initialize();
    const small = 'file:///ws/small.flow.yaml';
    const big = 'file:///ws/big.flow.yaml';
    const smallText = 'Type: StateMachine\nName: s\nSpecVersion: v1\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    End: true\n';
    await client.open(small, smallText);
    await client.diagnosticsOf(small); // the first diagnostics start the worker loading
    await client.open(big, BIG);
    await client.diagnosticsOf(big, 60_000);
    const order: string[] = [];
    const formatting = client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: big }, options }).then((e) => (order.push('formatting'), e));
    const folding = client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: small } }).then((f) => (order.push('folding'), f));
    const [edits, folds] = await Promise.all([formatting, folding]);
    assert.deepEqual(order, ['folding', 'formatting']);
    assert.ok(folds.length > 0);
    const result = TextDocument.applyEdits(TextDocument.create(big, 'fdl', 1, BIG), edits);
    const expected = formatFlowText(BIG, 'en', { indent: 2 });
    assert.ok(expected.ok);
    assert.equal(result, expected.text);
  } finally {
    await client.stop();
  }
});

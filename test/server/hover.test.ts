import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { buildOnce, LspClient, positionOf } from './lsp-client';

const uri = 'file:///ws/order.flow.yaml';
const text = readFileSync(join(__dirname, 'fixtures', 'order.flow.yaml'), 'utf8');

async function start(locale: string): Promise<LspClient> {
  const client = new LspClient();
  await client.initialize({ locale });
  await client.open(uri, text);
  await client.diagnosticsOf(uri);
  return client;
}

async function hoverText(client: LspClient, needle: string, delta = 1, nth = 0): Promise<string> {
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, delta, nth) });
  return h ? (h.contents as MarkupContent).value : '';
}

before(() => buildOnce());

describe('hover in English', () => {
  let client: LspClient;
  before(async () => (client = await start('en')));
  after(() => client.stop());

  test('a key says what it does, its allowed values and its default', async () => {
    const t = await hoverText(client, 'pattern:');
    assert.match(t, /\*\*pattern\*\*/);
    assert.match(t, /requestResponse/);
    assert.match(t, /Default: `requestResponse`/);
  });

  test('a pattern value says what the flow waits for and when it continues', async () => {
    const t = await hoverText(client, 'waitForCallback', 3);
    assert.match(t, /task token/i);
    assert.match(t, /ReportTaskSucceeded/);
  });

  test('a goto shows the target step', async () => {
    const t = await hoverText(client, 'goto: ship', 7);
    assert.match(t, /\*\*ship\*\* — parallel step at line/);
    assert.match(t, /```yaml\ntype: parallel/);
  });

  test('$input paths, step types and error names are explained', async () => {
    assert.match(await hoverText(client, '$input.orderId', 3), /parent/);
    assert.match(await hoverText(client, 'type: choice', 7), /\*\*choice\*\*/);
    assert.match(await hoverText(client, 'FnF.ALL', 2), /every error/);
    assert.match(await hoverText(client, 'FC.ResourceThrottled', 2), /throttled/i);
  });

  test('hover on blank space answers nothing', async () => {
    const h = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
    assert.equal(h, null);
  });
});

describe('hover in Simplified Chinese (InitializeParams.locale zh-cn)', () => {
  let client: LspClient;
  before(async () => (client = await start('zh-cn')));
  after(() => client.stop());

  test('keys, values, gotos and error names speak Chinese', async () => {
    assert.match(await hoverText(client, 'pattern:'), /默认值/);
    assert.match(await hoverText(client, 'waitForCallback', 3), /任务令牌/);
    assert.match(await hoverText(client, 'goto: ship', 7), /第 \d+ 行的 parallel 步骤/);
    assert.match(await hoverText(client, 'FnF.ALL', 2), /匹配所有错误/);
  });
});

test('$context paths are explained', async () => {
  const ctxText = `version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: acs:fc:::services/a/functions/b\n    pattern: waitForCallback\n    inputMappings:\n      - target: token\n        source: $context.task.token\n`;
  const client = new LspClient();
  try {
    await client.initialize({ locale: 'en' });
    await client.open('file:///ws/ctx.flow.yaml', ctxText);
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///ws/ctx.flow.yaml' }, position: positionOf(ctxText, '$context.task', 12) });
    assert.match((h.contents as MarkupContent).value, /ReportTaskSucceeded/);
  } finally {
    await client.stop();
  }
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-protocol';
import { buildOnce, LspClient, withCursor } from './lsp-client';

let client: LspClient;
let dir: string;
const uri = 'file:///ws/arn.flow.yaml';
const { text, position } = withCursor('version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: |\n');

const fc3 = (name: string) =>
  `edition: 3.0.0\nname: app\nresources:\n  r:\n    component: fc3\n    props:\n      region: cn-hangzhou\n      functionName: ${name}\n      handler: index.handler\n      runtime: nodejs18\n      code: ./code\n`;

before(async () => {
  buildOnce();
  dir = mkdtempSync(join(tmpdir(), 'fdl-ws-'));
  writeFileSync(join(dir, 's.yaml'), fc3('first'));
  client = new LspClient();
  await client.initialize({
    locale: 'en',
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }],
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  await client.open(uri, text);
});
after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function arns(): Promise<string[]> {
  const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
  // The declared functions (the ARN skeletons, snippets, follow them: workspace-fc3.test.ts).
  return items
    .filter((i) => i.kind === CompletionItemKind.Function)
    .map((i) => String(i.label))
    .sort();
}

test('the server asks the client to watch s.yaml / s.yml files', async () => {
  for (let i = 0; i < 50 && client.registrations.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(
    client.registrations.map((r) => r.method),
    ['workspace/didChangeWatchedFiles'],
  );
  assert.match(JSON.stringify(client.registrations[0].registerOptions), /s\.\{yaml,yml\}/);
});

test('functions follow s.yaml files as they are created, changed and deleted', async () => {
  assert.deepEqual(await arns(), ['acs:fc:::functions/first']);
  const sub = join(dir, 's.yml');
  writeFileSync(sub, fc3('second'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(sub).toString(), type: 1 }] });
  assert.deepEqual(await arns(), ['acs:fc:::functions/first', 'acs:fc:::functions/second']);
  writeFileSync(join(dir, 's.yaml'), fc3('renamed'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 's.yaml')).toString(), type: 2 }] });
  assert.deepEqual(await arns(), ['acs:fc:::functions/renamed', 'acs:fc:::functions/second']);
  unlinkSync(sub);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(sub).toString(), type: 3 }] });
  assert.deepEqual(await arns(), ['acs:fc:::functions/renamed']);
});

test('an s.yaml that is a FIFO or a link to /dev/zero is passed over: completion still answers, the other functions stay', { timeout: 60_000 }, async () => {
  const before = await arns();
  const changes: { uri: string; type: number }[] = [];
  const fifo = join(dir, 'fifo', 's.yaml');
  mkdirSync(join(dir, 'fifo'));
  if (spawnSync('mkfifo', [fifo]).status === 0) changes.push({ uri: pathToFileURL(fifo).toString(), type: 1 });
  if (existsSync('/dev/zero')) {
    const link = join(dir, 'zero', 's.yml');
    mkdirSync(join(dir, 'zero'));
    symlinkSync('/dev/zero', link);
    changes.push({ uri: pathToFileURL(link).toString(), type: 1 });
  }
  if (changes.length === 0) return;
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  // Answered at all (a read of the FIFO waited forever, one of /dev/zero filled the memory), and the same.
  const late = new Promise<'no answer'>((r) => setTimeout(() => r('no answer'), 20_000).unref());
  assert.deepEqual(await Promise.race([arns(), late]), before);
});

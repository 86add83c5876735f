import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { buildOnce, LspClient, withCursor } from './lsp-client';

let client: LspClient;
const uri = 'file:///ws/cloud.flow.yaml';
const flow = (arn: string) => `version: v1\ntype: flow\nsteps:\n  - type: task\n    name: charge\n    resourceArn: ${arn}\n`;
const account = { region: 'cn-hangzhou', accountId: '1234567890' };
const listed = {
  functions: [
    { ...account, serviceName: 'shop', functionName: 'charge' },
    { ...account, serviceName: 'shop', functionName: 'refund' },
  ],
};

before(async () => {
  buildOnce();
  client = new LspClient();
  await client.initialize({ locale: 'en' });
});
after(async () => client.stop());

const notFound = async () => (await client.diagnosticsOf(uri)).filter((d) => d.code === 'cloud-function-not-found');

test('with no cloud list, an FC ARN gets no "function not found" warning', async () => {
  await client.open(uri, flow('acs:fc:cn-hangzhou:1234567890:services/shop/functions/chrage'));
  assert.deepEqual(await notFound(), []);
});

test("once the account's functions are known, a misspelt function is flagged on its resourceArn; a listed one is not", async () => {
  await client.connection.sendNotification('fdl/cloudFunctions', listed);
  await client.change(uri, flow('acs:fc:cn-hangzhou:1234567890:services/shop/functions/chrage'));
  const [d] = await notFound();
  assert.ok(d, 'expected a warning');
  assert.equal(d.severity, 2);
  assert.equal(d.range.start.line, 5);
  assert.match(String(d.message), /`chrage`.*`shop`/);
  await client.change(uri, flow('acs:fc:::services/shop/functions/refund'));
  assert.deepEqual(await notFound(), []);
  // Another region than the listed one: nothing is known, nothing is claimed.
  await client.change(uri, flow('acs:fc:cn-shanghai:1234567890:services/shop/functions/other'));
  assert.deepEqual(await notFound(), []);
});

test('the listed functions are offered as resourceArn completions', async () => {
  const { text, position } = withCursor('version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: |\n');
  await client.change(uri, text);
  const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
  const labels = items.map((i) => String(i.label));
  assert.ok(
    labels.some((l) => l.includes('services/shop/functions/charge')),
    labels.join(', '),
  );
});

test('an empty list (signed out) withdraws the warnings; a malformed notification is ignored safely', async () => {
  await client.connection.sendNotification('fdl/cloudFunctions', { functions: [] });
  await client.change(uri, flow('acs:fc:cn-hangzhou:1234567890:services/shop/functions/chrage'));
  assert.deepEqual(await notFound(), []);
  await client.connection.sendNotification('fdl/cloudFunctions', { functions: 'garbage' });
  await client.change(uri, flow('acs:fc:cn-hangzhou:1234567890:services/shop/functions/chrage'));
  assert.deepEqual(await notFound(), []);
});

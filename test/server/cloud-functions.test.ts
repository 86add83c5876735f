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

test('FC 3.0 functions (no service) are checked and completed in their own ARN form, apart from FC 2.0 ones', async () => {
  // Only FC 2.0 known: an FC 3.0 ARN is not claimed missing.
  await client.change(uri, flow('acs:fc:cn-hangzhou:1234567890:functions/resize'));
  assert.deepEqual(await notFound(), []);
  await client.connection.sendNotification('fdl/cloudFunctions', {
    functions: [...listed.functions, { ...account, functionName: 'resize' }, { ...account, functionName: 'notify' }],
  });
  await client.change(uri, flow('acs:fc:cn-hangzhou:1234567890:functions/resise'));
  const [d] = await notFound();
  assert.ok(d, 'expected a warning');
  assert.match(String(d.message), /`resise`.*1234567890.*Function Compute 3\.0 ListFunctions/);
  for (const ok of [
    'acs:fc:cn-hangzhou:1234567890:functions/resize',
    'acs:fc:::functions/notify',
    'acs:fc:cn-hangzhou:1234567890:functions/resize/LATEST',
    'acs:fc:::services/shop/functions/charge',
  ]) {
    await client.change(uri, flow(ok));
    assert.deepEqual(await notFound(), [], ok);
  }
  // A 3.0 function name is no FC 2.0 service function.
  await client.change(uri, flow('acs:fc:::services/shop/functions/resize'));
  assert.equal((await notFound()).length, 1);
  const { text, position } = withCursor('version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: |\n');
  await client.change(uri, text);
  const labels = (await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position })).map((i) => String(i.label));
  assert.ok(
    labels.some((l) => l.endsWith(':functions/resize')),
    labels.join(', '),
  );
  await client.connection.sendNotification('fdl/cloudFunctions', listed);
});

test("StateMachine: an FC:InvokeFunction task's Parameters.resourceArn is checked against the account's functions and completed with them", async () => {
  const sm = (arn: string) =>
    `Type: StateMachine\nName: cloud\nSpecVersion: v1\nStartAt: charge\nStates:\n  - Type: Task\n    Name: charge\n    Action: FC:InvokeFunction\n    Parameters:\n      resourceArn: ${arn}\n    End: true\n`;
  await client.change(uri, sm('acs:fc:cn-hangzhou:1234567890:services/shop/functions/chrage'));
  const [d] = await notFound();
  assert.ok(d, 'expected a warning');
  assert.equal(d.range.start.line, 9);
  assert.match(String(d.message), /`chrage`.*`shop`/);
  await client.change(uri, sm('acs:fc:::services/shop/functions/refund'));
  assert.deepEqual(await notFound(), []);
  const { text, position } = withCursor(sm('|'));
  await client.change(uri, text);
  const labels = (await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position })).map((i) => String(i.label));
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

/**
 * Funcraft / ROS templates name every task's function through `!Ref`: the editor says so once per
 * file (`deploy-tag-references`), the setting `flowStudio.diagnostics.deployTags: placeholder`
 * turns that into a warning per value while the server runs, and hovers speak words, not codes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { buildOnce, LspClient, positionOf } from './lsp-client';

const uri = 'file:///ws/template.flow.yaml';
const text = `version: v1
type: flow
steps:
  - type: task
    name: detect
    resourceArn: !Ref imageService/detect
  - type: task
    name: mask
    resourceArn: !Ref imageService/mask
  - type: task
    name: notify
    resourceArn: !Sub acs:fc:\${AWS::Region}::services/imageService/functions/notify
  - type: task
    name: broken
    resourceArn: acs:fc:Hangzhou::services/demo/functions/hello
`;

let client: LspClient;
before(async () => {
  buildOnce();
  client = new LspClient();
  await client.initialize({ locale: 'en' });
  await client.open(uri, text);
});
after(() => client.stop());

const codesOf = (ds: Diagnostic[]) => ds.map((d) => `${d.code}:${d.severity}`).filter((c) => !c.startsWith('missing-'));

async function nextPublication(from: number): Promise<Diagnostic[]> {
  const deadline = Date.now() + 20_000;
  while (client.publications.length <= from) {
    if (Date.now() > deadline) throw new Error('no new diagnostics after the configuration change');
    await new Promise((r) => setTimeout(r, 20));
  }
  return client.diagnosticsOf(uri);
}

async function hoverAt(needle: string): Promise<string> {
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, 2) });
  return h ? (h.contents as MarkupContent).value : '';
}

test('a template with three tagged resourceArns gets one information finding, on the first', async () => {
  const ds = await client.diagnosticsOf(uri);
  assert.deepEqual(codesOf(ds), ['deploy-tag-references:3', 'invalid-resource-arn:1']);
  assert.equal(ds[0].range.start.line, 5);
  assert.match(String(ds[0].message), /names 3 resource\(s\) through deploy-time tags/);
});

test('the setting turns each tagged value into a placeholder warning without a restart', async () => {
  const before = client.publications.length;
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { flowStudio: { diagnostics: { deployTags: 'placeholder' } } } });
  const ds = await nextPublication(before);
  assert.deepEqual(codesOf(ds), ['resource-arn-placeholder:2', 'resource-arn-placeholder:2', 'resource-arn-placeholder:2', 'invalid-resource-arn:1']);
  const back = client.publications.length;
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { flowStudio: { diagnostics: {} } } });
  assert.deepEqual(codesOf(await nextPublication(back)), ['deploy-tag-references:3', 'invalid-resource-arn:1']);
});

test('hovers explain a deploy-time reference and an invalid ARN in words, never an internal reason code', async () => {
  const ref = await hoverAt('imageService/detect');
  assert.match(ref, /deploy-time reference/);
  assert.match(ref, /likely a Function Compute function/);
  const bad = await hoverAt('acs:fc:Hangzhou');
  assert.match(bad, /region must be empty or like `cn-hangzhou`/);
  assert.doesNotMatch(bad, /bad-region/);
});

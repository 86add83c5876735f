/**
 * resourceArn against the workspace's Serverless Devs functions, both editions: s.yaml 3.0.0
 * (FC 3.0 functions, test/engine/integrations/fixtures/fc3-app) and 1.0.0 (FC 2.0 services,
 * fixtures/local-app). Completion offers them and the ARN skeletons; hover names the declaring
 * s.yaml; a task naming a function no s.yaml declares gets an information finding, matched as
 * the engine matches it when it runs local code.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { InsertTextFormat, type CompletionItem, type Hover } from 'vscode-languageserver-protocol';
import { buildOnce, LspClient, positionOf, withCursor } from './lsp-client';

const FIXTURES = join(__dirname, '..', 'engine', 'integrations', 'fixtures');
let opened = 0;
/** A fresh document per question, so each answer is about its own text. */
const nextUri = () => `file:///ws/order-${++opened}.flow.yaml`;
const flow = (...arns: string[]) => `version: v1\ntype: flow\nsteps:\n${arns.map((a, i) => `  - type: task\n    name: t${i}\n    resourceArn: ${a}\n`).join('')}`;
let client: LspClient;

async function start(locale: string, folders: string[]): Promise<LspClient> {
  const c = new LspClient();
  await c.initialize({ locale, workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(join(FIXTURES, f)).toString(), name: f })) });
  return c;
}

before(async () => {
  buildOnce();
  client = await start('en', ['fc3-app', 'local-app']);
});
after(async () => client.stop());

async function notDeclared(text: string, c = client): Promise<{ line: number; message: string; severity?: number }[]> {
  const uri = nextUri();
  await c.open(uri, text);
  return (await c.diagnosticsOf(uri))
    .filter((d) => d.code === 'workspace-function-not-found')
    .map((d) => ({ line: d.range.start.line, message: String(d.message), severity: d.severity }));
}

test('completion offers the s.yaml 3.0.0 functions by their FC 3.0 ARN and the 1.0.0 ones by service, then both skeletons', async () => {
  const { text, position } = withCursor('version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: |\n');
  const uri = nextUri();
  await client.open(uri, text);
  const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
  const functions = items.filter((i) => i.kind === 3).map((i) => String(i.label));
  for (const arn of [
    'acs:fc:::functions/order-quote',
    'acs:fc:::functions/order-approve',
    'acs:fc:::functions/order-checkout',
    'acs:fc:::functions/echo',
    'acs:fc:::services/demo/functions/echo',
  ])
    assert.ok(functions.includes(arn), `${arn} in ${functions.join(', ')}`);
  const quote = items.find((i) => i.label === 'acs:fc:::functions/order-quote')!;
  assert.equal(quote.detail, 'nodejs20 index.handler');
  const skeletons = items.filter((i) => i.insertTextFormat === InsertTextFormat.Snippet);
  assert.deepEqual(
    skeletons.map((i) => [i.label, (i.textEdit as { newText: string }).newText]),
    [
      ['acs:fc:{region}:{accountId}:functions/{functionName}', 'acs:fc:${1}:${2}:functions/${3:functionName}'],
      ['acs:fc:{region}:{accountId}:services/{serviceName}/functions/{functionName}', 'acs:fc:${1}:${2}:services/${3:serviceName}/functions/${4:functionName}'],
    ],
  );
  const sorted = [...items].sort((a, b) => String(a.sortText).localeCompare(String(b.sortText)));
  assert.ok(sorted.indexOf(skeletons[0]) > sorted.indexOf(quote), 'the skeletons come after the known functions');
});

test('hover on an FC 3.0 ARN with a qualifier names the s.yaml 3.0.0 that declares the function', async () => {
  const text = flow('acs:fc:cn-hangzhou:1234:functions/order-quote/prod');
  const uri = nextUri();
  await client.open(uri, text);
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'order-quote') });
  const value = (hover.contents as unknown as { value: string }).value;
  assert.match(value, /Function Compute function `order-quote`\./);
  assert.match(value, /Version or alias: `prod`/);
  assert.ok(value.includes(`Declared in \`${join(FIXTURES, 'fc3-app', 's.yaml')}\` (nodejs20, index.handler)`), value);
});

test('a task naming a function no s.yaml declares gets an information finding; declared ones, with qualifiers or the cross-generation name fallback, get none', async () => {
  const found = await notDeclared(
    flow(
      'acs:fc:cn-hangzhou:1234:functions/order-quote/prod',
      'acs:fc:::functions/order-qoute',
      'acs:fc:::services/demo/functions/approve',
      'acs:fc:::services/shop/functions/order-checkout',
      'acs:fc:::services/shop/functions/nothing',
      'acs:fnf:::flow/child',
    ),
  );
  assert.deepEqual(found, [
    {
      line: 8,
      severity: 3,
      message:
        'No s.yaml in the workspace declares the FC 3.0 function `order-qoute` (edition 3.0.0: `resources.<name>.props.functionName`), so a local run reaches it only through a mock.',
    },
    {
      line: 17,
      severity: 3,
      message:
        'No s.yaml in the workspace declares the function `nothing` of service `shop` (edition 1.0.0: `services.<name>.props.service.name` and `function.name`), so a local run reaches it only through a mock.',
    },
  ]);
});

test('in Chinese; and a workspace without any s.yaml gets no such finding', async () => {
  const zh = await start('zh-cn', ['fc3-app']);
  try {
    const [d] = await notDeclared(flow('acs:fc:::functions/missing'), zh);
    assert.match(d.message, /工作区中没有 s\.yaml 声明 FC 3\.0 函数 `missing`/);
  } finally {
    await zh.stop();
  }
  const bare = await start('en', ['flows']);
  try {
    assert.deepEqual(await notDeclared(flow('acs:fc:::functions/missing'), bare), []);
  } finally {
    await bare.stop();
  }
});

/** A StateMachine flow of FC:InvokeFunction tasks (and the Action given) naming `arns`. */
const smFlow = (arns: string[], action = 'FC:InvokeFunction') =>
  `Type: StateMachine\nName: order\nSpecVersion: v1\nStartAt: t0\nStates:\n${arns
    .map(
      (a, i) =>
        `  - Type: Task\n    Name: t${i}\n    Action: ${action}\n    Parameters:\n      resourceArn: ${a}\n    ${i === arns.length - 1 ? 'End: true' : `Next: t${i + 1}`}\n`,
    )
    .join('')}`;

test('StateMachine: Parameters.resourceArn of an FC:InvokeFunction task completes the workspace functions, then the skeletons; of FNF:StartExecution, the flow ARN', async () => {
  const { text, position } = withCursor(
    'Type: StateMachine\nName: order\nSpecVersion: v1\nStartAt: t\nStates:\n  - Type: Task\n    Name: t\n    Action: FC:InvokeFunction\n    Parameters:\n      resourceArn: |\n    End: true\n',
  );
  const uri = nextUri();
  await client.open(uri, text);
  const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
  const functions = items.filter((i) => i.kind === 3).map((i) => String(i.label));
  for (const arn of ['acs:fc:::functions/order-quote', 'acs:fc:::services/demo/functions/echo']) assert.ok(functions.includes(arn), `${arn} in ${functions.join(', ')}`);
  assert.deepEqual(
    items.filter((i) => i.insertTextFormat === InsertTextFormat.Snippet).map((i) => i.label),
    ['acs:fc:{region}:{accountId}:functions/{functionName}', 'acs:fc:{region}:{accountId}:services/{serviceName}/functions/{functionName}'],
  );

  const child = withCursor(
    'Type: StateMachine\nName: order\nSpecVersion: v1\nStartAt: t\nStates:\n  - Type: Task\n    Name: t\n    Action: FNF:StartExecution\n    Parameters:\n      resourceArn: |\n    End: true\n',
  );
  const childUri = nextUri();
  await client.open(childUri, child.text);
  const flowItems = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: childUri }, position: child.position });
  assert.deepEqual(
    flowItems.map((i) => [i.label, (i.textEdit as { newText: string }).newText]),
    [['acs:fnf:{region}:{accountId}:flow/{flowName}', 'acs:fnf:${1}:${2}:flow/${3:flowName}']],
  );
});

test('StateMachine: a Task naming a function no s.yaml declares gets the same information finding; hover names the declaring s.yaml', async () => {
  const found = await notDeclared(smFlow(['acs:fc:cn-hangzhou:1234:functions/order-quote/prod', 'acs:fc:::functions/order-qoute', 'acs:fc:::services/shop/functions/nothing']));
  assert.deepEqual(
    found.map((f) => [f.line, f.severity, f.message.slice(0, 80)]),
    [
      [15, 3, 'No s.yaml in the workspace declares the FC 3.0 function `order-qoute` (edition 3'],
      [21, 3, 'No s.yaml in the workspace declares the function `nothing` of service `shop` (ed'],
    ],
  );
  const text = smFlow(['acs:fc:cn-hangzhou:1234:functions/order-quote/prod']);
  const uri = nextUri();
  await client.open(uri, text);
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'order-quote') });
  const value = (hover.contents as unknown as { value: string }).value;
  assert.match(value, /Function Compute function `order-quote`\./);
  assert.ok(value.includes(`Declared in \`${join(FIXTURES, 'fc3-app', 's.yaml')}\``), value);
});

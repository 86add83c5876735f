/**
 * Snippets through the real language server: the flow skeleton in an empty flow file, the step
 * snippets where a step may start, and none of them as the value of `pattern:` or `goto:` or
 * among a step's keys.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { CompletionItemKind, type CompletionItem, type CompletionList, type TextEdit } from 'vscode-languageserver-protocol';
import { buildOnce, LspClient, withCursor } from './lsp-client';

let client: LspClient;
let n = 0;

before(async () => {
  buildOnce();
  client = new LspClient();
  const ws = pathToFileURL(join(__dirname, 'fixtures', 'workspace')).toString();
  await client.initialize({ locale: 'zh-cn', workspaceFolders: [{ uri: ws, name: 'ws' }] });
});
after(() => client.stop());

async function snippetsAt(src: string): Promise<CompletionItem[]> {
  const { text, position } = withCursor(src);
  const uri = `file:///ws/s${++n}.flow.yaml`;
  await client.open(uri, text);
  const r = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
  return (Array.isArray(r) ? r : (r?.items ?? [])).filter((i) => i.kind === CompletionItemKind.Snippet);
}
const flow = (body: string) => `version: v1\ntype: flow\nsteps:\n${body}`;
const STEP_SNIPPET_LABELS = ['task', 'task-sync', 'waitForCallback', 'pass', 'wait', 'choice', 'parallel', 'foreach', 'succeed', 'fail'];

test('an empty flow file is offered a skeleton of each format and no step', async () => {
  const items = await snippetsAt('|');
  assert.deepEqual(items.map((i) => i.label).sort(), ['StateMachine 流程', 'fdl-flow', 'flow']);
  const classic = items.find((i) => i.label === 'flow')!;
  assert.match((classic.textEdit as TextEdit).newText, /^version: v1\ntype: flow\nsteps:/);
  assert.match(JSON.stringify(classic.documentation), /新建 Serverless 工作流流程/, 'described in the display language');
  const stateMachine = items.find((i) => i.label === 'StateMachine 流程')!;
  assert.match((stateMachine.textEdit as TextEdit).newText ?? stateMachine.insertText ?? '', /Type: StateMachine/);
});

test('a new line between steps, at the steps column, is offered every step snippet', async () => {
  const items = await snippetsAt(flow('  - type: pass\n    name: a\n  ta|\n  - type: pass\n    name: b\n'));
  const labels = items.map((i) => i.label);
  for (const l of STEP_SNIPPET_LABELS) assert.ok(labels.includes(l), l);
  assert.ok(!labels.includes('flow'), 'no flow skeleton inside a flow');
  const task = items.find((i) => i.label === 'task')!;
  const edit = task.textEdit as TextEdit;
  assert.deepEqual(edit.range, { start: { line: 5, character: 2 }, end: { line: 5, character: 4 } }, 'replaces the typed word');
  assert.match(edit.newText, /^- type: task\n {2}name: \$\{1:callFunction\}/);
});

test('the first step under an empty steps:, and in a branch of a parallel step', async () => {
  assert.ok((await snippetsAt(flow('  |'))).some((i) => i.label === 'pass'));
  const nested = flow('  - type: parallel\n    name: p\n    branches:\n      - steps:\n          - type: pass\n            name: x\n          |\n');
  assert.ok((await snippetsAt(nested)).some((i) => i.label === 'choice'));
});

test('after a dash the snippet does not write a second dash and keeps its keys aligned', async () => {
  const items = await snippetsAt(flow('  - type: pass\n    name: a\n  - pa|\n'));
  const edit = items.find((i) => i.label === 'pass')!.textEdit as TextEdit;
  assert.deepEqual(edit.range, { start: { line: 5, character: 4 }, end: { line: 5, character: 6 } });
  assert.match(edit.newText, /^type: pass\n {2}name: /, 'continuation lines two columns in from the line indentation, under `type`');
});

test('no snippet as the value of pattern: or goto:, among a step’s keys, or in a StateMachine flow', async () => {
  assert.deepEqual(await snippetsAt(flow('  - type: task\n    name: a\n    resourceArn: acs:fc:::services/s/functions/f\n    pattern: |\n')), []);
  assert.deepEqual(await snippetsAt(flow('  - type: choice\n    name: c\n    choices:\n      - condition: $.a > 1\n        goto: |\n  - type: pass\n    name: b\n')), []);
  assert.deepEqual(await snippetsAt(flow('  - type: pass\n    name: a\n    |\n')), [], 'inside a step: its keys, not a new step');
  assert.deepEqual(await snippetsAt(flow('  - type: pass\n    name: a\n    inputMappings:\n      - ta|\n')), [], 'an item of another sequence');
  assert.deepEqual(await snippetsAt('Type: StateMachine\nName: x\nStartAt: A\nStates:\n  |\n'), []);
});

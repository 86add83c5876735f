import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { parse } from 'yaml';
import { buildOnce, LspClient, positionOf } from './lsp-client';

let client: LspClient;
let n = 0;
before(async () => {
  buildOnce();
  client = new LspClient();
  await client.initialize({ locale: 'en' });
});
after(() => client.stop());

async function open(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = `file:///ws/fix${++n}.flow.yaml`;
  await client.open(uri, text);
  return { uri, diagnostics: await client.diagnosticsOf(uri) };
}

/** Asks for quick fixes for one diagnostic and applies the first one's edit. */
async function fix(uri: string, text: string, d: Diagnostic): Promise<{ action: CodeAction; text: string }> {
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  assert.equal(actions.length, 1, `one fix for ${String(d.code)}`);
  const action = actions[0];
  assert.equal(action.kind, 'quickfix');
  const edits = action.edit!.changes![uri];
  return { action, text: TextDocument.applyEdits(TextDocument.create(uri, 'fdl', 1, text), edits) };
}

function located(text: string, needle: string, code: string, length = needle.length, data?: unknown): Diagnostic {
  const start = positionOf(text, needle);
  return { range: { start, end: { line: start.line, character: start.character + length } }, message: code, code, source: 'fdl', data };
}

test('a misspelled key and a misspelled enum value are fixed from the schema diagnostics', async () => {
  const text = `version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: acs:fc:::services/a/functions/b\n    patern: sync\n  - type: task\n    name: u\n    resourceArn: acs:fc:::services/a/functions/b\n    pattern: synk\n`;
  const { uri, diagnostics } = await open(text);
  const key = diagnostics.find((d) => d.code === 'schema-unknown-property');
  assert.ok(key, JSON.stringify(diagnostics));
  const a = await fix(uri, text, key);
  assert.equal(a.action.title, 'Change to `pattern`');
  assert.equal(parse(a.text).steps[0].pattern, 'sync');
  const value = diagnostics.find((d) => d.code === 'schema-invalid-enum');
  assert.ok(value);
  const b = await fix(uri, text, value);
  assert.equal(parse(b.text).steps[1].pattern, 'sync');
});

test("a goto to a missing step gets a quick fix creating that step in the goto's sequence", async () => {
  const text = `version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: p\n    branches:\n      - steps:\n          - type: choice\n            name: c\n            choices:\n              - condition: $.a\n                goto: later\n          - type: pass\n            name: x\n  - type: succeed\n    name: done\n`;
  const { uri } = await open(text);
  const r = await fix(uri, text, located(text, 'later', 'unknown-goto-target'));
  assert.equal(r.action.title, 'Create step `later`');
  const branch = parse(r.text).steps[0].branches[0].steps;
  assert.deepEqual(
    branch.map((s: { name: string }) => s.name),
    ['c', 'x', 'later'],
  );
  assert.equal(parse(r.text).steps.length, 2);
});

test('a goto with a near-miss name offers the suggestion first, then creating the step', async () => {
  const text = `version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: c\n    choices:\n      - condition: $.a\n        goto: finsh\n  - type: succeed\n    name: finish\n`;
  const { uri } = await open(text);
  const d = located(text, 'finsh', 'unknown-goto-target', 5, { target: 'finsh', replacement: 'finish' });
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  assert.deepEqual(
    actions.map((a) => [a.title, a.isPreferred]),
    [
      ['Change to `finish`', true],
      ['Create step `finsh`', false],
    ],
  );
});

test('a waitForCallback task gets the $context.task.token input mapping', async () => {
  const withMappings = `version: v1\ntype: flow\nsteps:\n  - type: task\n    name: approve\n    resourceArn: acs:fc:::services/a/functions/b\n    pattern: waitForCallback\n    inputMappings:\n      - target: id\n        source: $input.id\n  - type: pass\n    name: after\n`;
  let { uri } = await open(withMappings);
  let r = await fix(uri, withMappings, located(withMappings, 'waitForCallback', 'callback-token-not-passed'));
  assert.deepEqual(parse(r.text).steps[0].inputMappings, [
    { target: 'id', source: '$input.id' },
    { target: 'taskToken', source: '$context.task.token' },
  ]);
  const without = `version: v1\ntype: flow\nsteps:\n  - type: task\n    name: approve\n    resourceArn: acs:fc:::services/a/functions/b\n    pattern: waitForCallback\n`;
  ({ uri } = await open(without));
  r = await fix(uri, without, located(without, 'waitForCallback', 'callback-token-not-passed'));
  assert.deepEqual(parse(r.text).steps[0].inputMappings, [{ target: 'taskToken', source: '$context.task.token' }]);
});

test('StatefulAsyncInvocationID without Async gets InvocationType: Async', async () => {
  const text = `version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: acs:fc:::services/a/functions/b\n    pattern: sync\n    serviceParams:\n      StatefulAsyncInvocationID: $.id\n`;
  const { uri } = await open(text);
  const r = await fix(uri, text, located(text, 'StatefulAsyncInvocationID', 'stateful-async-without-async'));
  assert.deepEqual(parse(r.text).steps[0].serviceParams, { InvocationType: 'Async', StatefulAsyncInvocationID: '$.id' });
  const flowMap = text.replace('serviceParams:\n      StatefulAsyncInvocationID: $.id', 'serviceParams: {StatefulAsyncInvocationID: $.id}');
  const second = await open(flowMap);
  const r2 = await fix(second.uri, flowMap, located(flowMap, 'StatefulAsyncInvocationID', 'stateful-async-without-async'));
  assert.deepEqual(parse(r2.text).steps[0].serviceParams, { InvocationType: 'Async', StatefulAsyncInvocationID: '$.id' });
});

test('an explicit InvocationType: Sync is changed to Async, not duplicated', async () => {
  const text = `version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: acs:fc:::services/a/functions/b\n    serviceParams:\n      InvocationType: Sync\n      StatefulAsyncInvocationID: $.id\n`;
  const { uri, diagnostics } = await open(text);
  const d = diagnostics.find((x) => x.code === 'stateful-async-without-async') ?? located(text, 'StatefulAsyncInvocationID', 'stateful-async-without-async');
  const r = await fix(uri, text, d);
  assert.deepEqual(parse(r.text).steps[0].serviceParams, { InvocationType: 'Async', StatefulAsyncInvocationID: '$.id' });
});

test('rule findings carrying a replacement get "change to" (error names, serviceParams keys)', async () => {
  const text = `version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: acs:fc:::services/a/functions/b\n    serviceParams:\n      InvocationTyp: Async\n    retry:\n      - errors: [FnF.Timout]\n`;
  const { uri, diagnostics } = await open(text);
  const d = located(text, 'FnF.Timout', 'unknown-error-name', 10, { replacement: 'FnF.Timeout' });
  assert.deepEqual(parse((await fix(uri, text, d)).text).steps[0].retry[0].errors, ['FnF.Timeout']);
  const key = diagnostics.find((x) => x.code === 'unknown-service-param');
  if (key) assert.ok(Object.keys(parse((await fix(uri, text, key)).text).steps[0].serviceParams).includes('InvocationType'));
});

test('the token fix is not offered when the token is mapped but not sent on', async () => {
  const text = `version: v1\ntype: flow\nsteps: []\n`;
  const { uri } = await open(text);
  const d = located(text, 'steps', 'callback-token-not-passed', 5, { target: 'taskToken' });
  assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }), []);
});

test('diagnostics without a known fix get no action', async () => {
  const text = `version: v1\ntype: flow\nsteps: []\n`;
  const { uri } = await open(text);
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    context: { diagnostics: [located(text, 'version', 'something-else'), located(text, 'version', 'constructor')] },
  });
  assert.deepEqual(actions, []);
});

test('a choice without default gets two fixes: go on with the next step (preferred), or fail', async () => {
  const text = `version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: p\n    branches:\n      - steps:\n          - type: choice\n            name: checkStatus\n            choices:\n              - condition: $.status == "ok"\n                goto: ship\n          - type: pass\n            name: ship\n  - type: pass\n    name: after\n`;
  const { uri, diagnostics } = await open(text);
  const d = diagnostics.find((x) => x.code === 'choice-without-default');
  assert.ok(d, JSON.stringify(diagnostics));
  assert.equal(d.severity, 3, 'information');
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  assert.deepEqual(
    actions.map((a) => [a.title, a.isPreferred]),
    [
      ['Add a `default` that goes on with `ship`', true],
      ['Add a `default` that fails the execution', false],
    ],
  );
  const apply = (a: CodeAction) => TextDocument.applyEdits(TextDocument.create(uri, 'fdl', 1, text), a.edit!.changes![uri]);
  const withGoto = apply(actions[0]);
  const choice = parse(withGoto).steps[0].branches[0].steps[0];
  assert.deepEqual(choice.default, { goto: 'ship' });
  const withFail = apply(actions[1]);
  const failing = parse(withFail).steps[0].branches[0].steps[0].default;
  assert.deepEqual(failing.steps, [{ type: 'fail', name: 'checkStatusNoMatch', error: 'NoConditionMatched', cause: 'no condition of choice checkStatus holds' }]);
  // Both results are clean flows: the finding is gone and nothing new appears.
  for (const fixed of [withGoto, withFail]) {
    const after = await open(fixed);
    assert.deepEqual(
      after.diagnostics.map((x) => x.code),
      [],
    );
  }
});

test('a choice without default as the last step of its sequence gets only the failing default', async () => {
  const text = `version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: first\n  - type: choice\n    name: last\n    choices:\n      - condition: $.a == 1\n        steps:\n          - type: pass\n            name: one\n`;
  const { uri, diagnostics } = await open(text);
  const d = diagnostics.find((x) => x.code === 'choice-without-default');
  assert.ok(d, JSON.stringify(diagnostics));
  const r = await fix(uri, text, d);
  assert.equal(r.action.title, 'Add a `default` that fails the execution');
  assert.equal(parse(r.text).steps[1].default.steps[0].type, 'fail');
});

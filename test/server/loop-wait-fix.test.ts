/**
 * The quick fix for `loop-without-wait`: a wait step inserted before the step whose goto closes
 * the loop, in the sequence's own style, with a name no step uses. Applying it and analysing the
 * result again leaves no `loop-without-wait` and no other new finding.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { parse } from 'yaml';
import { analyze } from '../../fdl/index';
import { buildOnce, LspClient } from './lsp-client';

let client: LspClient;
let n = 0;
before(async () => {
  buildOnce();
  client = new LspClient();
  await client.initialize({ locale: 'en' });
});
after(() => client.stop());

/** Opens the flow, takes its one `loop-without-wait` finding and applies the one fix offered. */
async function fixLoop(text: string): Promise<{ title: string; text: string }> {
  const uri = `file:///ws/loop${++n}.flow.yaml`;
  await client.open(uri, text);
  const loops = (await client.diagnosticsOf(uri)).filter((d: Diagnostic) => d.code === 'loop-without-wait');
  assert.equal(loops.length, 1, 'one loop-without-wait finding');
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: loops[0].range, context: { diagnostics: loops } });
  assert.equal(actions.length, 1);
  assert.equal(actions[0].kind, 'quickfix');
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'fdl', 1, text), actions[0].edit!.changes![uri]);
  return { title: actions[0].title, text: fixed };
}

/** Codes of the findings, `loop-without-wait` left out: what the fix must not add to. */
function otherCodes(text: string): string[] {
  return analyze(text)
    .diagnostics.map((d) => d.code)
    .filter((c) => c !== 'loop-without-wait')
    .sort();
}

function assertClean(before: string, after: string): void {
  assert.deepEqual(
    analyze(after).diagnostics.filter((d) => d.code === 'loop-without-wait'),
    [],
  );
  assert.deepEqual(otherCodes(after), otherCodes(before));
}

const busy = `version: v1
type: flow
steps:
  - type: task
    name: check
    resourceArn: acs:fc:::services/jobs/functions/check
  # is the job done?
  - type: choice
    name: isDone
    choices:
      - condition: $.status == "running"
        goto: check
  - type: succeed
    name: finished
`;

test('a busy polling loop gets a wait step right before the choice that loops back', async () => {
  const r = await fixLoop(busy);
  assert.equal(r.title, 'Add a wait step before `isDone`');
  const steps = parse(r.text).steps;
  assert.deepEqual(
    steps.map((s: { name: string }) => s.name),
    ['check', 'pauseBeforeIsDone', 'isDone', 'finished'],
  );
  assert.deepEqual(steps[1], { type: 'wait', name: 'pauseBeforeIsDone', duration: 5 });
  assert.ok(r.text.includes('duration: 5\n  # is the job done?\n  - type: choice'), 'the comment stays with its step');
  assertClean(busy, r.text);
});

test('the new name does not collide with a step name used anywhere in the flow', async () => {
  const text = busy.replace(
    '  - type: succeed\n    name: finished\n',
    '  - type: parallel\n    name: side\n    branches:\n      - steps:\n          - type: pass\n            name: pauseBeforeIsDone\n  - type: succeed\n    name: finished\n',
  );
  const r = await fixLoop(text);
  assert.deepEqual(parse(r.text).steps[1], { type: 'wait', name: 'wait1', duration: 5 });
  assertClean(text, r.text);
});

test("a catch goto back in a foreach body keeps the body's indentation and item spacing", async () => {
  const text = `version: v1
type: flow
steps:
  - type: foreach
    name: each
    iterationMapping:
      collection: $.jobs
      item: job
    steps:
    -   type: task
        name: submit
        resourceArn: acs:fc:::services/jobs/functions/submit
    -   type: task
        name: confirm
        resourceArn: acs:fc:::services/jobs/functions/confirm
        catch:
          - errors: [FnF.ALL]
            goto: submit
`;
  const r = await fixLoop(text);
  assert.equal(r.title, 'Add a wait step before `confirm`');
  assert.ok(r.text.includes('    -   type: wait\n        name: pauseBeforeConfirm\n        duration: 5\n    -   type: task\n        name: confirm'), r.text);
  assertClean(text, r.text);
});

test('a choice jumping to itself gets the wait and its goto pointed at the wait', async () => {
  const text = `version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: spin\n    choices:\n      - condition: $.ready == false\n        goto: "spin"\n  - type: succeed\n    name: done\n`;
  const r = await fixLoop(text);
  assert.equal(r.title, 'Add a wait step before `spin` and loop through it');
  const steps = parse(r.text).steps;
  assert.deepEqual(
    steps.map((s: { name: string }) => s.name),
    ['pauseBeforeSpin', 'spin', 'done'],
  );
  assert.equal(steps[1].choices[0].goto, 'pauseBeforeSpin');
  assertClean(text, r.text);
});

test('a flow-style sequence gets a flow-style wait item', async () => {
  const text = `version: v1\ntype: flow\nsteps: [{type: task, name: check, resourceArn: "acs:fc:::services/jobs/functions/check"}, {type: choice, name: again, choices: [{condition: $.status == "running", goto: check}]}]\n`;
  const r = await fixLoop(text);
  assert.deepEqual(
    parse(r.text).steps.map((s: { name: string }) => s.name),
    ['check', 'pauseBeforeAgain', 'again'],
  );
  assertClean(text, r.text);
});

test('a stale finding (the document changed under it) gets no fix', async () => {
  const uri = `file:///ws/loop${++n}.flow.yaml`;
  await client.open(uri, busy);
  const [d] = (await client.diagnosticsOf(uri)).filter((x: Diagnostic) => x.code === 'loop-without-wait');
  const stale = { ...d, data: { ...(d.data as object), insert: { style: 'block', offset: 3, dash: 2, content: 4 } } };
  assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [stale] } }), []);
});

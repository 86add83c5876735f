/// <reference types="mocha" />
/**
 * Run Step Alone…: after a local run, the step at the cursor (nested in a foreach) runs alone
 * with its data prefilled from that run and a mocked result typed in, and its report opens beside
 * the flow; a StateMachine state named by the caller gets the run's data too; an unknown step is
 * refused with a message naming the steps there are.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS, STEP_TEST_SCHEME } from '../../../client/command-ids';
import type { StepTestResult } from '../../../engine/index';
import { eventually, executionEnd, flowStudio, recordMessages, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

/** Answers the next input boxes with `answer(box)` (the prefilled value, or a typed text), recording the boxes. */
function answerInputBoxes(answers: ((box: vscode.InputBoxOptions) => string)[]): { boxes: vscode.InputBoxOptions[]; restore(): void } {
  const window = vscode.window as Pick<typeof vscode.window, 'showInputBox'>;
  const real = window.showInputBox;
  const boxes: vscode.InputBoxOptions[] = [];
  window.showInputBox = (async (options?: vscode.InputBoxOptions) => {
    const answer = answers.shift();
    if (!answer) throw new Error(`an input box nobody answers: ${options?.title ?? ''}`);
    boxes.push(options ?? {});
    const typed = answer(options ?? {});
    const said = await options?.validateInput?.(typed);
    if (said) throw new Error(`the box refused ${typed}: ${JSON.stringify(said)}`);
    return typed;
  }) as typeof real;
  return { boxes, restore: () => void (window.showInputBox = real) };
}

/** Picks the first row of the next quick pick (`showQuickPick`), recording the rows offered. */
function pickFirst(): { offered: string[]; restore(): void } {
  const window = vscode.window as Pick<typeof vscode.window, 'showQuickPick'>;
  const real = window.showQuickPick;
  const offered: string[] = [];
  window.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
    const rows = await items;
    offered.push(...rows.map((r) => r.label));
    return rows[0];
  }) as unknown as typeof real;
  return { offered, restore: () => void (window.showQuickPick = real) };
}

async function runToEnd(relative: string, inputFile: string): Promise<Started> {
  const api = await flowStudio();
  const uri = workspaceFile(relative);
  const input = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(inputFile)));
  const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input });
  assert.equal((await executionEnd(api, started.flowName, started.executionName)).status, 'Succeeded');
  return started;
}

async function reportShown(): Promise<string> {
  const editor = await eventually(
    'the step report beside the flow',
    () => vscode.window.activeTextEditor,
    (e) => e?.document.uri.scheme === STEP_TEST_SCHEME,
  );
  return editor!.document.getText();
}

suite('run step alone', () => {
  test('classic: the step at the cursor, prefilled from the last run, with a mocked result', async () => {
    const started = await runToEnd('flows/batch-thumbnails.flow.yaml', 'flows/batch-thumbnails.input.json');
    const document = await vscode.workspace.openTextDocument(workspaceFile('flows/batch-thumbnails.flow.yaml'));
    const editor = await vscode.window.showTextDocument(document);
    const at = document.positionAt(document.getText().indexOf('name: MakeThumbnail') + 8);
    editor.selection = new vscode.Selection(at, at);

    const boxes = answerInputBoxes([(b) => b.value ?? '', (b) => b.value ?? '', () => '{"thumbnail": "mocked.png"}']);
    const picks = pickFirst();
    try {
      const result = await vscode.commands.executeCommand<StepTestResult>(COMMAND_IDS.runStepAlone);
      assert.deepEqual(picks.offered, ['$(json) Mocked result…', '$(error) Mocked error…', "$(beaker) The flow's mocks and local functions"]);
      // Prefilled: the iteration's input as the run recorded it, and the run named.
      const input = JSON.parse(boxes.boxes[0].value ?? '') as { image: string; index: number; images: string[] };
      assert.deepEqual(input.images, ['cat.png', 'dog.png', 'fox.png']);
      assert.equal(input.image, input.images[input.index]);
      assert.match(boxes.boxes[0].prompt ?? '', new RegExp(`Prefilled from execution ${started.executionName}`));
      assert.equal(result.path, 'EachImage/0/MakeThumbnail');
      assert.deepEqual(result.mappedInput, { image: input.image, index: input.index });
      assert.deepEqual(result.output, { thumbnail: 'mocked.png' });
      assert.deepEqual(result.next, { kind: 'end', scope: 'iteration', via: 'end' });
      const text = await reportShown();
      assert.match(text, /`EachImage\/0\/MakeThumbnail` \(task\) run alone: succeeded/);
      assert.match(text, /"thumbnail": "mocked.png"/);
      assert.match(text, /Its iteration ends here\./);
    } finally {
      boxes.restore();
      picks.restore();
    }
  });

  test('StateMachine: a state named by the caller, its input prefilled from the last run', async () => {
    await runToEnd('flows/thumbnails-statemachine.flow.yaml', 'flows/thumbnails-statemachine.input.json');
    const uri = workspaceFile('flows/thumbnails-statemachine.flow.yaml');
    const boxes = answerInputBoxes([(b) => b.value ?? '']);
    try {
      const result = await vscode.commands.executeCommand<StepTestResult>(COMMAND_IDS.runStepAlone, { uri: uri.toString(), step: 'Summary' });
      assert.equal(boxes.boxes.length, 1, 'a StateMachine state has no $local to ask for');
      assert.equal(result.status, 'succeeded');
      assert.deepEqual(result.output?.count, 3);
      assert.equal(result.output?.title, '3 thumbnails');
      assert.deepEqual(result.next, { kind: 'end', scope: 'flow', via: 'end' });
      assert.match(await reportShown(), /Its flow ends here\./);
    } finally {
      boxes.restore();
    }
  });

  test('an unknown step is refused, naming the steps', async () => {
    const messages = recordMessages();
    try {
      const uri = workspaceFile('flows/batch-thumbnails.flow.yaml');
      const result = await vscode.commands.executeCommand<StepTestResult | undefined>(COMMAND_IDS.runStepAlone, { uri: uri.toString(), step: 'Nope', input: {} });
      assert.equal(result, undefined);
      assert.equal(messages.shown.length, 1);
      assert.equal(messages.shown[0].severity, 'error');
      assert.match(messages.shown[0].text, /Run Step Alone: No step Nope in this flow\. Its steps: EachImage, EachImage\/0\/MakeThumbnail, LetTheCdnCatchUp, Summary\./);
    } finally {
      messages.restore();
    }
  });
});

/// <reference types="mocha" />
/**
 * Clicking a step in the Executions view (its command, flowStudio.openStepData, with the step's
 * node as the tree passes it) opens that step's input and output as a read-only JSON document.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import type { ExecutionNode, StepNode } from '../../../client/model/execution-tree';
import { eventually, executionEnd, flowStudio, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

/** Types `text` into the active editor, as the keyboard does (the `type` command goes through the editor's read-only check). */
async function typeIntoActiveEditor(text: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  await vscode.commands.executeCommand('type', { text });
}

suite('step data', () => {
  test('clicking a step opens its input and output as JSON that cannot be edited', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/batch-thumbnails.flow.yaml');
    await vscode.window.showTextDocument(uri);
    const input = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('flows/batch-thumbnails.input.json')))) as { images: string[] };
    const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input: JSON.stringify(input) });
    assert.equal((await executionEnd(api, started.flowName, started.executionName)).status, 'Succeeded');
    const execution = await eventually(
      'the execution in the view with its last step',
      async () => (await api.executionsView.getChildren()).find((n): n is ExecutionNode => n.kind === 'execution' && n.executionName === started.executionName),
      (n) => n !== undefined && n.children.some((c) => c.kind === 'step' && c.stepName === 'Summary' && c.status === 'succeeded'),
    );
    const steps = (await api.executionsView.getChildren(execution)).filter((c): c is StepNode => c.kind === 'step');
    const summary = steps.find((s) => s.stepName === 'Summary');
    assert.ok(summary, `steps shown: ${steps.map((s) => s.stepName).join(', ')}`);
    // The tree row's click runs the command with the row's node.
    assert.equal(api.executionsView.getTreeItem(summary).command?.command, COMMAND_IDS.openStepData);

    await vscode.commands.executeCommand(COMMAND_IDS.openStepData, summary);
    const editor = await eventually(
      'the step document',
      () => vscode.window.activeTextEditor,
      (e) => e?.document.uri.scheme === 'flow-studio' && e.document.uri.path.includes('/step/'),
    );
    const document = editor!.document;
    assert.equal(document.languageId, 'json');
    const shown = JSON.parse(document.getText()) as {
      step: string;
      status: string;
      input: { images?: string[]; thumbnails?: string[] };
      output: { thumbnails?: string[]; count?: number };
    };
    assert.equal(shown.step, 'Summary');
    assert.equal(shown.status, 'succeeded');
    // Its input: the flow's input with the foreach's thumbnails (the mocks' outputs); its output: what its outputMappings make.
    assert.deepEqual(shown.input.images, input.images);
    const thumbnails = ['cat-thumb.png', 'dog-thumb.png', 'fox-thumb.png'];
    assert.deepEqual([...(shown.input.thumbnails ?? [])].sort(), thumbnails);
    assert.equal(shown.output.count, 3);
    assert.deepEqual([...(shown.output.thumbnails ?? [])].sort(), thumbnails);

    // Typing into it changes nothing (the same keystrokes do change an ordinary document).
    const before = document.getText();
    await typeIntoActiveEditor('x');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(document.getText(), before);
    assert.equal(document.isDirty, false);
    const scratch = await vscode.workspace.openTextDocument({ language: 'json', content: '{}' });
    await vscode.window.showTextDocument(scratch);
    await typeIntoActiveEditor('x');
    await eventually(
      'typing to reach an editable document',
      () => scratch.getText(),
      (t) => t.includes('x'),
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

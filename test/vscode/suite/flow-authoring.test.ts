/// <reference types="mocha" />
/**
 * New Flow and Convert to CloudFlow StateMachine in the extension host: the converted flow opens beside
 * the classic one with the conversion's problems on the original, and the new flow is a file the
 * language server finds no error in.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { acceptQuickInput, eventually, flowStudio, workspaceFile } from './helpers';

interface ConvertResult {
  converted: vscode.Uri;
  problems: number;
}

const errorsOf = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

/** Waits until the language server has parsed the document (its outline lists states), then for its diagnostics to be published. */
async function analysed(uri: vscode.Uri): Promise<void> {
  await eventually(
    'the outline of the flow',
    async () => vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri),
    (s) => !!s && s.length > 0,
  );
  await new Promise((r) => setTimeout(r, 1000));
}

async function remove(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
}

suite('flow authoring', () => {
  test('Convert opens the StateMachine flow beside the classic one and lists what was not carried over on the original', async () => {
    await flowStudio();
    const original = workspaceFile('flows/order-approval.flow.yaml');
    await vscode.window.showTextDocument(original);
    const result = await vscode.commands.executeCommand<ConvertResult>(COMMAND_IDS.convertToStateMachine, original);
    try {
      assert.ok(result, 'the command returns the converted file');
      assert.equal(result.converted.toString(), workspaceFile('flows/order-approval-statemachine.flow.yaml').toString());
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.toString(), result.converted.toString());
      assert.equal(editor?.viewColumn, vscode.ViewColumn.Two, 'opened beside the original');
      assert.match(editor!.document.getText(), /^Type: StateMachine\nName: order-approval-statemachine\n/);

      const problems = vscode.languages.getDiagnostics(original).filter((d) => d.source === 'Convert to StateMachine');
      assert.ok(result.problems > 0);
      assert.equal(problems.length, result.problems);
      const timeout = problems.find((d) => d.code === 'flow-timeout');
      assert.ok(timeout, 'the flow timeout, which has no StateMachine field, is listed');
      const originalText = (await vscode.workspace.openTextDocument(original)).getText();
      assert.match(originalText.split('\n')[timeout.range.start.line], /timeoutSeconds/);

      // The language server finds no error in the converted flow.
      await analysed(result.converted);
      assert.deepEqual(
        errorsOf(result.converted).map((d) => d.message),
        [],
      );
    } finally {
      if (result) await remove(result.converted);
    }
  });

  test('Convert refuses a StateMachine flow and changes nothing', async () => {
    await flowStudio();
    const sm = workspaceFile('statemachine/flows/leave-approval.flow.yaml');
    await vscode.window.showTextDocument(sm);
    assert.equal(await vscode.commands.executeCommand(COMMAND_IDS.convertToStateMachine, sm), undefined);
    const stat = await Promise.resolve(vscode.workspace.fs.stat(workspaceFile('statemachine/flows/leave-approval-statemachine.flow.yaml'))).catch(() => undefined);
    assert.equal(stat, undefined);
  });

  test('New Flow: StateMachine, then Approval, saved where the dialog says, named after the file', async () => {
    await flowStudio();
    const target = workspaceFile('flows/team-approval.flow.yaml');
    const window = vscode.window as { showSaveDialog: typeof vscode.window.showSaveDialog };
    const real = window.showSaveDialog;
    const asked: vscode.SaveDialogOptions[] = [];
    window.showSaveDialog = async (options?: vscode.SaveDialogOptions) => (asked.push(options ?? {}), target);
    try {
      const creating = vscode.commands.executeCommand<vscode.Uri>(COMMAND_IDS.newFlow);
      await acceptQuickInput(); // CloudFlow StateMachine, the first (recommended) format
      await acceptQuickInput(); // Approval with a callback, the first starting point
      const made = await creating;
      assert.equal(made?.toString(), target.toString());
      assert.equal(asked.length, 1);
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.toString(), target.toString());
      const text = editor!.document.getText();
      assert.match(text, /^Type: StateMachine$/m);
      assert.match(text, /^Name: team-approval$/m);
      assert.match(text, /TaskMode: WaitForCustomCallback/);
      await analysed(target);
      assert.deepEqual(
        errorsOf(target).map((d) => d.message),
        [],
      );
    } finally {
      window.showSaveDialog = real;
      await remove(target);
    }
  });

  test('New Flow with a format and template given makes a classic batch flow', async () => {
    await flowStudio();
    const target = workspaceFile('flows/nightly-batch.flow.yaml');
    try {
      await vscode.commands.executeCommand(COMMAND_IDS.newFlow, { format: 'classic', template: 'batch', target });
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      assert.match(text, /^version: v1\ntype: flow\n/m);
      assert.match(text, /type: foreach/);
    } finally {
      await remove(target);
    }
  });
});

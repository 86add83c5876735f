/// <reference types="mocha" />
/**
 * The walkthrough's "Open …" buttons run `flowStudio.openExample` with the file's path in the
 * examples workspace: the file opens in an editor; a path the workspace does not have is said.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { flowStudio, recordMessages } from './helpers';

suite('open example', () => {
  test('opens the example flow itself', async () => {
    await flowStudio();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(COMMAND_IDS.openExample, 'flows/order-approval.flow.yaml');
    const active = vscode.window.activeTextEditor?.document.uri.path ?? '';
    assert.ok(active.endsWith('/flows/order-approval.flow.yaml'), active);
  });

  test('a file the workspace does not have is said, and nothing opens', async () => {
    await flowStudio();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const messages = recordMessages();
    try {
      await vscode.commands.executeCommand(COMMAND_IDS.openExample, 'flows/no-such-example.flow.yaml');
    } finally {
      messages.restore();
    }
    assert.equal(vscode.window.activeTextEditor, undefined);
    assert.match(messages.shown[0]?.text ?? '', /flows\/no-such-example\.flow\.yaml is not in this workspace/);
  });
});

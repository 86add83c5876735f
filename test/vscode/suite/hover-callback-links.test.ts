/// <reference types="mocha" />
/**
 * The editor's hover on a step waiting for a callback: it shows the step waiting, with its input
 * (here carrying the task token) and Approve · Reject links; the Approve command, run with the
 * arguments in the form those links carry, answers that callback.
 *
 * What the extension host can read of the hover: `vscode.executeHoverProvider` returns only hover
 * providers (the language server's text about `name`), never a decoration's hoverMessage, so the
 * hover is read as a user of a screen reader reads it: "Show or Focus Hover" with focus, then
 * "Open Accessible View", whose read-only document holds the hover's rendered text. Links show
 * as their text only; their targets (command and encoded arguments) are not in it, so the test
 * builds the `command:` link as client/views/step-decorations.ts builds it and runs it as VS Code's
 * command opener does. In VS Code 1.100 (code-server) the accessible view opened only once per
 * window from the extension host (later opens raised no document), so this suite reads one hover.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { acceptQuickInput, eventually, executionEnd, flowStudio, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

const STEP = 'ManagerApproval';

/** The rendered text of the hover at `position`, decoration hovers included (see above). */
async function readHover(editor: vscode.TextEditor, position: vscode.Position): Promise<string> {
  editor.selection = new vscode.Selection(position, position);
  await new Promise((r) => setTimeout(r, 300));
  await vscode.commands.executeCommand('editor.action.showHover', { focus: 'autoFocusImmediately' });
  await new Promise((r) => setTimeout(r, 1000));
  let text: string | undefined;
  const take = (d: vscode.TextDocument) => void (d.uri.scheme === 'accessible-view' && (text = d.getText()));
  const listeners = [vscode.workspace.onDidOpenTextDocument(take), vscode.workspace.onDidChangeTextDocument((e) => take(e.document))];
  try {
    await vscode.commands.executeCommand('editor.action.accessibleView');
    await eventually('the accessible view of the hover', () => text, (t) => t !== undefined, 10_000);
  } finally {
    for (const l of listeners) l.dispose();
  }
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  return text!;
}

/** Runs a `command:` link as VS Code's command opener does: the query, URI-decoded, is the JSON argument list. */
async function followCommandLink(link: string): Promise<unknown> {
  const target = vscode.Uri.parse(link);
  assert.equal(target.scheme, 'command');
  const parsed = JSON.parse(decodeURIComponent(target.query)) as unknown;
  return vscode.commands.executeCommand(target.path, ...(Array.isArray(parsed) ? parsed : [parsed]));
}

suite('hover callback links', () => {
  test('the hover on a waiting step shows it waiting with Approve · Reject, and the Approve link answers that callback', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/expense-approval.flow.yaml');
    const editor = await vscode.window.showTextDocument(uri);
    const input = JSON.stringify({ employee: 'Han Meimei', amount: 13, reason: `hover ${Date.now()}` });
    const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input });
    assert.ok(started, 'runFlow returns the execution it started');
    const pending = await eventually('the approval to wait', () => api.executionsView.pendingCallbacks().find((p) => p.executionName === started.executionName), (p) => p !== undefined);
    const token = pending!.token;
    const position = editor.document.positionAt(editor.document.getText().indexOf(`name: ${STEP}`) + `name: ${STEP}`.length - 3);

    const hover = await readHover(editor, position);
    assert.match(hover, new RegExp(`${STEP} — waiting for callback`));
    assert.ok(hover.includes(token), `the hover shows the step's input with its task token; hover: ${hover}`);
    assert.match(hover, /Approve · Reject\s*$/, 'the two links end the hover');

    // The link the hover carries: command:<id>?<encoded [{token, backend, stepName}]>.
    const link = `command:${COMMAND_IDS.approveCallback}?${encodeURIComponent(JSON.stringify([{ token, backend: 'local', stepName: STEP }]))}`;
    const approving = followCommandLink(link);
    await acceptQuickInput(); // "Empty output"
    await approving;
    const done = await executionEnd(api, started.flowName, started.executionName);
    assert.equal(done.status, 'Succeeded', `${done.error}: ${done.cause}`);
  });
});

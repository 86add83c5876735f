/// <reference types="mocha" />
/**
 * The editor's hover on a step waiting for a callback: it shows the step waiting, with its input
 * (here carrying the task token) and Approve · Reject links; the commands those links name, run
 * with the arguments in the form the links carry, answer that callback, and the hover then shows
 * the step's new status without the links.
 *
 * The hover is read with readHover (helpers.ts: the accessible view of the focused hover), which
 * gives its rendered text: link targets (command and encoded arguments) are not in it and cannot
 * be read from the extension host, so the test builds each `command:` link as
 * client/views/step-decorations.ts builds it and runs it as VS Code's command opener does.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { acceptQuickInput, eventually, executionEnd, flowStudio, readHover, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

const STEP = 'ManagerApproval';

async function startWaiting() {
  const api = await flowStudio();
  const uri = workspaceFile('flows/expense-approval.flow.yaml');
  const editor = await vscode.window.showTextDocument(uri);
  const input = JSON.stringify({ employee: 'Han Meimei', amount: 13, reason: `hover ${Date.now()}` });
  const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input });
  assert.ok(started, 'runFlow returns the execution it started');
  const pending = await eventually(
    'the approval to wait',
    () => api.executionsView.pendingCallbacks().find((p) => p.executionName === started.executionName),
    (p) => p !== undefined,
  );
  const position = editor.document.positionAt(editor.document.getText().indexOf(`name: ${STEP}`) + `name: ${STEP}`.length - 3);
  return { api, editor, started, token: pending!.token, position };
}

/** The hover of the waiting step: its status, its input with the token, and the two links at the end. */
async function assertWaitingHover(editor: vscode.TextEditor, position: vscode.Position, token: string): Promise<void> {
  const hover = await eventually(
    'the hover to show the step waiting',
    () => readHover(editor, position),
    (t) => t.includes(token),
  );
  assert.match(hover, new RegExp(`${STEP} — waiting for callback`));
  assert.match(hover, /Approve · Reject\s*$/, `the two links end the hover; hover: ${hover}`);
}

/** The link the hover carries for a waiting step: `command:<id>?<encoded [{token, backend, stepName}]>`. */
function hoverLink(command: string, token: string): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([{ token, backend: 'local', stepName: STEP }]))}`;
}

/** Runs a `command:` link as VS Code's command opener does: the query, URI-decoded, is the JSON argument list. */
async function followCommandLink(link: string): Promise<unknown> {
  const target = vscode.Uri.parse(link);
  assert.equal(target.scheme, 'command');
  const parsed = JSON.parse(decodeURIComponent(target.query)) as unknown;
  return vscode.commands.executeCommand(target.path, ...(Array.isArray(parsed) ? parsed : [parsed]));
}

suite('hover callback links', () => {
  test('the hover on a waiting step shows it waiting with Approve · Reject; the Approve link answers it and the links go', async () => {
    const { api, editor, started, token, position } = await startWaiting();
    await assertWaitingHover(editor, position, token);

    const approving = followCommandLink(hoverLink(COMMAND_IDS.approveCallback, token));
    await acceptQuickInput(); // "Empty output"
    await approving;
    const done = await executionEnd(api, started.flowName, started.executionName);
    assert.equal(done.status, 'Succeeded', `${done.error}: ${done.cause}`);

    const answered = await eventually(
      'the hover to show the step succeeded',
      () => readHover(editor, position),
      (t) => t.includes(`${STEP} — succeeded`),
    );
    assert.ok(!answered.includes('Approve · Reject'), `no links once answered; hover: ${answered}`);
  });

  test('the Reject link answers the waiting callback with a failure the flow catches', async () => {
    const { api, editor, started, token, position } = await startWaiting();
    await assertWaitingHover(editor, position, token);

    const rejecting = followCommandLink(hoverLink(COMMAND_IDS.rejectCallback, token));
    for (let i = 0; i < 2; i++) await acceptQuickInput(); // error name "Rejected" (prefilled), empty cause
    await rejecting;
    const done = await executionEnd(api, started.flowName, started.executionName);
    assert.equal(done.error, 'ExpenseRejected', 'the flow caught the rejection as it declares');

    const answered = await eventually(
      'the hover to show the step failed',
      () => readHover(editor, position),
      (t) => t.includes(`${STEP} — failed`),
    );
    assert.ok(!answered.includes('Approve · Reject'), `no links once answered; hover: ${answered}`);
  });
});

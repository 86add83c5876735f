/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { acceptQuickInput, eventually, executionEnd, flowStudio, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

suite('run flow', () => {
  test('a mocked flow runs to Succeeded and its history opens read-only as JSON', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/batch-thumbnails.flow.yaml');
    await vscode.window.showTextDocument(uri);
    const input = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('flows/batch-thumbnails.input.json')));
    const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input });
    assert.ok(started, 'runFlow returns the execution it started');
    const done = await executionEnd(api, started.flowName, started.executionName);
    assert.equal(done.status, 'Succeeded', `${done.error}: ${done.cause}`);

    await vscode.commands.executeCommand(COMMAND_IDS.openExecutionHistory, started);
    const editor = await eventually(
      'the history document',
      () => vscode.window.activeTextEditor,
      (e) => e?.document.uri.scheme === 'flow-studio',
    );
    assert.equal(editor!.document.languageId, 'json');
    const events = JSON.parse(editor!.document.getText()) as { type: string }[];
    assert.equal(events[0].type, 'ExecutionStarted');
    assert.equal(events.at(-1)!.type, 'ExecutionSucceeded');
  });

  test('Approve answers a waiting callback and the execution resumes', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/expense-approval.flow.yaml');
    await vscode.window.showTextDocument(uri);
    const input = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('flows/expense-approval.input.json')));
    const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input });
    const token = await eventually(
      'a callback token in the history',
      async () => {
        const history = await api.localBackend.getExecutionHistory(started.flowName, started.executionName);
        const scheduled = history.filter((e) => e.type === 'TaskScheduled').map((e) => JSON.parse(e.eventDetail ?? '{}') as { pattern?: string; taskToken?: string });
        return scheduled.find((d) => d.pattern === 'waitForCallback')?.taskToken;
      },
      (t) => typeof t === 'string',
    );
    // The approve command asks for the output: pick "Empty output" (the first row) as a user would.
    const approving = vscode.commands.executeCommand(COMMAND_IDS.approveCallback, { token, stepName: 'ManagerApproval', backend: 'local' });
    await acceptQuickInput();
    await approving;
    const done = await executionEnd(api, started.flowName, started.executionName);
    assert.equal(done.status, 'Succeeded', `${done.error}: ${done.cause}`);
  });

  test('Reject with the prefilled error name is caught by the flow, which then fails as it declares', async () => {
    const api = await flowStudio();
    const uri = workspaceFile('flows/expense-approval.flow.yaml');
    await vscode.window.showTextDocument(uri);
    const input = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('flows/expense-approval.input.json')));
    const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input });
    const token = await eventually(
      'a callback token in the history',
      async () => {
        const history = await api.localBackend.getExecutionHistory(started.flowName, started.executionName);
        return history
          .filter((e) => e.type === 'TaskScheduled')
          .map((e) => JSON.parse(e.eventDetail ?? '{}') as { taskToken?: string })
          .find((d) => d.taskToken)?.taskToken;
      },
      (t) => typeof t === 'string',
    );
    // Two input boxes: the error name (prefilled "Rejected", which the flow catches), then the cause.
    const rejecting = vscode.commands.executeCommand(COMMAND_IDS.rejectCallback, { token, stepName: 'ManagerApproval', backend: 'local' });
    for (let i = 0; i < 2; i++) await acceptQuickInput();
    await rejecting;
    const done = await executionEnd(api, started.flowName, started.executionName);
    assert.equal(done.status, 'Failed');
    assert.equal(done.error, 'ExpenseRejected');
    const history = await api.localBackend.getExecutionHistory(started.flowName, started.executionName);
    const failed = history.find((e) => e.type === 'TaskFailed');
    assert.equal((JSON.parse(failed?.eventDetail ?? '{}') as { error?: string }).error, 'Rejected');
  });
});

/// <reference types="mocha" />
/**
 * Cancel on Run Flow's progress notification stops the execution. The extension host cannot
 * click the notification, but the workbench's own command `notification.acceptPrimaryAction`
 * (Ctrl+Shift+A on a notification toast) runs the first button of the newest notification, which
 * for a cancellable progress is its Cancel, exactly as a click does.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { eventually, executionEnd, flowStudio, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

suite('run cancel', () => {
  test('Cancel on the Run Flow progress notification stops the waiting execution', async () => {
    const api = await flowStudio();
    // Only the run's progress is left showing, so it is the newest notification.
    await vscode.commands.executeCommand('notifications.clearAll');
    const uri = workspaceFile('flows/expense-approval.flow.yaml');
    await vscode.window.showTextDocument(uri);
    const input = JSON.stringify({ employee: 'Han Meimei', amount: 12, reason: `cancel ${Date.now()}` });
    const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input });
    assert.ok(started, 'runFlow returns the execution it started');
    await eventually(
      'the approval to wait',
      async () => (await api.localBackend.getExecutionHistory(started.flowName, started.executionName)).some((e) => e.type === 'TaskScheduled'),
      (b) => b,
    );
    // The notification appears once the progress has run a moment.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await api.localBackend.describeExecution(started.flowName, started.executionName)).status, 'Running', 'it waits until cancelled');

    await vscode.commands.executeCommand('notification.acceptPrimaryAction');
    const done = await executionEnd(api, started.flowName, started.executionName);
    assert.equal(done.status, 'Stopped');
    assert.equal(done.cause, 'Stopped from VS Code');
  });
});

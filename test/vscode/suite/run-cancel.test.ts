/// <reference types="mocha" />
/**
 * Run Flow's progress notification: Cancel on it stops the execution, and it does not stay on
 * screen for an execution that waits for a callback (the status bar and the Executions view say
 * that). The extension host cannot click the notification, but the workbench's own command
 * `notification.acceptPrimaryAction` (Ctrl+Shift+A on a notification toast) runs the first button
 * of the newest notification, which for a cancellable progress is its Cancel, exactly as a click
 * does.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { eventually, executionEnd, flowStudio, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

/** A flow that waits a minute on a wait step: running, not waiting for anyone. */
const SLOW_FLOW = 'flows/run-cancel-probe.flow.yaml';
const SLOW_FLOW_TEXT = 'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: AMinute\n    duration: 60\n';

suite('run cancel', () => {
  test('Cancel on the Run Flow progress notification stops the running execution', async () => {
    const api = await flowStudio();
    // Only the run's progress is left showing, so it is the newest notification.
    await vscode.commands.executeCommand('notifications.clearAll');
    const uri = workspaceFile(SLOW_FLOW);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(SLOW_FLOW_TEXT));
    await vscode.window.showTextDocument(uri);
    const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input: '{}' });
    assert.ok(started, 'runFlow returns the execution it started');
    // The notification appears once the progress has run a moment.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await api.localBackend.describeExecution(started.flowName, started.executionName)).status, 'Running', 'it runs until cancelled');

    await vscode.commands.executeCommand('notification.acceptPrimaryAction');
    const done = await executionEnd(api, started.flowName, started.executionName);
    assert.equal(done.status, 'Stopped');
    assert.equal(done.cause, 'Stopped from VS Code');
  });

  test('an execution waiting for a callback leaves no progress notification behind', async () => {
    const api = await flowStudio();
    await vscode.commands.executeCommand('notifications.clearAll');
    const uri = workspaceFile('flows/expense-approval.flow.yaml');
    await vscode.window.showTextDocument(uri);
    const input = JSON.stringify({ employee: 'Han Meimei', amount: 12, reason: `no progress ${Date.now()}` });
    const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input });
    await eventually(
      'the approval to wait',
      async () => (await api.localBackend.getExecutionHistory(started.flowName, started.executionName)).some((e) => e.type === 'TaskScheduled'),
      (b) => b,
    );
    await new Promise((r) => setTimeout(r, 1000));
    // Were the progress still showing, this would be its Cancel and stop the execution.
    await vscode.commands.executeCommand('notification.acceptPrimaryAction');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await api.localBackend.describeExecution(started.flowName, started.executionName)).status, 'Running', 'still waiting: nothing was cancelled');
    await api.localBackend.stopExecution(started.flowName, started.executionName, 'Stopped', 'test cleanup');
  });
});

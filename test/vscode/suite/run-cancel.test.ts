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

/**
 * A flow busy for a minute in a local function (the suites run at time scale 0, so a wait step
 * would end at once): running, not waiting for anyone. Its own folder declares the function.
 */
const SLOW_FLOW = 'run-cancel-probe/slow.flow.yaml';
const SLOW_FILES: Record<string, string> = {
  [SLOW_FLOW]: 'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: AMinute\n    resourceArn: acs:fc:::services/run-cancel-probe/functions/sleeper\n',
  'run-cancel-probe/s.yaml': [
    'edition: 1.0.0',
    'name: run-cancel-probe',
    'services:',
    '  sleeper:',
    '    component: fc',
    '    props:',
    '      region: cn-hangzhou',
    '      service:',
    '        name: run-cancel-probe',
    '      function:',
    '        name: sleeper',
    '        runtime: nodejs18',
    '        codeUri: ./sleeper',
    '        handler: index.handler',
    '        timeout: 120',
    '',
  ].join('\n'),
  'run-cancel-probe/sleeper/index.js': 'exports.handler = async () => new Promise((resolve) => setTimeout(() => resolve({ slept: true }), 60_000));\n',
};

suite('run cancel', () => {
  test('Cancel on the Run Flow progress notification stops the running execution', async () => {
    const api = await flowStudio();
    // Only the run's progress is left showing, so it is the newest notification.
    await vscode.commands.executeCommand('notifications.clearAll');
    for (const [file, text] of Object.entries(SLOW_FILES)) await vscode.workspace.fs.writeFile(workspaceFile(file), new TextEncoder().encode(text));
    const uri = workspaceFile(SLOW_FLOW);
    await vscode.window.showTextDocument(uri);
    const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input: '{}' });
    assert.ok(started, 'runFlow returns the execution it started');
    // The notification appears once the progress has run a moment.
    await eventually(
      'the function to be invoked',
      async () => (await api.localBackend.getExecutionHistory(started.flowName, started.executionName)).some((e) => e.type === 'TaskStarted' || e.type === 'TaskScheduled'),
      (b) => b,
    );
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

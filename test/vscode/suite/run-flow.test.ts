/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { acceptQuickInput, eventually, executionEnd, flowStudio, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

/**
 * A 60 s function (its mock's delayMs) against a 30 s timeoutSeconds, in a folder of its own with the
 * mocks file beside the flow: it times out and the catch runs at every time scale.
 */
const TIMEOUT_FLOW = 'run-time-probe/slow-timeout.flow.yaml';
const TIMEOUT_FILES: Record<string, string> = {
  [TIMEOUT_FLOW]: [
    'version: v1',
    'type: flow',
    'steps:',
    '  - type: task',
    '    name: slow',
    '    resourceArn: acs:fc:::services/s/functions/slow',
    '    timeoutSeconds: 30',
    '    errorMappings:',
    '      - target: failedWith',
    '        source: $local.error',
    '    catch:',
    '      - errors: [FnF.TaskTimeout]',
    '        goto: recover',
    '  - type: pass',
    '    name: skipped',
    '  - type: pass',
    '    name: recover',
    '    outputMappings:',
    '      - target: recovered',
    '        source: true',
    '',
  ].join('\n'),
  'run-time-probe/slow-timeout.mocks.yaml': 'tasks:\n  slow:\n    - output: {late: true}\n      delayMs: 60000\n',
};

suite('run flow', () => {
  test('at flowStudio.run.timeScale 0 a 60 s mock against a 30 s task timeout times out at once and the catch runs', async () => {
    const api = await flowStudio();
    for (const [file, text] of Object.entries(TIMEOUT_FILES)) await vscode.workspace.fs.writeFile(workspaceFile(file), new TextEncoder().encode(text));
    const uri = workspaceFile(TIMEOUT_FLOW);
    await vscode.window.showTextDocument(uri);
    // Real time from the task's invocation to the execution's end, as the events arrive (the suites run at scale 0).
    const seen = new Map<string, number>();
    const unsubscribe = api.localBackend.onEvent((flowName, _execution, e) => {
      if (flowName === 'slow-timeout' && !seen.has(e.type)) seen.set(e.type, performance.now());
    });
    try {
      const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input: '{}' });
      assert.ok(started, 'runFlow returns the execution it started');
      const done = await executionEnd(api, started.flowName, started.executionName);
      assert.equal(done.status, 'Succeeded', `${done.error}: ${done.cause}`);
      assert.deepEqual(JSON.parse(done.output ?? '{}'), { failedWith: 'FnF.TaskTimeout', recovered: true });
      const history = await api.localBackend.getExecutionHistory(started.flowName, started.executionName);
      assert.ok(!history.some((e) => e.stepName === 'skipped'), 'the catch skips the step after the task');
      // The timeout is 30 s of flow time after the task started (the history's times are flow times)…
      const time = (type: string) => Date.parse(history.find((e) => e.type === type && e.stepName === 'slow')!.time);
      const flowMs = time('TaskTimedOut') - time('TaskScheduled');
      assert.ok(flowMs >= 30_000 && flowMs < 35_000, `timed out after ${flowMs} ms of flow time`);
      // …and far less of real time: the mock's delay was skipped, not waited for (held, it would take 30 s).
      const realMs = seen.get('ExecutionSucceeded')! - seen.get('TaskScheduled')!;
      assert.ok(realMs < 10_000, `timed out after ${realMs.toFixed(0)} ms of real time`);
    } finally {
      unsubscribe();
    }
  });

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

/// <reference types="mocha" />
/**
 * Approve on a waiting callback with the output typed as JSON ("Enter JSON output…", the second
 * choice of its quick pick): a JSON object is sent with ReportTaskSucceeded and becomes the task's
 * output; text that is not a JSON object is refused in the box with a message, and nothing is sent.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import type { FlowStudioApi } from '../../../client/extension';
import { acceptQuickInput, eventually, executionEnd, flowStudio, typeIntoInputBoxes, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

/** Runs expense-approval until ManagerApproval waits; returns the execution and the callback's token. */
async function waitingApproval(api: FlowStudioApi): Promise<Started & { token: string }> {
  const uri = workspaceFile('flows/expense-approval.flow.yaml');
  await vscode.window.showTextDocument(uri);
  const input = JSON.stringify({ employee: 'Han Meimei', amount: 120, reason: `typed approval ${Date.now()}` });
  const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input });
  const token = await eventually(
    'ManagerApproval to wait for a callback',
    () => api.executionsView.pendingCallbacks().find((c) => c.executionName === started.executionName)?.token,
    (t) => typeof t === 'string',
  );
  return { ...started, token: token! };
}

/** Approve from the palette's arguments as the hover link passes them; "Enter JSON output…" picked with ↓ Enter; `typed` typed into the box. */
async function approveTyping(target: Started & { token: string }, typed: string) {
  const boxes = typeIntoInputBoxes([typed]);
  try {
    const approving = vscode.commands.executeCommand(COMMAND_IDS.approveCallback, { token: target.token, stepName: 'ManagerApproval', backend: 'local' });
    await acceptQuickInput(1);
    await approving;
    return boxes.asked;
  } finally {
    boxes.restore();
  }
}

suite('approve with typed output', () => {
  test('a typed JSON object is sent as the task output and the execution succeeds', async () => {
    const api = await flowStudio();
    const waiting = await waitingApproval(api);
    const output = { approved: true, approver: 'Wang Fang', note: 'within budget' };
    const asked = await approveTyping(waiting, JSON.stringify(output));
    assert.equal(asked.length, 1, 'one input box asks for the output');
    assert.equal(asked[0].refusal, undefined);

    const done = await executionEnd(api, waiting.flowName, waiting.executionName);
    assert.equal(done.status, 'Succeeded', `${done.error}: ${done.cause}`);
    const history = await api.localBackend.getExecutionHistory(waiting.flowName, waiting.executionName);
    const reported = history.find((e) => e.type === 'TaskSucceeded' && e.stepName === 'ManagerApproval');
    assert.ok(reported, 'ManagerApproval has a TaskSucceeded event');
    assert.deepEqual((JSON.parse(reported.eventDetail ?? '{}') as { output?: unknown }).output, output);
  });

  test('typed text that is not a JSON object is refused with a message and nothing is sent', async () => {
    const api = await flowStudio();
    const waiting = await waitingApproval(api);
    try {
      const broken = await approveTyping(waiting, '{"approved": tru');
      assert.match(broken[0]?.refusal ?? '', /Not valid JSON/);
      const array = await approveTyping(waiting, '[1, 2]');
      assert.match(array[0]?.refusal ?? '', /Must be a JSON object/);

      // Give a wrongly sent report time to arrive: the task still waits.
      await new Promise((r) => setTimeout(r, 500));
      assert.equal((await api.localBackend.describeExecution(waiting.flowName, waiting.executionName)).status, 'Running');
      const history = await api.localBackend.getExecutionHistory(waiting.flowName, waiting.executionName);
      assert.deepEqual(
        history.filter((e) => /^Task(Succeeded|Failed)$/.test(e.type)).map((e) => e.type),
        [],
      );
      assert.ok(
        api.executionsView.pendingCallbacks().some((c) => c.token === waiting.token),
        'still under Waiting for callback',
      );
    } finally {
      await api.localBackend.stopExecution(waiting.flowName, waiting.executionName);
    }
  });
});

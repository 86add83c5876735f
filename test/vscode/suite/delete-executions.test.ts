/// <reference types="mocha" />
/**
 * Deleting local executions through the commands the Executions view's menus run: the row's
 * node as argument (what the context menu passes), the tree refreshed without it, the engine's
 * store without it; a running execution is kept. The modal question of "Delete Finished
 * Executions…" cannot be clicked from here, so that test passes `{ confirm: false }`.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import type { FlowStudioApi } from '../../../client/extension';
import type { ExecutionNode } from '../../../client/model/execution-tree';
import { eventually, executionEnd, flowStudio, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

async function runFlow(flow: string, input: string): Promise<Started> {
  const uri = workspaceFile(`flows/${flow}.flow.yaml`);
  await vscode.window.showTextDocument(uri);
  const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input });
  assert.ok(started, 'runFlow returns the execution it started');
  return started;
}

async function runToEnd(api: FlowStudioApi): Promise<Started> {
  const input = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('flows/batch-thumbnails.input.json')));
  const started = await runFlow('batch-thumbnails', input);
  const done = await executionEnd(api, started.flowName, started.executionName);
  assert.equal(done.status, 'Succeeded', `${done.error}: ${done.cause}`);
  return started;
}

async function shownExecutions(api: FlowStudioApi): Promise<ExecutionNode[]> {
  return (await api.executionsView.getChildren()).filter((n): n is ExecutionNode => n.kind === 'execution');
}

async function shown(api: FlowStudioApi, e: Started): Promise<ExecutionNode | undefined> {
  return (await shownExecutions(api)).find((n) => n.flowName === e.flowName && n.executionName === e.executionName);
}

async function stored(api: FlowStudioApi, e: Started): Promise<boolean> {
  return (await api.localBackend.listExecutions(e.flowName)).some((s) => s.name === e.executionName);
}

suite('delete executions', () => {
  test('Delete Execution on a finished row removes it from the tree and the store', async () => {
    const api = await flowStudio();
    const started = await runToEnd(api);
    const row = await eventually(
      'the row in the tree',
      () => shown(api, started),
      (n) => n?.status === 'Succeeded',
    );

    const deleted = await vscode.commands.executeCommand<boolean>(COMMAND_IDS.deleteExecution, row);
    assert.equal(deleted, true);
    await eventually(
      'the row to go',
      () => shown(api, started),
      (n) => n === undefined,
    );
    assert.equal(await stored(api, started), false);
    await assert.rejects(api.localBackend.describeExecution(started.flowName, started.executionName), (e: { code?: string }) => e.code === 'ExecutionNotExists');
  });

  test('a running execution is not deleted; Delete Finished Executions… deletes the finished ones only', async () => {
    const api = await flowStudio();
    const finished = await runToEnd(api);
    const input = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('flows/expense-approval.input.json')));
    const waiting = await runFlow('expense-approval', input);
    await eventually(
      'the approval to wait',
      async () => (await api.localBackend.getExecutionHistory(waiting.flowName, waiting.executionName)).some((e) => e.type === 'TaskScheduled'),
      (b) => b,
    );

    // Asked for anyway (the menu never offers it on a running row): the engine refuses, nothing changes.
    assert.equal(await vscode.commands.executeCommand<boolean>(COMMAND_IDS.deleteExecution, { ...waiting, backend: 'local' }), false);
    assert.equal(await stored(api, waiting), true);

    const count = await vscode.commands.executeCommand<number>(COMMAND_IDS.deleteFinishedExecutions, { confirm: false });
    assert.ok(count >= 1, `deleted ${count}`);
    assert.equal(await stored(api, finished), false);
    const left = await api.localBackend.listExecutions();
    assert.deepEqual(
      left.filter((e) => e.status !== 'Running' && e.status !== 'Starting'),
      [],
      'no finished execution is left',
    );
    assert.equal((await api.localBackend.describeExecution(waiting.flowName, waiting.executionName)).status, 'Running');
    await eventually(
      'the tree to show only what runs',
      () => shownExecutions(api),
      (rows) => rows.every((r) => r.status === 'Running' || r.status === 'Starting') && rows.some((r) => r.executionName === waiting.executionName),
    );

    await api.localBackend.stopExecution(waiting.flowName, waiting.executionName);
  });
});

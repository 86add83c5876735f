/// <reference types="mocha" />
/**
 * Stop, re-run with the same input, the CodeLens above `steps:` and the flow graph panel, through
 * the commands and providers the extension registers, in the extension host.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../client/command-ids';
import { eventually, flowStudio, workspaceFile } from './helpers';

interface Started {
  flowName: string;
  executionName: string;
}

async function startWaitingApproval(): Promise<Started & { input: string }> {
  const api = await flowStudio();
  const uri = workspaceFile('flows/expense-approval.flow.yaml');
  await vscode.window.showTextDocument(uri);
  const input = JSON.stringify({ employee: 'Han Meimei', amount: 77, reason: `books ${Date.now()}` });
  const started = await vscode.commands.executeCommand<Started>(COMMAND_IDS.runFlow, uri, { input });
  assert.ok(started, 'runFlow returns the execution it started');
  await eventually(
    'the approval to wait',
    async () => (await api.localBackend.getExecutionHistory(started.flowName, started.executionName)).some((e) => e.type === 'TaskScheduled'),
    (b) => b,
  );
  return { ...started, input };
}

suite('executions', () => {
  test('Stop Execution ends a waiting execution as Stopped', async () => {
    const api = await flowStudio();
    const started = await startWaitingApproval();
    await vscode.commands.executeCommand(COMMAND_IDS.stopExecution, { ...started, backend: 'local' });
    const done = await eventually(
      'the execution to stop',
      () => api.localBackend.describeExecution(started.flowName, started.executionName),
      (s) => s.status !== 'Running',
    );
    assert.equal(done.status, 'Stopped');
  });

  test('Re-run with Same Input starts a new execution of the same flow with that input', async () => {
    const api = await flowStudio();
    const first = await startWaitingApproval();
    await vscode.commands.executeCommand(COMMAND_IDS.stopExecution, { ...first, backend: 'local' });
    await vscode.commands.executeCommand(COMMAND_IDS.rerunExecution, { ...first, backend: 'local' });
    const again = await eventually(
      'a second execution with the same input',
      async () => {
        const all = await api.localBackend.listExecutions(first.flowName);
        return all.find((e) => e.name !== first.executionName && e.input !== undefined && JSON.stringify(JSON.parse(e.input)) === JSON.stringify(JSON.parse(first.input)));
      },
      (e) => e !== undefined,
    );
    await api.localBackend.stopExecution(first.flowName, again!.name);
  });

  test('Refresh redraws the Executions view once, with the Waiting for callback group never gone', async () => {
    const api = await flowStudio();
    const started = await startWaitingApproval();
    const view = api.executionsView;
    const roots = async () => (await view.getChildren()).map((n) => n.kind);
    await eventually('the Waiting for callback group', roots, (k) => k[0] === 'callbacks');
    // What the tree shows each time the whole of it is redrawn during and right after the refresh.
    const seen: Promise<string[]>[] = [];
    const listening = view.onDidChangeTreeData((e) => {
      if (e === undefined) seen.push(roots());
    });
    try {
      await view.refresh();
      await new Promise((r) => setTimeout(r, 400));
    } finally {
      listening.dispose();
    }
    const redraws = await Promise.all(seen);
    assert.equal(redraws.length, 1, `whole-tree redraws: ${JSON.stringify(redraws)}`);
    assert.equal(redraws[0][0], 'callbacks');
    await vscode.commands.executeCommand(COMMAND_IDS.stopExecution, { ...started, backend: 'local' });
  });

  test('the CodeLens above steps: offers Run Flow on the file', async () => {
    const uri = workspaceFile('flows/order-approval.flow.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const lenses = await eventually(
      'the Run Flow lens',
      async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [],
      (l) => l.some((x) => x.command?.command === COMMAND_IDS.runFlow),
    );
    const run = lenses.find((x) => x.command?.command === COMMAND_IDS.runFlow)!;
    assert.match(document.lineAt(run.range.start.line).text, /^steps:/);
    assert.match(run.command!.title, /Run Flow/);
  });

  test('Show Flow Graph opens a graph panel beside the flow', async () => {
    const uri = workspaceFile('flows/order-approval.flow.yaml');
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('flowStudio.showFlowGraph', uri);
    const tab = await eventually(
      'the graph tab',
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview),
      (t) => t !== undefined,
    );
    assert.ok(/order-approval|Flow graph/.test(tab!.label), tab!.label);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
